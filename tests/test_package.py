"""Unit tests for the package the notebooks import (wdl): widgets logic, chart style, dates.

The book's build (bookext/) has its own tests: tests/test_bookext.py."""

import re

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from wdl import charts, style, widgets
from wdl.data import load_package, parse_partial_date


@pytest.fixture
def tables(minimal_package):
    return load_package(minimal_package)


# --- widgets ---------------------------------------------------------------


def test_choices_for_list_and_category_columns(tables):
    events = tables["events"]
    assert widgets.choices(events, "actors") == [widgets.ALL, "TikTok", "Trump administration"]
    # declared category order, only the values present
    assert widgets.choices(events, "category") == [widgets.ALL, "executive", "security-report"]


def test_select_filters_by_list_membership_and_value(tables):
    events = tables["events"]
    assert list(widgets.select(events, actors="Trump administration")["event_id"]) == ["ev-2020-08-order"]
    assert len(widgets.select(events, actors=widgets.ALL, category=widgets.ALL)) == 2
    both = widgets.select(events, actors="TikTok", category="security-report")
    assert list(both["event_id"]) == ["ev-2022-06-report"]


def test_empty_selection_says_so(tables):
    events = tables["events"]
    none = widgets.select(events, actors="Trump administration", category="security-report")
    assert none.empty
    message = widgets.empty_message("events", actors="Trump administration", category="security-report")
    assert message == (
        "No events match actors = Trump administration and category = security-report. "
        "Choose (all) in one of the menus to widen the selection."
    )


def test_explorer_builds_and_never_renders_an_empty_frame(tables):
    seen = []
    box = widgets.explorer(tables["events"], ["category", "actors"], seen.append, noun="events")
    category_menu, actor_menu = box.children[0].children
    assert len(seen) == 1 and len(seen[0]) == 2  # initial render: everything
    actor_menu.value = "Trump administration"
    assert list(seen[-1]["event_id"]) == ["ev-2020-08-order"]
    category_menu.value = "security-report"  # matches nothing: render is not called
    assert len(seen) == 2


# --- style and charts ----------------------------------------------------


def test_series_styles_are_distinct_and_limited():
    styles = style.series_styles([f"s{i}" for i in range(8)])
    assert len({s["color"] for s in styles.values()}) == 8
    assert len({s["marker"] for s in styles.values()}) == 8
    with pytest.raises(ValueError, match="more than the 8"):
        style.series_styles(range(9))


def test_timeline_has_title_labels_and_one_lane_per_category(tables):
    fig = charts.timeline(tables["events"], title="Test timeline")
    ax = fig.axes[0]
    assert ax.get_title() == "Test timeline"
    assert ax.get_xlabel() == "Date of event"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["executive", "security report"]
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)  # opaque white: readable in dark mode


def test_timeline_names_milestones_and_keeps_each_category_style_when_filtered(tables):
    import pandas as pd

    events = tables["events"]
    milestones = pd.DataFrame({"event_id": ["ev-2022-06-report"], "label": ["The report"]})
    fig = charts.timeline(events, title="Test timeline", milestones=milestones)
    strip, ax = fig.axes
    assert [t.get_text() for t in strip.texts] == ["The report"]
    assert fig._suptitle.get_text() == "Test timeline"
    whole = {c.get_label(): c.get_facecolor()[0].tolist() for c in ax.collections}
    only = charts.timeline(events[events["category"] == "security-report"], title="Filtered")
    filtered = {c.get_label(): c.get_facecolor()[0].tolist() for c in only.axes[0].collections}
    assert filtered["security-report"] == whole["security-report"]


def test_figure_html_is_an_image_with_alt_text_and_closes_the_figure(tables):
    import base64
    import io

    import matplotlib.pyplot as plt
    from PIL import Image

    fig = charts.timeline(tables["events"], title="Two events")
    html = charts.figure_html(fig, alt='Two events & a "quote"')
    assert html.startswith('<img alt="Two events &amp; a &quot;quote&quot;" src="data:image/png;base64,')
    png = base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1))
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.width > 100
    assert not plt.fignum_exists(fig.number)
    with pytest.raises(ValueError, match="alt text"):
        charts.figure_html(charts.timeline(tables["events"], title="x"), alt="  ")


def test_timeline_refuses_empty_input(tables):
    with pytest.raises(ValueError, match="no events"):
        charts.timeline(tables["events"].iloc[0:0], title="x")


# --- partial dates -------------------------------------------------------


@pytest.mark.parametrize(
    "text, first_day, precision",
    [("2020", "2020-01-01", "year"), ("2020-07", "2020-07-01", "month"), ("2020-07-10", "2020-07-10", "day")],
)
def test_parse_partial_date(text, first_day, precision):
    value, got = parse_partial_date(text)
    assert (value.isoformat(), got) == (first_day, precision)


def test_parse_partial_date_rejects_impossible_days():
    with pytest.raises(ValueError, match="not a valid calendar date"):
        parse_partial_date("2021-02-29")
