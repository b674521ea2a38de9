"""Each page loads only what it uses, without blocking the first paint.

* **The ipywidgets manager only where a widget is shown, and when it is.** require.js, its
  paths and the widget manager (about 900 kB compressed) are needed only on a page whose body
  holds a widget view (``application/vnd.jupyter.widget-view+json``). ``_config.yml`` sets
  ``nb_ipywidgets_js`` to nothing, so myst-nb, which adds them to every notebook page with saved
  widget state (shown or not), leaves them to this extension, which adds to such a page only
  ``static/widgets-on-demand.js``: it loads the three when a widget comes near the screen, so
  that the manager's start-up does not hold up the page's first paint and first input.
* **Scripts deferred.** Sphinx and the extensions add their scripts to ``<head>`` without
  ``defer``, so each blocks the page from rendering until it has loaded. They only act on a
  loaded page (they wait for ``DOMContentLoaded`` themselves), so this extension gives each
  ``defer``, which keeps their order. ``documentation_options.js`` stays as it is: inline
  scripts later in ``<head>`` set ``DOCUMENTATION_OPTIONS.pagename`` on it. So does every script
  of the search page, whose template loads ``searchtools.js`` without ``defer``, and which
  needs ``doctools.js`` before it.
* **One style sheet instead of ten.** The extensions each add a small style sheet (pygments,
  togglebutton, copybutton, myst-nb, thebe, sphinx-exercise, sphinx-design, the book's own...);
  each is a request that blocks the first paint, and on a phone's network their round trips
  add up. After the build they are joined, in the page's order, into one
  ``_static/bookext/bundle-<id>.css`` (``url()`` paths rewritten), which the pages link instead.
  The theme's two own sheets stay as they are (``templates/static/webpack-macros.html`` only
  links ``basic.css`` directly rather than through ``theme.css``'s ``@import``, one round trip).
* MathJax needs nothing here: Sphinx adds it only to pages with mathematics.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

from .vendor import SERVED_AS

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Loads require.js, the paths and the widget manager (bookext/vendor.py copies them) on demand.
WIDGET_LOADER = f"{SERVED_AS}/widgets-on-demand.js"
KEEP_BLOCKING = {"documentation_options.js"}


def _add_widget_manager(app, pagename, templatename, context, doctree):
    if WIDGET_VIEW in (context.get("body") or ""):
        app.add_js_file(WIDGET_LOADER, priority=800, loading_method="defer")


def _defer_scripts(app, pagename, templatename, context, doctree):
    if pagename == "search":
        return
    scripts = context.get("script_files") or []
    for i, script in enumerate(scripts):
        filename = getattr(script, "filename", None)
        attributes = getattr(script, "attributes", None)
        if not filename or attributes is None or "://" in str(filename):
            continue
        if str(filename).rsplit("/", 1)[-1].split("?")[0] in KEEP_BLOCKING:
            continue
        if "async" not in attributes and "defer" not in attributes \
                and attributes.get("type", "text/javascript") == "text/javascript":
            # a new entry: the objects are shared by every page, the search page included
            scripts[i] = _JavaScript(filename, priority=script.priority, **{**attributes, "defer": "defer"})


MANIFEST = "bundles.json"  # in _static/bookext: each bundle's list of style sheets
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def _bundled(css) -> str | None:
    """The style sheet's path inside _static/ if it can join the bundle, else None."""
    filename = str(getattr(css, "filename", "") or "")
    attributes = getattr(css, "attributes", {})
    if "://" in filename or set(attributes) - {"rel", "type"} or attributes.get("rel") != "stylesheet":
        return None
    path = filename.split("?")[0]
    return path[len("_static/"):] if path.startswith("_static/") else path


def _bundle_css(app, pagename, templatename, context, doctree):
    files = context.get("css_files")
    if not files:
        return
    names = [_bundled(css) for css in files]
    joined = [name for name in names if name]
    if len(joined) < 2:
        return
    key = hashlib.sha256("\n".join(joined).encode()).hexdigest()[:12]
    bundles = app.env.__dict__.setdefault("bookext_css_bundles", {})
    bundles[key] = joined
    bundle = _CascadingStyleSheet(f"_static/{SERVED_AS}/bundle-{key}.css", priority=500)
    first = names.index(joined[0])
    files[:] = [css for css, name in zip(files, names) if not name][:first] + [bundle] + [
        css for css, name in zip(files, names) if not name][first:]


def _rewrite_urls(css: str, source: str) -> str:
    """``url()`` paths of a sheet at _static/<source>, for the bundle in _static/bookext/."""
    def fix(match):
        quote, url = match.groups()
        if url.startswith(("data:", "http:", "https:", "/", "#")):
            return match.group(0)
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(posixpath.dirname(source), url)), SERVED_AS)
        return f"url({quote}{moved}{quote})"
    return _URL.sub(fix, css)


def write_bundles(static: Path, new: dict[str, list[str]]) -> None:
    manifest = static / SERVED_AS / MANIFEST
    bundles = json.loads(manifest.read_text()) if manifest.exists() else {}
    bundles.update(new)
    for key, names in bundles.items():
        parts = []
        for name in names:
            source = static / name
            if source.is_file():
                parts.append(f"/* {name} */\n" + _rewrite_urls(source.read_text(encoding="utf-8"), name))
        text = "\n".join(parts)
        target = static / SERVED_AS / f"bundle-{key}.css"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(bundles, indent=1, sort_keys=True), encoding="utf-8")


def _on_build_finished(app, exception):
    if exception is None and app.builder.format == "html":
        write_bundles(Path(app.outdir) / "_static", getattr(app.env, "bookext_css_bundles", {}))


def setup(app):
    app.connect("html-page-context", _bundle_css, priority=960)
    app.connect("build-finished", _on_build_finished, priority=900)  # after icons.css is written
    app.connect("html-page-context", _add_widget_manager)
    app.connect("html-page-context", _defer_scripts, priority=950)  # after every script is added
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
