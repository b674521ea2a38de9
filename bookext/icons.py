"""The theme's icons at a fraction of the weight.

pydata-sphinx-theme draws its Font Awesome icons with ``scripts/fontawesome.js``, 1.49 MB as
served (530 kB compressed) on every page, for the 20-odd icons the book shows: reported
upstream as https://github.com/pydata/pydata-sphinx-theme/issues/2379 (the script's size) and
https://github.com/pydata/pydata-sphinx-theme/issues/2115 (it blocks rendering); the fix
proposed there (pull request 2494, open) draws the standard icons from the web fonts and CSS
that the theme's style sheet already carries. Until a release has it, this extension

* leaves the script out of every page (``templates/static/webpack-macros.html`` overrides the
  theme's macro that writes the ``<script>`` tag);
* after the HTML build, collects the icon classes the built pages use (``fa-github``,
  ``fa-magnifying-glass``...), and writes ``_static/bookext/icons.css`` with a WOFF subset of
  the theme's own solid and brands fonts holding only those glyphs (a few kB). The theme's CSS
  already maps each class to its glyph; ``icons.css`` points the font families at the subsets.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging

from .vendor import SERVED_AS

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
# icons the theme's scripts add to the page at run time (the search dialog's close button)
ADDED_BY_SCRIPTS = {"xmark"}
FONTS = {  # our family name: (theme font file, the theme's CSS classes that use it, CSS weight,
    #                            the CSS variable the theme's own rules draw icons with)
    "Book Icons Solid": ("fa-solid-900.ttf", ".fa-solid,.fas,.fa", 900, "--fa-font-solid"),
    "Book Icons Regular": ("fa-regular-400.ttf", ".fa-regular,.far", 400, "--fa-font-regular"),
    "Book Icons Brands": ("fa-brands-400.ttf", ".fa-brands,.fab", 400, "--fa-font-brands"),
}
THEME_CSS = ["pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css",
             "sphinx_book_theme/static/styles/sphinx-book-theme.css"]
# a glyph in a CSS string: Font Awesome's code points are in the private use area
_GLYPH = re.compile(r'"(\\[0-9a-fA-F]{4,5}|[\ue000-\uf8ff])"')
_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"\\([0-9a-f]+)"\}')
_CLASS = re.compile(r'class="([^"]*\bfa-[^"]*)"')


def _theme_static() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def _theme_css() -> list[str]:
    import pydata_sphinx_theme
    import sphinx_book_theme

    roots = {"pydata_sphinx_theme": Path(pydata_sphinx_theme.__file__).parent / "theme",
             "sphinx_book_theme": Path(sphinx_book_theme.__file__).parent / "theme"}
    return [(roots[name.split("/")[0]] / name).read_text(encoding="utf-8") for name in THEME_CSS]


def drawn_by_css(css: str) -> set[int]:
    """Code points the theme's own rules draw (admonition icons, the breadcrumb divider,
    external-link arrows: ``content: var(--pst-icon-...)`` in Font Awesome's font)."""
    css = _RULE.sub("", css)  # the icon classes' own rules are counted by the pages' use
    points = set()
    for glyph in _GLYPH.findall(css):
        points.add(int(glyph[1:], 16) if glyph.startswith("\\") else ord(glyph))
    return points


def glyph_codepoints(css: str) -> dict[str, int]:
    """Icon name (``magnifying-glass``) to code point, from the theme's Font Awesome CSS."""
    names = {}
    for selectors, code in _RULE.findall(css):
        for name in re.findall(r"\.fa-([a-z0-9-]+):before", selectors):
            names.setdefault(name, int(code, 16))
    return names


def used_icons(html_root: Path) -> set[str]:
    """The ``fa-*`` class names on the built pages (modifiers such as ``fa-lg`` included)."""
    found = set(ADDED_BY_SCRIPTS)
    for page in html_root.rglob("*.html"):
        for classes in _CLASS.findall(page.read_text(encoding="utf-8")):
            found.update(c[3:] for c in classes.split() if c.startswith("fa-"))
    return found


def subset(font: Path, codepoints: set[int], target: Path) -> None:
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    options = ftsubset.Options()
    options.flavor = "woff"  # zlib; woff2 would need the brotli module
    options.layout_features = ["*"]
    tt = TTFont(font)
    present = set(tt.getBestCmap())
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints & present) or [0x20])
    subsetter.subset(tt)
    tt.flavor = "woff"
    target.parent.mkdir(parents=True, exist_ok=True)
    tt.save(target)


def write_icons(html_root: Path) -> str:
    """Write icons.css and the font subsets into ``html_root/_static/bookext``; return the CSS."""
    static = _theme_static()
    sheets = _theme_css()
    points = glyph_codepoints(sheets[0])
    wanted = {points[name] for name in used_icons(html_root) if name in points}
    for css in sheets:
        wanted |= drawn_by_css(css)
    out = html_root / "_static" / SERVED_AS
    rules = ["/* Generated by bookext/icons.py: the Font Awesome glyphs this book uses. */"]
    variables = []
    for family, (filename, selectors, weight, variable) in FONTS.items():
        woff = Path(filename).with_suffix(".woff").name
        subset(static / "vendor" / "fontawesome" / "webfonts" / filename, wanted, out / woff)
        rules.append(f'@font-face{{font-family:"{family}";font-style:normal;font-weight:{weight};'
                     f'font-display:block;src:url({woff}) format("woff")}}')
        rules.append(f'{selectors}{{font-family:"{family}"}}')
        variables.append(f'{variable}:normal {weight} 1em/1 "{family}"')
    families = {"classic": "Book Icons Solid", "brands": "Book Icons Brands"}
    variables += [f'--fa-style-family-{name}:"{family}"' for name, family in families.items()]
    rules.append(":root{" + ";".join(variables) + "}")
    text = "\n".join(rules) + "\n"
    target = out / "icons.css"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return text


def _on_config_inited(app, config):
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _on_build_finished(app, exception):
    if exception is None and app.builder.format == "html":
        write_icons(Path(app.outdir))


def setup(app):
    app.connect("config-inited", _on_config_inited)
    app.connect("build-finished", _on_build_finished)
    app.add_css_file(f"{SERVED_AS}/icons.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
