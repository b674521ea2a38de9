"""Tables for readers: one helper that every notebook uses to show a DataFrame.

:func:`table` turns a DataFrame into a :class:`Table`, which shows itself

* in the HTML book and in JupyterLab as a plain HTML table: human column names, no
  index, lists joined as text, empty cells for missing values, the full text of every
  cell, wrapped to the column's width. Tables marked ``interactive`` carry
  ``data-`` attributes that the book's own script (``bookext/static/tables.js``) reads
  to add search, sorting, filters and pages of rows with DataTables (the copy that
  the itables package ships, served by the book so that it reads offline). Where no
  script runs (JupyterLab, an untrusted notebook) the plain table stays: nothing is
  lost but the controls.
* in the printed book as a real table: a MyST ``list-table`` with column widths,
  which Sphinx's LaTeX writer sets as a ``longtable`` that breaks across pages.
* in a terminal as aligned text.

Typical use::

    from wdl.tables import table
    table(events, {"date": "Date", "category": "Category", "description": "What happened"},
          interactive=True, filters=["Category"], widths=[1, 1, 4])
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Table", "date_label", "date_labels", "table", "text"]

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def date_label(date, precision: str | None = "day") -> str:
    """A date as a reader writes it, to its precision: ``13 July 2020``, ``July 2020``, ``2020``."""
    if date is None or pd.isna(date):
        return ""
    date = pd.Timestamp(date)
    if precision == "year":
        return f"{date.year}"
    if precision == "month":
        return f"{_MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def date_labels(frame: pd.DataFrame, date: str = "date", precision: str | None = None) -> pd.Series:
    """:func:`date_label` for a date column, using its precision column (``<date>_precision``)."""
    precision = precision or (f"{date}_precision" if f"{date}_precision" in frame else "date_precision")
    if precision in frame:
        return pd.Series([date_label(d, p) for d, p in zip(frame[date], frame[precision])], index=frame.index)
    return frame[date].map(date_label)


def text(value) -> str:
    """One cell as plain text: lists joined with "; ", missing values empty, numbers as written."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(text(v) for v in value)
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return date_label(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sort_key(value) -> str | None:
    """A key DataTables sorts by where the shown text would sort wrongly (dates, numbers)."""
    if isinstance(value, pd.Timestamp) and not pd.isna(value):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and not pd.isna(value):
        return f"{value:020.6f}" if value >= 0 else None
    return None


@dataclass
class Table:
    """A table for reading; see the module's docstring. Build it with :func:`table`."""

    header: list[str]
    rows: list[list[str]]
    sort_keys: list[list[str | None]]
    caption: str = ""
    interactive: bool = False
    filters: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    page_length: int = 10
    label: str = ""

    def __post_init__(self):
        missing = [f for f in self.filters if f not in self.header]
        if missing:
            raise ValueError(f"filter columns {missing} are not columns of the table {self.header}")
        if self.widths and len(self.widths) != len(self.header):
            raise ValueError(f"{len(self.widths)} widths for {len(self.header)} columns")

    def __len__(self) -> int:
        return len(self.rows)

    # --- HTML -------------------------------------------------------------------------
    def _repr_html_(self) -> str:
        widths = self.widths or [1] * len(self.header)
        total = sum(widths)
        attrs = ['class="wdl-table wdl-wide"' if len(self.header) >= 6 else 'class="wdl-table"']
        if self.label:
            attrs.append(f'id="{html.escape(self.label)}"')
        if self.interactive:
            options = {"pageLength": self.page_length,
                       "filters": [self.header.index(f) for f in self.filters]}
            attrs.append(f"data-wdl-interactive='{html.escape(json.dumps(options), quote=True)}'")
        parts = [f"<div class=\"wdl-table-wrap\"><table {' '.join(attrs)}>"]
        if self.caption:
            parts.append(f"<caption>{html.escape(self.caption)}</caption>")
        parts.append("<colgroup>" + "".join(
            f'<col style="width:{100 * w / total:.1f}%">' for w in widths) + "</colgroup>")
        parts.append("<thead><tr>" + "".join(
            f'<th scope="col">{html.escape(h)}</th>' for h in self.header) + "</tr></thead>")
        parts.append("<tbody>")
        for row, keys in zip(self.rows, self.sort_keys):
            cells = []
            for head, value, key in zip(self.header, row, keys):
                order = f' data-order="{html.escape(key)}"' if key is not None else ""
                # The column's name beside each value on phones (see wdl-tables.css); the script
                # that makes a table interactive writes it there itself, sparing long tables the bytes.
                label = "" if self.interactive else f' data-label="{html.escape(head)}"'
                cells.append(f'<td{label}{order}>{html.escape(value)}</td>')
            parts.append("<tr>" + "".join(cells) + "</tr>")
        if not self.rows:
            parts.append(f'<tr><td colspan="{len(self.header)}">No rows.</td></tr>')
        parts.append("</tbody></table></div>")
        return "".join(parts)

    # --- print (MyST list-table, set by Sphinx as a LaTeX longtable) ------------------
    def _repr_markdown_(self) -> str | None:
        # Only the book's own build prints: elsewhere (JupyterLab, nbval, the stored notebooks)
        # the HTML view is the table, and a second copy of it would only weigh.
        if not os.environ.get("WDL_BOOK_BUILD"):
            return None
        return self.print_view()

    def print_view(self) -> str:
        """The table as a MyST list-table."""
        if not self.rows:  # a list-table needs a body; say so in words instead
            return f"{_md_escape(self.caption)}: no rows." if self.caption else "No rows."
        widths = self.widths or [1] * len(self.header)
        scale = 100 / sum(widths)
        ints = [max(1, round(w * scale)) for w in widths]
        lines = [f"```{{list-table}} {_md_escape(self.caption)}".rstrip(),
                 ":header-rows: 1",
                 f":widths: {' '.join(str(i) for i in ints)}",
                 ":class: longtable wdl-print-table",
                 ""]
        for row in [self.header, *self.rows]:
            for i, value in enumerate(row):
                bullet = "* - " if i == 0 else "  - "
                lines.append(bullet + (_md_escape(value) or "\u00a0"))
        lines.append("```")
        return "\n".join(lines)

    # --- terminal ---------------------------------------------------------------------
    def __repr__(self) -> str:
        """A short plain-text account (a terminal; nbval compares it with the HTML view):
        the caption, the size, the columns and the first rows."""
        frame = pd.DataFrame(self.rows[:3], columns=self.header)
        with pd.option_context("display.max_colwidth", 40, "display.width", 120):
            head = frame.to_string(index=False) if len(frame) else "(no rows)"
        size = f"{len(self.rows)} rows, {len(self.header)} columns"
        return "\n".join(part for part in [self.caption, size, head] if part)


def _md_escape(value: str) -> str:
    """Keep a cell's text literal in MyST: no roles, emphasis, links or HTML."""
    out = str(value).replace("\n", " ")
    for ch in "\\`*_[]<>{}|$#":
        out = out.replace(ch, "\\" + ch)
    return out


def table(
    frame: pd.DataFrame,
    columns: dict[str, str] | list[str] | None = None,
    *,
    caption: str = "",
    interactive: bool = False,
    filters: list[str] | tuple = (),
    widths: list[float] | tuple = (),
    page_length: int = 10,
    index: str | None = None,
    label: str = "",
) -> Table:
    """A :class:`Table` of ``frame``.

    ``columns`` maps column names to the headers readers see (and picks and orders the
    columns); a list keeps the names, with underscores turned into spaces and the first
    letter capitalised. ``index`` names a header under which the frame's index is shown
    as the first column (for a crosstab); otherwise the index is not shown. ``filters``
    are headers of columns the interactive table offers a menu for; a column of dates
    offers its years.
    """
    frame = frame.copy()
    if index is not None:
        frame = frame.reset_index(names=index if not isinstance(frame.index, pd.MultiIndex) else None)
        frame = frame.rename(columns={frame.columns[0]: index})
    if columns is None:
        columns = list(frame.columns)
    if isinstance(columns, (list, tuple)):
        columns = list(columns)
        if index is not None and index not in columns:
            columns.insert(0, index)
        columns = {c: (c if c == index else _human(c)) for c in columns}
    elif index is not None and index not in columns:
        columns = {index: index, **columns}
    unknown = [c for c in columns if c not in frame.columns]
    if unknown:
        raise KeyError(f"columns {unknown} are not in the frame (it has {list(frame.columns)})")
    picked = frame[list(columns)]
    keys = [[_sort_key(v) for v in record] for record in picked.itertuples(index=False, name=None)]
    shown = picked.copy()
    for name in shown.columns:
        # Dates are shown to their precision ("July 2020"), from the column beside them.
        if pd.api.types.is_datetime64_any_dtype(shown[name]):
            precision = next((p for p in (f"{name}_precision", "date_precision") if p in frame), None)
            if precision is not None:
                shown[name] = [date_label(d, p) for d, p in zip(frame[name], frame[precision])]
    rows = [[text(v) for v in record] for record in shown.itertuples(index=False, name=None)]
    return Table(
        header=[str(h) for h in columns.values()], rows=rows, sort_keys=keys, caption=caption,
        interactive=interactive, filters=list(filters), widths=list(widths),
        page_length=page_length, label=label,
    )


def _human(name) -> str:
    name = str(name).replace("_", " ").replace("-", " ")
    return name[:1].upper() + name[1:]


def frame_table(frame) -> Table:
    """:func:`table` for any DataFrame or Series as a notebook displays it: a meaningful index
    (a crosstab's rows, a ``set_index``) becomes the first column; a plain row count does not."""
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(frame.name if frame.name is not None else "value")
    frame = frame.copy()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" ".join(str(p) for p in c if str(p)) for c in frame.columns]
    frame.columns = [str(c) for c in frame.columns]
    if not (isinstance(frame.index, pd.RangeIndex) and frame.index.name is None):
        frame = frame.reset_index()
        if frame.columns[0] == "index":  # an unnamed index: no header over it
            frame = frame.rename(columns={"index": ""})
    return table(frame)


def install() -> None:
    """Show every DataFrame and Series in this notebook as a reader table (HTML on screen, a
    real table in print), whatever cell displays it. Plain text (the terminal, nbval's
    comparison) keeps pandas' own form. Does nothing outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    formatters = shell.display_formatter.formatters
    for kind in (pd.DataFrame, pd.Series):
        formatters["text/html"].for_type(kind, lambda f: frame_table(f)._repr_html_())
        formatters["text/markdown"].for_type(kind, lambda f: frame_table(f)._repr_markdown_())
        formatters["text/plain"].for_type(kind, lambda f, p, cycle: p.text(repr(frame_table(f))))
