"""How strong the sources are: the reliability columns and the rule that no fact rests on weak sources.

Small fixture data, not the real data set: each test plants one fault in a valid copy of the
package (conftest.minimal_package) or in a page written for the test, and checks what is reported.
The same rule on the real data and the book's pages is in tests/test_data.py.
"""

import copy
import json

import pytest

from conftest import MINIMAL, write_table
from wdl.data import DataValidationError, citations, load_package, supports_a_fact, weak_support

NO_ORIGINAL = {"original_publisher": "", "original_reliability": "", "original_url": ""}


def source(source_id, reliability, **original):
    row = dict(MINIMAL["sources.csv"][0], source_id=source_id, url=f"https://example.org/{source_id}",
               reliability=reliability, **NO_ORIGINAL)
    row.update(original)
    return row


# Besides the fixture's src-a (primary) and src-b (reputable): one weak source, a copy of a primary
# document and a copy of a reputable one.
EXTRA_SOURCES = [
    source("src-weak", "weak"),
    source("src-copy-primary", "copy", original_publisher="Example Agency",
           original_reliability="primary", original_url="https://example.gov/a"),
    source("src-copy-reputable", "copy", original_publisher="Example News", original_reliability="reputable"),
]


@pytest.fixture
def package(minimal_package):
    """The minimal package with the extra sources above."""
    write_table(minimal_package, "sources.csv", copy.deepcopy(MINIMAL["sources.csv"]) + EXTRA_SOURCES)
    return minimal_package


def cite(package, table, row, **changes):
    rows = copy.deepcopy(MINIMAL[table])
    rows[row].update(changes)
    write_table(package, table, rows)
    return load_package(package)


def messages(problems):
    return [str(p) for p in problems]


def loader_problems(folder):
    with pytest.raises(DataValidationError) as info:
        load_package(folder)
    return messages(info.value.problems)


# --- the columns, validated on load ------------------------------------------------------------


def test_a_source_without_reliability_is_refused(minimal_package):
    rows = copy.deepcopy(MINIMAL["sources.csv"])
    rows[0]["reliability"] = ""
    write_table(minimal_package, "sources.csv", rows)
    assert loader_problems(minimal_package) == [
        "data/sources.csv, line 2, column 'reliability': a value is required but the cell is empty"
    ]


def test_an_unknown_reliability_is_refused(minimal_package):
    rows = copy.deepcopy(MINIMAL["sources.csv"])
    rows[1]["reliability"] = "good"
    write_table(minimal_package, "sources.csv", rows)
    assert loader_problems(minimal_package) == [
        "data/sources.csv, line 3, column 'reliability': 'good' is not one of: primary, reputable, copy, weak"
    ]


def test_a_copy_must_name_its_original(minimal_package):
    rows = copy.deepcopy(MINIMAL["sources.csv"])
    rows[1]["reliability"] = "copy"
    write_table(minimal_package, "sources.csv", rows)
    assert loader_problems(minimal_package) == [
        "data/sources.csv, line 3, column 'original_publisher': a value is required when reliability is 'copy'",
        "data/sources.csv, line 3, column 'original_reliability': a value is required when reliability is 'copy'",
    ]


def test_a_copy_of_a_weak_original_is_refused(minimal_package):
    rows = copy.deepcopy(MINIMAL["sources.csv"])
    rows[1].update(reliability="copy", original_publisher="Somebody", original_reliability="weak")
    write_table(minimal_package, "sources.csv", rows)
    assert loader_problems(minimal_package) == [
        "data/sources.csv, line 3, column 'original_reliability': 'weak' is not one of: primary, reputable"
    ]


def test_only_a_copy_names_an_original(minimal_package):
    rows = copy.deepcopy(MINIMAL["sources.csv"])
    rows[0].update(original_publisher="Example Agency", original_url="https://example.gov/a")
    write_table(minimal_package, "sources.csv", rows)
    assert loader_problems(minimal_package) == [
        "data/sources.csv, line 2, column 'original_publisher': must be empty unless reliability is 'copy' "
        "(it is 'primary')",
        "data/sources.csv, line 2, column 'original_url': must be empty unless reliability is 'copy' "
        "(it is 'primary')",
    ]


def test_the_original_url_of_a_copy_is_optional(package):
    sources = load_package(package)["sources"].set_index("source_id")
    assert sources.loc["src-copy-reputable", "original_reliability"] == "reputable"
    assert sources.isna().loc["src-copy-reputable", "original_url"]


def test_what_can_carry_a_fact():
    assert supports_a_fact("primary") and supports_a_fact("reputable")
    assert supports_a_fact("copy", "primary")
    assert not supports_a_fact("copy", "reputable")
    assert not supports_a_fact("weak") and not supports_a_fact(None)


# --- the rule on data rows -------------------------------------------------------------------


def test_the_fixture_rests_on_strong_sources(package):
    assert weak_support(load_package(package)) == []


def test_a_row_resting_only_on_a_weak_source(package):
    tables = cite(package, "events.csv", 1, source_ids="src-weak")
    assert messages(weak_support(tables)) == [
        "data/events.csv, line 3, column 'source_ids': events row 'ev-2022-06-report' cites weak source "
        "src-weak; weak sources may be cited only in book/reading-sources.md",
        "data/events.csv, line 3, column 'source_ids': events row 'ev-2022-06-report' rests on no primary "
        "or reputable source, nor on a copy of a primary document: src-weak (weak)",
    ]


def test_a_weak_source_beside_a_strong_one_is_still_refused_in_data(package):
    tables = cite(package, "restrictions.csv", 0, source_ids="src-a;src-weak")
    assert messages(weak_support(tables)) == [
        "data/restrictions.csv, line 2, column 'source_ids': restrictions row 'rs-2020-x' cites weak source "
        "src-weak; weak sources may be cited only in book/reading-sources.md",
    ]


def test_a_copy_of_a_primary_document_carries_a_fact(package):
    tables = cite(package, "cfius_cases.csv", 0, source_ids="src-copy-primary")
    assert weak_support(tables) == []


def test_a_copy_of_a_reputable_report_alone_does_not(package):
    tables = cite(package, "quizzes.csv", 1, source_ids="src-copy-reputable")
    assert messages(weak_support(tables)) == [
        "data/quizzes.csv, line 3, column 'source_ids': quizzes row 'q-two' rests on no primary or "
        "reputable source, nor on a copy of a primary document: src-copy-reputable (copy of a reputable original)",
    ]


def test_the_floor_lets_a_copy_of_reputable_reporting_carry_a_fact_but_not_a_weak_source(package):
    tables = cite(package, "quizzes.csv", 1, source_ids="src-copy-reputable")
    assert weak_support(tables, copies_of_reputable=True) == []
    tables = cite(package, "quizzes.csv", 1, source_ids="src-weak")
    assert messages(weak_support(tables, copies_of_reputable=True))[-1] == (
        "data/quizzes.csv, line 3, column 'source_ids': quizzes row 'q-two' rests on no primary or "
        "reputable source, nor on a copy of one: src-weak (weak)"
    )


def test_a_claims_later_evidence_is_checked_too(package):
    tables = cite(package, "claims.csv", 0, evidence_source_ids="src-copy-reputable;src-weak")
    assert messages(weak_support(tables)) == [
        "data/claims.csv, line 2, column 'evidence_source_ids': claims row 'cl-2020-us' (evidence_source_ids) "
        "cites weak source src-weak; weak sources may be cited only in book/reading-sources.md",
        "data/claims.csv, line 2, column 'evidence_source_ids': claims row 'cl-2020-us' (evidence_source_ids) "
        "rests on no primary or reputable source, nor on a copy of a primary document: "
        "src-copy-reputable (copy of a reputable original), src-weak (weak)",
    ]


def test_a_clock_stage_is_named_by_its_regime_and_step(package):
    tables = cite(package, "cfius_clock.csv", 1, source_ids="src-copy-reputable")
    assert messages(weak_support(tables)) == [
        "data/cfius_clock.csv, line 3, column 'source_ids': cfius_clock row 'firrma, 2' rests on no primary "
        "or reputable source, nor on a copy of a primary document: src-copy-reputable (copy of a reputable original)",
    ]


# --- the rule on the prose -------------------------------------------------------------------


@pytest.fixture
def book(tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    return folder


def notebook(path, *cells):
    path.write_text(json.dumps({"cells": [
        {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True),
         **({"outputs": [], "execution_count": None} if kind == "code" else {})}
        for kind, text in cells
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_citation_groups_are_found_with_their_line_and_cell(book):
    page = book / "chapter.md"
    page.write_text("# A chapter\n\nSaid so {cite:p}`src-a, src-b`.\nAnd {cite:t}`src-a` and {cite}`src-b`.\n")
    nb = notebook(book / "lesson.ipynb", ("markdown", "# Lesson"), ("code", "x = '{cite:p}`src-weak`'"),
                  ("markdown", "Text.\n\nAs reported {cite:p}`src-b`."))
    found = [(c.where, c.line, c.keys) for c in citations([page, nb])]
    assert found == [
        ("book/chapter.md", 3, ("src-a", "src-b")),
        ("book/chapter.md", 4, ("src-a",)),
        ("book/chapter.md", 4, ("src-b",)),
        ("book/lesson.ipynb, cell 3", 3, ("src-b",)),
    ]


def test_a_weak_citation_outside_the_source_reading_chapter(package, book):
    page = book / "chapter.md"
    page.write_text("# A chapter\n\nA fact {cite:p}`src-a`.\n\nAnother {cite:p}`src-weak,src-b`.\n")
    problems = weak_support(load_package(package), [page])
    assert messages(problems) == [
        "book/chapter.md, line 5: citation group {cite}`src-weak,src-b` cites weak source src-weak; "
        "weak sources may be cited only in book/reading-sources.md",
    ]


def test_a_citation_group_resting_only_on_weak_and_copied_sources(package, book):
    nb = notebook(book / "lesson.ipynb", ("markdown", "# Lesson\n\nA fact {cite:p}`src-copy-reputable,src-weak`."))
    assert messages(weak_support(load_package(package), [nb])) == [
        "book/lesson.ipynb, cell 1, line 3: citation group {cite}`src-copy-reputable,src-weak` cites weak "
        "source src-weak; weak sources may be cited only in book/reading-sources.md",
        "book/lesson.ipynb, cell 1, line 3: citation group {cite}`src-copy-reputable,src-weak` rests on no "
        "primary or reputable source, nor on a copy of a primary document: "
        "src-copy-reputable (copy of a reputable original), src-weak (weak)",
    ]


def test_the_source_reading_chapter_may_cite_a_weak_source(package, book):
    page = book / "reading-sources.md"
    page.write_text("The aggregator says {cite:p}`src-weak`; the order itself {cite:p}`src-a`.\n"
                    "A copy alone still needs its original {cite:p}`src-copy-reputable`.\n")
    assert messages(weak_support(load_package(package), [page])) == [
        "book/reading-sources.md, line 2: citation group {cite}`src-copy-reputable` rests on no primary or "
        "reputable source, nor on a copy of a primary document: src-copy-reputable (copy of a reputable original)",
    ]
