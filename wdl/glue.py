"""Numbers for the prose, computed when the notebook runs.

``glue("events_total", len(events))`` stores a value under a name; the page's text then
writes ``{glue}`events_total``` where the number belongs, and the book puts the value
computed at build time there, so the prose cannot drift from the data.

The output is the one MyST-NB's own ``myst_nb.glue`` writes (a display of mime type
``application/papermill.record/text/plain`` with ``scrapbook`` metadata), so the book's
build reads it; this module only spares classrooms from installing MyST-NB to run the
notebooks. In JupyterLab the stored value is invisible.
"""

from __future__ import annotations

PREFIX = "application/papermill.record/"


class _Text(str):
    """A string whose repr is itself, so that the glued text carries no quotation marks."""

    def __repr__(self) -> str:
        return str(self)


def text(value) -> str:
    """How a glued value reads in the prose: whole numbers without decimals, the rest as str."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


def glue(name: str, value) -> str:
    """Store ``value`` (as :func:`text`) under ``name`` for the prose; return the text."""
    from IPython.display import display

    shown = text(value)
    display({PREFIX + "text/plain": repr(_Text(shown))}, raw=True,
            metadata={"scrapbook": {"name": name, "mime_prefix": PREFIX}})
    return shown
