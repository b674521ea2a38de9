"""The real dataset in data/: it validates, it is complete enough, and it hangs together."""

import json
import re
import pytest
from conftest import DATA

from wdl.data import load_package, orphan_sources


@pytest.fixture(scope="module")
def tables():
    return load_package(DATA)


def test_validates_with_standard_frictionless_tooling():
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(DATA / "datapackage.json")).validate()
    errors = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors]
    assert report.valid, "\n".join(errors[:20])


def test_every_table_is_described_and_documented():
    descriptor = json.loads((DATA / "datapackage.json").read_text())
    dictionary = (DATA / "README.md").read_text()
    for resource in descriptor["resources"]:
        assert (DATA / resource["path"]).is_file()
        assert f"`{resource['path']}`" in dictionary, f"{resource['path']} has no section in data/README.md"
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in dictionary, f"{resource['name']}.{field['name']} is not documented"


@pytest.mark.parametrize(
    "table, minimum",
    [("events", 80), ("claims", 20), ("restrictions", 25), ("cfius_cases", 6)],
)
def test_tables_hold_the_promised_number_of_rows(tables, table, minimum):
    assert len(tables[table]) >= minimum


def test_timeline_runs_from_2016_to_the_2024_law_and_beyond(tables):
    events = tables["events"]
    assert events["date"].min().year == 2016
    assert events["date"].max().year >= 2025
    assert set(events["category"].cat.categories) == set(events["category"].unique())


def book_citations() -> set[str]:
    """Every source id cited with {cite:p}`...` in the book's pages and notebooks."""
    keys = set()
    book = DATA.parent / "book"
    for path in [*book.glob("*.md"), *book.glob("*.ipynb")]:
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", path.read_text(encoding="utf-8")):
            keys.update(k.strip() for k in group.split(","))
    return keys


def test_no_source_is_orphaned(tables):
    """Each source is cited by a data row or by a page of the book."""
    assert orphan_sources(tables, also_cited=book_citations()) == []


def test_every_citation_in_the_book_is_a_source(tables):
    assert book_citations() - set(tables["sources"]["source_id"]) == set()


def test_no_two_sources_share_a_url(tables):
    urls = tables["sources"]["url"]
    assert not urls.duplicated().any(), list(urls[urls.duplicated()])


def test_restrictions_cover_company_government_and_country_scopes(tables):
    scopes = set(tables["restrictions"]["scope"])
    assert {"company-devices", "government-devices", "nationwide-app-ban"} <= scopes


def test_claims_record_locations_and_evidence(tables):
    claims = tables["claims"]
    assert claims["storage_locations"].map(len).gt(0).sum() >= 10
    assert (claims["evidence_relation"] != "none").sum() >= 10
