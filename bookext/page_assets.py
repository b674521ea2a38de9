"""Each page loads only what it uses, without blocking the first paint.

* **The ipywidgets manager only where a widget is shown.** require.js, its paths and the
  widget manager (about 900 kB compressed) are added to a page only when the page's body holds
  a widget view (``application/vnd.jupyter.widget-view+json``). ``_config.yml`` sets
  ``nb_ipywidgets_js`` to nothing, so myst-nb, which adds them to every notebook page with saved
  widget state (shown or not), leaves them to this extension.
* **Scripts deferred.** Sphinx and the extensions add their scripts to ``<head>`` without
  ``defer``, so each blocks the page from rendering until it has loaded. They only act on a
  loaded page (they wait for ``DOMContentLoaded`` themselves), so this extension gives each
  ``defer``, which keeps their order. ``documentation_options.js`` stays as it is: inline
  scripts later in ``<head>`` set ``DOCUMENTATION_OPTIONS.pagename`` on it.
* MathJax needs nothing here: Sphinx adds it only to pages with mathematics.
"""

from __future__ import annotations

from .vendor import SERVED_AS

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# The widget manager and what it needs before it, in order (see bookext/vendor.py).
WIDGET_SCRIPTS = [
    "vendor/requirejs/require.js",
    f"{SERVED_AS}/require-paths.js",
    "vendor/html-manager/embed-amd.js",
]
KEEP_BLOCKING = {"documentation_options.js"}


def _add_widget_manager(app, pagename, templatename, context, doctree):
    if WIDGET_VIEW in (context.get("body") or ""):
        for offset, path in enumerate(WIDGET_SCRIPTS):
            app.add_js_file(path, priority=800 + offset, loading_method="defer")


def _defer_scripts(app, pagename, templatename, context, doctree):
    for script in context.get("script_files") or []:
        filename = getattr(script, "filename", None)
        attributes = getattr(script, "attributes", None)
        if not filename or attributes is None or "://" in filename:
            continue
        if filename.rsplit("/", 1)[-1].split("?")[0] in KEEP_BLOCKING:
            continue
        if "async" not in attributes and attributes.get("type", "text/javascript") == "text/javascript":
            attributes["defer"] = "defer"


def setup(app):
    app.connect("html-page-context", _add_widget_manager)
    app.connect("html-page-context", _defer_scripts, priority=950)  # after every script is added
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
