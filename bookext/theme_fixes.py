"""Workarounds for faults of the HTML theme stack (sphinx-book-theme 1.3, pydata-sphinx-theme
0.17, sphinx-thebe 0.3, docutils), each named with what it works around and why.
``tests/test_browser.py`` checks the browser side of each. Remove a fix when the upstream
release that fixes it is installed and the browser tests still pass without it.

1. **The phone menu button does nothing.** pydata-sphinx-theme 0.17 wires the navigation
   drawer to the *first* ``.primary-toggle`` button of the page; sphinx-book-theme renders a
   second one in the article header, the one readers see on a phone, which then gets no
   listener: https://github.com/pydata/pydata-sphinx-theme/issues/2451 (open).
   ``static/sidebar-toggle.js`` passes its clicks on to the first button.
2. **"Got invalid theme mode: ." on a first visit.** With nothing in ``localStorage`` the
   theme's colour mode starts as an empty string, which pydata-sphinx-theme rejects with a
   console error before resetting to ``auto``
   (https://github.com/pydata/pydata-sphinx-theme/issues/1635). Setting ``default_mode`` in
   ``html_context`` makes the page start in a valid mode.
3. **"Identifier 'THEBE_JS_URL' has already been declared".** sphinx-thebe 0.3.1 registers
   its inline ``const THEBE_JS_URL`` script twice (once with filename ``None``, once ``''``),
   so every page showed a script error. No upstream report found; the fix drops repeated
   identical script entries from the page's script list.
4. **Bibliography entries with a deprecated ARIA role.** docutils writes each citation as
   ``role="doc-biblioentry"`` inside a ``role="list"`` container; DPUB-ARIA 1.1 deprecates the
   role because it is not a list item (https://github.com/w3c/dpub-aria/issues/70), and
   axe-core reports the list as owning no items ("aria-required-children", critical). The
   entries get ``role="listitem"`` instead.
5. **Text below WCAG AA contrast** (found by axe-core): links in sphinx-exercise's exercise and
   solution boxes (the theme's link blue on their light blue: 4.3:1) and ipywidgets' primary
   buttons (white on #2196f3: 3.1:1). No upstream report found; ``static/theme-fixes.css``
   darkens both.
"""

from __future__ import annotations

from .vendor import SERVED_AS


def _on_config_inited(app, config):
    # (2) pydata-sphinx-theme reads its colour mode (light, dark, or auto: the reader's system
    # setting) from html_context.
    config.html_context = {"default_mode": "auto", **(config.html_context or {})}


def _bibliography_entries_as_list_items(app, pagename, templatename, context, doctree):
    """(4) role listitem for bibliography entries, instead of doc-biblioentry."""
    body = context.get("body") or ""
    if 'class="citation-list"' in body:
        context["body"] = body.replace('class="citation" id=', 'class="citation" role="listitem" id=').replace(
            ' role="doc-biblioentry"', "")


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    """(3) each script once, even when an extension registers it twice."""
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


def setup(app):
    app.setup_extension("bookext.vendor")  # serves static/ under _static/bookext/
    app.connect("config-inited", _on_config_inited)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", _bibliography_entries_as_list_items)
    app.add_js_file(f"{SERVED_AS}/sidebar-toggle.js", loading_method="defer")  # (1)
    app.add_css_file(f"{SERVED_AS}/theme-fixes.css")  # (5)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
