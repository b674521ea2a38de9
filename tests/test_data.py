"""The real dataset in data/: it validates, it is complete enough, and it hangs together.

These tests assert invariants (rules any future row must keep), not today's counts.
"""

from pathlib import Path
import datetime as dt
import json
import re

import pytest
from conftest import DATA, ROOT

from wdl.data import citations, load_package, orphan_sources, weak_support

BOOK = ROOT / "book"


@pytest.fixture(scope="module")
def tables():
    return load_package(DATA)


def test_validates_with_standard_frictionless_tooling():
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(DATA / "datapackage.json")).validate()
    errors = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors]
    assert report.valid, "\n".join(errors[:20])


@pytest.mark.parametrize(
    "table, minimum",
    [("events", 80), ("claims", 20), ("restrictions", 25), ("cfius_cases", 6)],
)
def test_tables_hold_the_promised_number_of_rows(tables, table, minimum):
    assert len(tables[table]) >= minimum


def test_the_timeline_records_what_has_happened(tables):
    """No event, claim or restriction is dated after today (the tables record what happened)."""
    today = dt.date.today()
    for name in ["events", "claims", "restrictions"]:
        frame = tables[name]
        late = frame[frame["date"].dt.date > today]
        ids = late[frame.columns[1]]  # the row's id, after the line number
        assert late.empty, f"{name} dated after today ({today}): " + ", ".join(
            f"line {line} {row_id} ({date.date()})" for line, row_id, date in zip(late["line"], ids, late["date"])
        )


def test_the_timeline_reaches_the_2024_act_and_beyond(tables):
    events = tables["events"]
    assert events["date"].max().year >= 2025


def test_every_event_category_is_used(tables):
    events = tables["events"]
    unused = set(events["category"].cat.categories) - set(events["category"].unique())
    assert not unused, f"categories declared in datapackage.json but used by no event: {sorted(unused)}"


def test_every_jurisdiction_code_is_used(tables):
    """jurisdictions.csv names every code the tables use (the loader checks that) and no other."""
    used = set(tables["events"]["jurisdiction"]) | set(tables["restrictions"]["jurisdiction"])
    used |= set(tables["cfius_cases"]["acquirer_country"]) | set(tables["cfius_cases"]["target_country"])
    unused = set(tables["jurisdictions"]["code"]) - used
    assert not unused, f"jurisdictions.csv lists codes no table uses: {sorted(unused)}"


def book_pages() -> list:
    return sorted([*BOOK.glob("*.md"), *BOOK.glob("*.ipynb")])


def book_citations() -> set[str]:
    """Every source id cited with {cite:p}`...` (or {cite:t}, {cite}) in the book's pages and notebooks."""
    return {key for group in citations(book_pages()) for key in group.keys}


def _groups(tables):
    """Every group of source ids the rule judges: data cells and prose citation groups."""
    groups = []
    for name, frame in tables.items():
        if name == "sources":
            continue
        for column in [c for c in frame.columns if str(c).endswith("source_ids")]:
            groups += [("data", ids) for ids in frame[column] if isinstance(ids, list) and ids]
    groups += [(Path(c.page).stem, c.keys) for c in citations(book_pages())]
    return groups


def test_no_fact_rests_on_weak_sources_and_weak_ones_appear_only_where_studied(tables):
    """No row and no citation group rests on weak sources alone, and no weak source is cited
    except in book/reading-sources.md (see wdl.data.weak_support and data/README.md)."""
    problems = [str(p) for p in weak_support(tables, book_pages(), copies_of_reputable=True)]
    assert not problems, f"{len(problems)} citation problem(s):\n" + "\n".join(problems[:60])


def test_the_strict_rule_holds_for_at_least_95_percent_of_facts(tables):
    """The full rule (a primary or reputable source, or a copy of a primary document) holds for at
    least 95% of the data cells and at least 95% of the prose citation groups; the others rest on
    copies of reputable reporting whose original could not be found, listed in the message."""
    from wdl.data import source_strength, supports_a_fact

    strength = source_strength(tables["sources"])
    failing = {"data": [], "prose": []}
    totals = {"data": 0, "prose": 0}
    for where, ids in _groups(tables):
        if where == "reading-sources":
            continue  # that chapter studies its sources
        kind = "data" if where == "data" else "prose"
        totals[kind] += 1
        if not any(supports_a_fact(*strength.get(i, (None, None))) for i in ids):
            failing[kind].append(f"{where}: {', '.join(ids)}")
    for kind in totals:
        share = 1 - len(failing[kind]) / totals[kind]
        assert share >= 0.95, (f"{kind}: the rule holds for {share:.1%} of {totals[kind]} groups; "
                               "resting only on copies of reputable reporting:\n" + "\n".join(failing[kind]))


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


def dictionary_sections() -> dict[str, str]:
    """data/README.md split at its `## `file.csv`` headings: {file name: section text}."""
    text = (DATA / "README.md").read_text(encoding="utf-8")
    parts = re.split(r"^## `([^`]+\.csv)`.*$", text, flags=re.M)
    sections = dict(zip(parts[1::2], parts[2::2]))
    return {name: re.split(r"^## ", body, flags=re.M)[0] for name, body in sections.items()}


def column_table(section: str) -> list[tuple[str, str, str, str]]:
    """The rows of a section's column table: (column, type, required, meaning)."""
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"`[a-z_]+`", cells[0]):
            rows.append((cells[0].strip("`"), *cells[1:]))
    return rows


def documented_type(field: dict) -> str:
    if "x-partialDate" in field:
        return "date"
    if field.get("constraints", {}).get("enum"):
        return "enum"
    return {"list": "list", "integer": "integer"}.get(field["type"], "string")


def documented_required(field: dict, fields: list[dict]) -> str | None:
    """'yes', 'no', or None for a column required under a condition (the dictionary says when, in
    words): one with x-requiredWhen, or the precision column of an optional date."""
    if field.get("constraints", {}).get("required"):
        return "yes"
    precision_of_optional_date = any(
        f.get("x-partialDate", {}).get("precisionField") == field["name"] for f in fields
    )
    if "x-requiredWhen" in field or precision_of_optional_date:
        return None
    return "no"


DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text())


@pytest.mark.parametrize("resource", DESCRIPTOR["resources"], ids=lambda r: r["name"])
def test_data_dictionary_agrees_with_datapackage(resource):
    """data/README.md has a section per table whose column table lists the descriptor's columns,
    in order, with their type, whether they are required, and every allowed value."""
    sections = dictionary_sections()
    assert resource["path"] in sections, f"{resource['path']} has no section in data/README.md"
    section = sections[resource["path"]]
    documented = column_table(section)
    fields = resource["schema"]["fields"]
    assert [row[0] for row in documented] == [f["name"] for f in fields], (
        f"{resource['path']}: the columns in data/README.md differ from datapackage.json"
    )
    for (name, kind, required, meaning), field in zip(documented, fields):
        where = f"data/README.md, {resource['path']}, column {name}"
        assert kind == documented_type(field), f"{where}: type '{kind}', datapackage.json says '{documented_type(field)}'"
        expected = documented_required(field, fields)
        if expected is None:
            assert required not in ("yes", "no"), f"{where}: required only under a condition; say which"
        else:
            assert required == expected, f"{where}: required '{required}', datapackage.json says '{expected}'"
        missing = [v for v in field.get("constraints", {}).get("enum", []) if f"`{v}`" not in section]
        assert not missing, f"{where}: allowed values not described: {missing}"
