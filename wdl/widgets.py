"""Wiring for the notebooks' interactive filters (ipywidgets).

The logic is in plain functions (:func:`choices`, :func:`select`,
:func:`empty_message`) so it can be tested without a kernel; :func:`explorer`
only connects them to dropdown menus and an output area.
"""

from __future__ import annotations

import html
from typing import Callable

import pandas as pd

ALL = "(all)"


def _is_list_column(series: pd.Series) -> bool:
    return series.map(lambda v: isinstance(v, list)).any()


def choices(frame: pd.DataFrame, column: str) -> list[str]:
    """The menu entries for ``column``: ``ALL`` then every value present.

    List-valued columns (such as ``actors``) offer each item once. Categorical
    columns keep their declared order; others are sorted.
    """
    series = frame[column]
    if _is_list_column(series):
        values = sorted({item for items in series for item in items})
    elif isinstance(series.dtype, pd.CategoricalDtype):
        values = [c for c in series.cat.categories if (series == c).any()]
    else:
        values = sorted(str(v) for v in series.dropna().unique())
    return [ALL, *values]


def select(frame: pd.DataFrame, **criteria: str) -> pd.DataFrame:
    """Rows matching every criterion; ``ALL`` (or ``None``) leaves a column unfiltered.

    For a list-valued column a row matches when the value is one of its items.
    """
    mask = pd.Series(True, index=frame.index)
    for column, wanted in criteria.items():
        if wanted in (None, ALL):
            continue
        series = frame[column]
        if _is_list_column(series):
            mask &= series.map(lambda items: wanted in items)
        else:
            mask &= series.astype("string") == wanted
    return frame[mask]


def empty_message(noun: str, **criteria: str) -> str:
    """What to say when a selection matches nothing."""
    chosen = [f"{col.replace('_', ' ')} = {val}" for col, val in criteria.items() if val not in (None, ALL)]
    return (
        f"No {noun} match {' and '.join(chosen)}. "
        f"Choose {ALL} in one of the menus to widen the selection."
    )


def explorer(
    frame: pd.DataFrame,
    columns: list[str],
    render: Callable[[pd.DataFrame], None],
    *,
    noun: str = "rows",
):
    """Dropdown menus (one per column) above an output area that ``render`` fills.

    ``render`` receives the selected rows and is never called with an empty
    frame: an empty selection shows :func:`empty_message` instead.
    """
    import ipywidgets as widgets
    from IPython.display import display

    menus = {
        column: widgets.Dropdown(
            options=choices(frame, column),
            value=ALL,
            description=column.replace("_", " ").capitalize() + ":",
            style={"description_width": "initial"},
        )
        for column in columns
    }
    output = widgets.Output()

    def update(_change=None):
        criteria = {column: menu.value for column, menu in menus.items()}
        subset = select(frame, **criteria)
        with output:
            output.clear_output(wait=True)
            if subset.empty:
                message = html.escape(empty_message(noun, **criteria))
                display(widgets.HTML(f"<p role='status'>{message}</p>"))
            else:
                render(subset)

    for menu in menus.values():
        menu.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox(list(menus.values())), output])
