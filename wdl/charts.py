"""Charts that several chapters draw, in the house style."""

from __future__ import annotations

import base64
import html
import io

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from . import style


def timeline(events: pd.DataFrame, *, title: str, lanes: str = "category", ax=None):
    """Draw events as points on a time axis, one horizontal lane per value of ``lanes``.

    ``events`` needs a ``date`` column and the ``lanes`` column. Lanes follow
    the column's category order when it has one. Returns the figure.
    """
    if events.empty:
        raise ValueError("there are no events to draw")
    style.apply()
    column = events[lanes]
    if isinstance(column.dtype, pd.CategoricalDtype):
        names = [c for c in column.cat.categories if (column == c).any()]
    else:
        names = sorted(column.dropna().unique())
    styles = style.series_styles(names)
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 0.45 * len(names) + 1.6))
    else:
        fig = ax.figure
    for row, name in enumerate(names):
        subset = events[column == name]
        ax.scatter(
            subset["date"], [row] * len(subset), s=42, alpha=0.85,
            edgecolors="black", linewidths=0.4, label=name, **styles[name],
        )
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(-0.7, len(names) - 0.3)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("Date of event")
    ax.set_ylabel(lanes.replace("_", " ").capitalize())
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


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
