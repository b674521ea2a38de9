"""Sphinx extension: build-time plumbing that ties the book to ``data/``.

* Validates the dataset before anything is read, so a bad row stops the build
  with the loader's message (file, line, column).
* Writes ``_build/generated/references.bib`` from ``data/sources.csv`` for
  sphinxcontrib-bibtex, so the bibliography is generated from the data.
* Copies the scripts the theme would otherwise fetch from CDNs (require.js, the
  ipywidgets HTML manager, MathJax 3) from ``node_modules/`` (installed by
  ``npm ci`` from ``package-lock.json``) into ``_static/vendor/`` of the built
  site, so the book reads offline. ``_config.yml`` points ``mathjax_path`` and
  ``nb_ipywidgets_js`` at these copies.
* Serves the book's own small scripts (``wdl/static/``) under ``_static/wdl/``:
  the require.js paths for the widget manager, a fix that makes the visible
  menu button open the navigation on phones, and contrast fixes (``wdl.css``).
* Fixes two script errors every page showed in the browser: sphinx-thebe adds
  its ``const THEBE_JS_URL`` inline script twice ("Identifier 'THEBE_JS_URL'
  has already been declared"), and the theme's colour mode defaults to an empty
  string ("Got invalid theme mode"). tests/test_browser.py checks both.
* In the printed book (the LaTeX builder), replaces each interactive widget
  output, and each output that exists only as HTML, with a short note. Their
  text fallbacks (``VBox(children=(HBox(...``, ``<IPython.core.display.HTML
  object>``) mean nothing on paper.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .bib import write_bibtex
from .data import DataValidationError, load_package

BIB_PATH = Path("_build") / "generated" / "references.bib"

logger = logging.getLogger(__name__)

# What the built site serves under _static/vendor/, copied from node_modules/:
# (destination inside _static/vendor, source inside node_modules, file patterns to leave out)
VENDOR = [
    ("requirejs", "requirejs", ["bin", "README.md", "package.json"]),
    # embed-amd.js and the icon fonts its stylesheet refers to (by paths relative to the script)
    ("html-manager", "@jupyter-widgets/html-manager/dist", ["*.map", "embed.js", "embed.js.*", "libembed-amd.js"]),
    # the combined TeX/MathML component and what it loads on demand (fonts, extensions, menu, speech)
    ("mathjax", "mathjax/es5", ["tex-chtml*", "tex-svg*", "tex-mml-svg.js", "mml-*", "node-main.js", "output/svg*"]),
]


def _copy_newer(src: Path, dst: Path, ignore) -> int:
    """Copy the tree src to dst, skipping files already copied (same size, not older). Returns files copied."""
    copied = 0
    names = set(ignore(str(src), [p.name for p in src.iterdir()]))
    for item in src.iterdir():
        if item.name in names:
            continue
        target = dst / item.name
        if item.is_dir():
            copied += _copy_newer(item, target, ignore)
            continue
        stat = item.stat()
        if target.exists() and target.stat().st_size == stat.st_size and target.stat().st_mtime >= stat.st_mtime:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(item, target)
        copied += 1
    return copied


def _on_build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    modules = Path(app.confdir) / "node_modules"
    vendor = Path(app.outdir) / "_static" / "vendor"
    _copy_newer(Path(__file__).parent / "static", vendor.parent / "wdl", shutil.ignore_patterns())
    for dest, source, leave_out in VENDOR:
        src = modules / source
        if not src.is_dir():
            logger.warning(
                "offline assets: %s is missing; run `npm ci` (or `make`), which installs "
                "package-lock.json into node_modules/", src, type="wdl", subtype="vendor")
            continue
        _copy_newer(src, vendor / dest, shutil.ignore_patterns(*leave_out))


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    "Interactive controls appear here in the online book and in Jupyter "
    "(they need a running Python kernel)."
)
HTML_NOTE = "This output is shown in the online book and in Jupyter."


def _on_config_inited(app, config):
    root = Path(app.confdir)
    try:
        tables = load_package(root / "data")
    except DataValidationError as exc:
        raise ConfigError(str(exc)) from None
    write_bibtex(tables["sources"], root / BIB_PATH)
    # pydata-sphinx-theme reads its colour mode (light, dark, or auto: the reader's system
    # setting) from html_context; unset, the page starts with an invalid empty mode.
    config.html_context = {"default_mode": "auto", **(config.html_context or {})}


def _bibliography_entries_as_list_items(app, pagename, templatename, context, doctree):
    """docutils puts bibliography entries (role doc-biblioentry, deprecated in DPUB-ARIA 1.1)
    in a role="list" container, which then owns no list items: screen readers and axe-core
    ("aria-required-children", critical) expect role listitem."""
    body = context.get("body") or ""
    if 'class="citation-list"' in body:
        context["body"] = body.replace('class="citation" id=', 'class="citation" role="listitem" id=').replace(
            ' role="doc-biblioentry"', "")


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        # an inline script may be registered once with filename None and once with ''
        key = (getattr(script, "filename", script) or "",
               tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


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


def setup(app):
    # Runs before sphinxcontrib-bibtex reads its files (it does so at builder-inited).
    app.connect("config-inited", _on_config_inited, priority=100)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", _bibliography_entries_as_list_items)
    app.connect("build-finished", _on_build_finished)
    app.add_js_file("wdl/sidebar-toggle.js")  # copied from wdl/static/ with the vendor files
    app.add_css_file("wdl/wdl.css")  # contrast fixes
    app.add_post_transform(ScreenOnlyOutputsForPrint)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
