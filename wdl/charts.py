"""Charts that several chapters draw, in the house style."""

from __future__ import annotations

import base64
import html
import io

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from . import style


def lane_styles(column: pd.Series) -> dict[str, dict]:
    """Colour and marker for every value a column can take, so a value looks the same in every
    chart, filtered or not: a categorical column's declared categories, or its sorted values."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        names = list(column.cat.categories)
    else:
        names = sorted(column.dropna().unique())
    return style.series_styles(names)


def _spread(positions: list[float], gap: float) -> list[float]:
    """Move sorted positions (0-1) apart so that neighbours are at least ``gap`` apart."""
    placed: list[float] = []
    for x in positions:
        placed.append(max(x, placed[-1] + gap) if placed else x)
    overflow = placed[-1] - 1 if placed else 0
    if overflow > 0:  # pushed past the right edge: shift back, keeping the gaps
        placed = [p - overflow for p in placed]
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    return placed


def timeline(events: pd.DataFrame, *, title: str, lanes: str = "category", milestones=None, ax=None):
    """Draw events as points on a time axis, one horizontal lane per value of ``lanes``.

    ``events`` needs a ``date`` column and the ``lanes`` column. Lanes follow the column's
    category order when it has one, and each value keeps its colour and marker whatever the
    selection (:func:`lane_styles`). ``milestones`` (a frame with ``event_id`` and ``label``,
    such as ``data/milestones.csv``) are named in a strip above the lanes, each joined to its
    date by a line. Returns the figure.
    """
    if events.empty:
        raise ValueError("there are no events to draw")
    style.apply()
    column = events[lanes]
    styles = lane_styles(column)
    names = [n for n in styles if (column == n).any()]
    marked = pd.DataFrame()
    if milestones is not None and "event_id" in events:
        marked = events.merge(milestones[["event_id", "label"]], on="event_id").sort_values("date")
    height = 0.5 * len(names) + 1.9
    if ax is None:
        if len(marked):
            fig, (top, ax) = plt.subplots(
                2, 1, figsize=(9, height + 2.6), sharex=True, layout="constrained",
                gridspec_kw={"height_ratios": [2.6, height]},
            )
        else:
            fig, ax = plt.subplots(figsize=(9, height), layout="constrained")
            top = None
    else:
        fig, top = ax.figure, None
    for row, name in enumerate(names):
        subset = events[column == name]
        ax.scatter(
            subset["date"], [row] * len(subset), s=48, alpha=0.85,
            edgecolors="black", linewidths=0.4, label=name, **styles[name],
        )
    ax.set_yticks(range(len(names)), [n.replace("-", " ") for n in names])
    ax.set_ylim(-0.7, len(names) - 0.3)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("Date of event")
    ax.set_ylabel(lanes.replace("_", " ").capitalize())
    ax.grid(axis="y", visible=False)
    if top is not None:
        _milestone_strip(top, ax, marked)
        fig.suptitle(title, fontsize=15, fontweight="bold")
    else:
        ax.set_title(title)
    return fig


def _milestone_strip(top, ax, marked: pd.DataFrame) -> None:
    """Name the milestones above the lanes: a rotated label each, joined to its date."""
    start, end = ax.get_xlim()
    pad = (end - start) * 0.02
    ax.set_xlim(start - pad, end + pad)
    start, end = ax.get_xlim()
    dates = [mdates.date2num(d) for d in marked["date"]]
    where = [(d - start) / (end - start) for d in dates]
    spots = _spread(where, gap=0.03)
    top.set_ylim(0, 1)
    top.axis("off")
    for date, spot, label in zip(dates, spots, marked["label"]):
        x = start + spot * (end - start)
        top.plot([date, date, x], [0, 0.06, 0.14], color="#555555", linewidth=0.8, clip_on=False)
        top.text(x, 0.16, label, rotation=90, ha="center", va="bottom", fontsize=11.5)
        ax.axvline(date, color="#999999", linewidth=0.7, linestyle=":", zorder=0)


def figure_html(fig, *, alt: str) -> str:
    """The figure as an ``<img>`` with alt text (a PNG in a data URL), and the figure closed.

    For charts drawn inside a widget's output area: a plain ``plt.show()`` there is
    stored, and shown by the HTML book, as an image without alt text.
    """
    if not alt.strip():
        raise ValueError("a chart needs alt text that says what it shows")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}" style="max-width:100%">'
