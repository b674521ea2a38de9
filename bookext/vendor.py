"""Offline copies of the scripts the theme would otherwise fetch from CDNs, and the book's own.

* Copies require.js, the ipywidgets HTML manager and MathJax 3 from ``node_modules/``
  (installed by ``npm ci`` from ``package-lock.json``) into ``_static/vendor/`` of the built
  site, so the book reads offline. ``_config.yml`` points ``mathjax_path`` at the MathJax copy;
  :mod:`bookext.page_assets` adds the widget manager to the pages that show widgets.
* Serves the book's own small files (``bookext/static/``) under ``_static/bookext/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
SERVED_AS = "bookext"  # _static/bookext/

# What the built site serves under _static/vendor/, copied from node_modules/:
# (destination inside _static/vendor, source inside node_modules, file patterns to leave out)
VENDOR = [
    ("requirejs", "requirejs", ["bin", "README.md", "package.json"]),
    # embed-amd.js and the icon fonts its stylesheet refers to (by paths relative to the script)
    ("html-manager", "@jupyter-widgets/html-manager/dist", ["*.map", "embed.js", "embed.js.*", "libembed-amd.js"]),
    # the combined TeX/MathML component and what it loads on demand (fonts, extensions, menu, speech)
    ("mathjax", "mathjax/es5", ["tex-chtml*", "tex-svg*", "tex-mml-svg.js", "mml-*", "node-main.js", "output/svg*"]),
]


def copy_newer(src: Path, dst: Path, ignore) -> int:
    """Copy the tree src to dst, skipping files already copied (same size, not older). Returns files copied."""
    copied = 0
    names = set(ignore(str(src), [p.name for p in src.iterdir()]))
    for item in src.iterdir():
        if item.name in names:
            continue
        target = dst / item.name
        if item.is_dir():
            copied += copy_newer(item, target, ignore)
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
    static = Path(app.outdir) / "_static"
    copy_newer(STATIC, static / SERVED_AS, shutil.ignore_patterns())
    for dest, source, leave_out in VENDOR:
        src = modules / source
        if not src.is_dir():
            logger.warning(
                "offline assets: %s is missing; run `npm ci` (or `make`), which installs "
                "package-lock.json into node_modules/", src, type="bookext", subtype="vendor")
            continue
        copy_newer(src, static / "vendor" / dest, shutil.ignore_patterns(*leave_out))


def setup(app):
    app.connect("build-finished", _on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
