"""Sphinx extension: build-time plumbing that ties the book to ``data/``.

* Validates the dataset before anything is read, so a bad row stops the build
  with the loader's message (file, line, column).
* Writes ``_build/generated/references.bib`` from ``data/sources.csv`` for
  sphinxcontrib-bibtex, so the bibliography is generated from the data.
* In the printed book (the LaTeX builder), replaces each interactive widget
  output with a short note. A widget has no static form, and its text fallback
  (``VBox(children=(HBox(...``) means nothing on paper.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform

from .bib import write_bibtex
from .data import DataValidationError, load_package

BIB_PATH = Path("_build") / "generated" / "references.bib"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    "Interactive controls appear here in the online book and in Jupyter "
    "(they need a running Python kernel)."
)


def _on_config_inited(app, config):
    root = Path(app.confdir)
    try:
        tables = load_package(root / "data")
    except DataValidationError as exc:
        raise ConfigError(str(exc)) from None
    write_bibtex(tables["sources"], root / BIB_PATH)


def _is_widget_bundle(node) -> bool:
    """A myst-nb output bundle (one output, several mime types) that holds a widget view."""
    return (
        isinstance(node, nodes.container)
        and node.get("nb_element") == "mime_bundle"
        and any(child.get("mime_type") == WIDGET_VIEW for child in node.children)
    )


def replace_widget_outputs(document) -> int:
    """Replace every widget output bundle in ``document`` with a note; return how many."""
    bundles = list(document.findall(_is_widget_bundle))
    for bundle in bundles:
        note = nodes.paragraph("", "", nodes.emphasis(WIDGET_NOTE, WIDGET_NOTE))
        bundle.replace_self(note)
    return len(bundles)


class WidgetOutputsForPrint(SphinxPostTransform):
    """For the printed book only: a note instead of each widget output."""

    builders = ("latex",)
    default_priority = 3  # before myst-nb picks one mime type per bundle (priority 4)

    def run(self, **kwargs):
        replace_widget_outputs(self.document)


def setup(app):
    # Runs before sphinxcontrib-bibtex reads its files (it does so at builder-inited).
    app.connect("config-inited", _on_config_inited, priority=100)
    app.add_post_transform(WidgetOutputsForPrint)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
