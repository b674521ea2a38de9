"""Sphinx extension: the book's reader tables (``wdl.tables``) on the HTML pages.

* Serves the DataTables bundle that the itables package ships (``itables/html/dt_bundle.*``)
  under ``_static/vendor/itables/``, so the tables work offline. Its own ``static/wdl-tables.*``
  are served with the rest of ``bookext/static/`` under ``_static/bookext/`` (``vendor.py``).
* Adds them only to pages that hold such a table: the stylesheet where a
  ``wdl-table`` is on the page, the script and DataTables' stylesheet where one is
  marked interactive. Other pages load nothing for tables.
"""

from __future__ import annotations

import shutil
from pathlib import Path

def _bundle() -> Path:
    import itables

    return Path(itables.__file__).parent / "html"


def _on_page(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if 'class="wdl-table' not in body:
        return
    app.add_css_file("bookext/wdl-tables.css")
    if "data-wdl-interactive" in body:
        app.add_css_file("vendor/itables/dt_bundle.css")
        app.add_js_file("bookext/wdl-tables.js", type="module")


def _on_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    vendor = Path(app.outdir) / "_static" / "vendor" / "itables"
    vendor.mkdir(parents=True, exist_ok=True)
    for name in ("dt_bundle.js", "dt_bundle.css"):
        shutil.copy2(_bundle() / name, vendor / name)


def setup(app):
    app.connect("html-page-context", _on_page)
    app.connect("build-finished", _on_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
