"""Sphinx extension: every figure's image opens full size when tapped or clicked.

The notebooks' figures are drawn for a page about 740 px wide; on a phone their text is smaller
than legible, so each image becomes a link to itself (``static/wdl-figures.js``, served under
``_static/bookext/`` by ``vendor.py``). The script loads only on pages that have a figure.
"""

from __future__ import annotations


def _on_page(app, pagename, templatename, context, doctree):
    if "<figure" in context.get("body", ""):
        app.add_js_file("bookext/wdl-figures.js", loading_method="defer")


def setup(app):
    app.connect("html-page-context", _on_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
