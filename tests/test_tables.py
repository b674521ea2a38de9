"""wdl.tables: the one helper through which every notebook shows a table to readers."""

import re

import pandas as pd
import pytest

from wdl import tables


@pytest.fixture
def frame():
    return pd.DataFrame({
        "date": pd.to_datetime(["2020-07-13", "2020-08-01", "2021-01-01"]),
        "date_precision": ["day", "month", "year"],
        "actors": [["TikTok", "Oracle"], ["ByteDance"], []],
        "note": ["A & B <b>", None, pd.NA],
        "count": [1.0, 2.0, 30.0],
    }, index=[7, 8, 9])


def test_headers_are_human_and_the_index_is_not_shown(frame):
    table = tables.table(frame, ["date", "actors", "date_precision"])
    assert table.header == ["Date", "Actors", "Date precision"]
    assert "<th" in table._repr_html_() and ">7<" not in table._repr_html_()


def test_cells_are_text_for_reading(frame):
    table = tables.table(frame, {"date": "When", "actors": "Who", "note": "Note", "count": "N"})
    assert table.rows[0] == ["13 July 2020", "TikTok; Oracle", "A & B <b>", "1"]
    assert table.rows[1] == ["August 2020", "ByteDance", "", "2"]  # no <NA>, no None, no 2.0
    assert table.rows[2][:3] == ["2021", "", ""]
    html = table._repr_html_()
    assert "A &amp; B &lt;b&gt;" in html and "<NA>" not in html and "None" not in html


def test_dates_sort_by_their_iso_key(frame):
    html = tables.table(frame, {"date": "When"})._repr_html_()
    assert re.findall(r'data-order="([^"]+)"', html) == ["2020-07-13", "2020-08-01", "2021-01-01"]


def test_interactive_tables_carry_their_options_and_filters_must_be_columns(frame):
    html = tables.table(frame, {"date": "When", "actors": "Who"}, interactive=True,
                        filters=["Who"], page_length=5)._repr_html_()
    assert "data-wdl-interactive='{&quot;pageLength&quot;: 5, &quot;filters&quot;: [1]}'" in html
    assert "data-label" not in html  # the script writes the phone labels of interactive tables
    with pytest.raises(ValueError, match="not columns"):
        tables.table(frame, {"date": "When"}, filters=["Who"])
    with pytest.raises(KeyError, match="not in the frame"):
        tables.table(frame, ["no_such_column"])


def test_widths_become_percentages_and_must_match_the_columns(frame):
    html = tables.table(frame, ["date", "note"], widths=[1, 3])._repr_html_()
    assert '<col style="width:25.0%"><col style="width:75.0%">' in html
    with pytest.raises(ValueError, match="widths"):
        tables.table(frame, ["date", "note"], widths=[1])


def test_print_view_is_a_list_table_only_in_the_books_build(frame, monkeypatch):
    table = tables.table(frame, {"date": "When", "note": "Note"}, caption="Dates", widths=[1, 3])
    monkeypatch.delenv("WDL_BOOK_BUILD", raising=False)
    assert table._repr_markdown_() is None
    monkeypatch.setenv("WDL_BOOK_BUILD", "1")
    printed = table._repr_markdown_()
    assert printed.startswith("```{list-table} Dates\n:header-rows: 1\n:widths: 25 75\n")
    assert "* - When\n  - Note\n* - 13 July 2020\n  - A & B \\<b\\>" in printed
    assert printed.rstrip().endswith("```")


def test_an_empty_table_says_so_in_print_and_on_screen(frame):
    empty = tables.table(frame.iloc[0:0], {"date": "When", "note": "Note"}, caption="Nothing")
    assert empty.print_view() == "Nothing: no rows."
    assert 'colspan="2">No rows.</td>' in empty._repr_html_()


def test_a_crosstab_keeps_its_rows_as_the_first_column(frame):
    cross = pd.crosstab(frame["date_precision"], frame["count"] > 1)
    table = tables.frame_table(cross)
    assert table.header[0] == "Date precision"
    assert [row[0] for row in table.rows] == ["day", "month", "year"]


def test_plain_text_is_a_short_account(frame):
    text = repr(tables.table(frame, ["date", "note"], caption="Dates"))
    assert text.splitlines()[:2] == ["Dates", "3 rows, 2 columns"]
