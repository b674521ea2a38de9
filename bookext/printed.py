"""The printed book (the LaTeX builder) and the way to it from the site.

* **Screen-only outputs become a note.** Each interactive widget output, and each output
  that exists only as HTML, is replaced by a short note: their text fallbacks
  (``VBox(children=(HBox(...``, ``<IPython.core.display.HTML object>``) mean nothing on paper.
* **Code is not printed** unless the lesson discusses it. A code cell's input (plotting and
  plumbing: the reader of the PDF sees its output) is left out of the PDF; a cell tagged
  ``show-in-print`` keeps its code (CONTRIBUTING.md, *Notebooks*). The HTML book and the
  notebooks show every cell as before.
* **The introduction has a title.** The book's root page (``book/index.md``) prints before
  the first part, but sphinx-jupyterbook-latex uses its title as the book's and leaves its text
  without a heading; it gets an unnumbered chapter "Introduction" (so chapter numbers stay
  those of the online book, where the root page is not numbered either).
* **Numbers as online.** sphinx-jupyterbook-latex sets ``numfig_secnum_depth`` to 2 for a
  book with parts, so the PDF numbered exercises by section ("Exercise 2.6.4") where the site,
  whose chapters are numbered straight through the parts, says "Exercise 2.4". The LaTeX
  build is set back to the book's own ``numfig_secnum_depth`` (``_config.yml``).
* **The download menu offers the book's PDF.** sphinx-book-theme's ".pdf" entry only opens
  the browser's print dialog for the page; it becomes a link to the printed book, which
  ``make test`` and ``make pdf`` copy into the site as ``where-the-data-lives.pdf``.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

PDF_NAME = "where-the-data-lives.pdf"  # latex_documents' targetname, as a PDF
SHOW_IN_PRINT = "show-in-print"

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


def _is_code_cell(node) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"


def drop_code_inputs(document) -> int:
    """Remove the input of each code cell not tagged ``show-in-print``; return how many."""
    dropped = 0
    for cell in list(document.findall(_is_code_cell)):
        if f"tag_{SHOW_IN_PRINT}" in cell.get("classes", []):
            continue
        for child in list(cell.children):
            if isinstance(child, nodes.container) and child.get("nb_element") == "cell_code_source":
                cell.remove(child)
                dropped += 1
        if not cell.children:
            cell.parent.remove(cell)
    return dropped


class CodeInputsForPrint(SphinxPostTransform):
    """For the printed book only: code cells print their outputs, not their code."""

    builders = ("latex",)
    default_priority = 3

    def run(self, **kwargs):
        drop_code_inputs(self.document)


INTRODUCTION = "Introduction"


class IntroductionTitleForPrint(SphinxPostTransform):
    """For the printed book only: an unnumbered chapter heading over the root page's text."""

    builders = ("latex",)
    default_priority = 3

    def run(self, **kwargs):
        # The LaTeX builder resolves the whole book as one document, the root page's text first
        # and every other page inside a start_of_file node.
        if next(iter(self.document.findall(addnodes.start_of_file)), None) is None:
            return
        heading = (rf"\chapter*{{{INTRODUCTION}}}\addcontentsline{{toc}}{{chapter}}{{{INTRODUCTION}}}"
                   rf"\markboth{{{INTRODUCTION}}}{{{INTRODUCTION}}}")
        self.document.insert(0, nodes.raw("", heading, format="latex"))


def _link_the_book_pdf(app, pagename, templatename, context, doctree):
    """Replace the download menu's "print this page" entry with the book's PDF."""
    pathto = context.get("pathto")
    for group in context.get("header_buttons") or []:
        for i, button in enumerate(group.get("buttons") or []):
            if button.get("label") == "download-pdf-button":
                group["buttons"][i] = {
                    "type": "link",
                    "url": pathto(PDF_NAME, 1),
                    "text": "Book (PDF)",
                    "tooltip": "Download the whole book as a PDF",
                    "icon": "fas fa-file-pdf",
                    "label": "download-book-pdf-button",
                }


def _number_as_online(app):
    """After sphinx-jupyterbook-latex's builder-inited handler: the book's own secnum depth."""
    if app.builder.name == "latex":
        app.config.numfig_secnum_depth = app.config._raw_config.get("numfig_secnum_depth", 1)


def setup(app):
    app.connect("builder-inited", _number_as_online, priority=900)
    app.add_post_transform(ScreenOnlyOutputsForPrint)
    app.add_post_transform(CodeInputsForPrint)
    app.add_post_transform(IntroductionTitleForPrint)
    # after sphinx-book-theme fills in its header buttons (priority 501)
    app.connect("html-page-context", _link_the_book_pdf, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
