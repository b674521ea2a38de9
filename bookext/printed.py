"""The printed book (the LaTeX builder).

* **Screen-only outputs become a note.** Each interactive widget output, and each output
  that exists only as HTML, is replaced by a short note: their text fallbacks
  (``VBox(children=(HBox(...``, ``<IPython.core.display.HTML object>``) mean nothing on paper.
* **Numbers as online.** sphinx-jupyterbook-latex sets ``numfig_secnum_depth`` to 2 for a
  book with parts, so the PDF numbered exercises by section ("Exercise 2.6.4") where the site,
  whose chapters are numbered straight through the parts, says "Exercise 2.4". The LaTeX
  build is set back to the book's own ``numfig_secnum_depth`` (``_config.yml``).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    "Interactive controls appear here in the online book and in Jupyter "
    "(they need a running Python kernel)."
)
HTML_NOTE = "This output is shown in the online book and in Jupyter."


_PRINTABLE = ("image/", "application/pdf", "text/latex", "text/markdown")
_OBJECT_REPR = re.compile(r"<[\w.]+ (object|at 0x[0-9a-fA-F]+)>")


def _mime_types(bundle) -> list[str]:
    return [child.get("mime_type", "") for child in bundle.children]


def _print_note(bundle) -> str | None:
    """The note that replaces an output bundle in print, or None to keep the bundle.

    myst-nb keeps every mime type of an output in a ``mime_bundle`` container and picks one
    per builder later. In print that pick can be meaningless: a widget falls back to its repr
    (``VBox(children=...``), and an HTML-only display to ``<IPython.core.display.HTML object>``.
    """
    types = _mime_types(bundle)
    if WIDGET_VIEW in types:
        return WIDGET_NOTE
    if "text/html" in types and not any(t.startswith(_PRINTABLE) for t in types):
        plain = [c.astext().strip() for c in bundle.children if c.get("mime_type") == "text/plain"]
        if not plain or all(_OBJECT_REPR.fullmatch(text) for text in plain):
            return HTML_NOTE
    return None


def _is_mime_bundle(node) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == "mime_bundle"


def replace_screen_only_outputs(document) -> int:
    """Replace outputs that only make sense on screen with a short note; return how many."""
    replaced = 0
    for bundle in list(document.findall(_is_mime_bundle)):
        note = _print_note(bundle)
        if note is not None:
            bundle.replace_self(nodes.paragraph("", "", nodes.emphasis(note, note)))
            replaced += 1
    return replaced


class ScreenOnlyOutputsForPrint(SphinxPostTransform):
    """For the printed book only: a note instead of each widget or HTML-only output."""

    builders = ("latex",)
    default_priority = 3  # before myst-nb picks one mime type per bundle (priority 4)

    def run(self, **kwargs):
        replace_screen_only_outputs(self.document)


def _number_as_online(app):
    """After sphinx-jupyterbook-latex's builder-inited handler: the book's own secnum depth."""
    if app.builder.name == "latex":
        app.config.numfig_secnum_depth = app.config._raw_config.get("numfig_secnum_depth", 1)


def setup(app):
    app.connect("builder-inited", _number_as_online, priority=900)
    app.add_post_transform(ScreenOnlyOutputsForPrint)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
