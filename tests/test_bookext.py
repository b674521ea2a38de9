"""Unit tests for the book's build extensions (bookext/): bibliography, citations, print, icons."""

import re

import pytest

from bookext import bib, citations, icons, printed
from wdl.data import load_package


@pytest.fixture
def tables(minimal_package):
    return load_package(minimal_package)


# --- bibliography ---------------------------------------------------------


def test_bibtex_entry_fields_and_escaping(tables):
    sources = tables["sources"].copy()
    sources.loc[0, "title"] = "Cost & benefit: 100% {sure}"
    text = bib.to_bibtex(sources)
    entries = re.findall(r"@misc\{([^,]+),", text)
    assert entries == ["src-a", "src-b"]
    assert r"title = {{Cost \& benefit: 100\% \{sure\}}}" in text  # braces keep capitals
    assert "author = {{Example Agency}}" in text  # institution as author
    assert "author = {A. Writer}" in text
    assert "month = jun" in text and "day = {6}" in text
    # month precision: no day
    second = text.split("@misc{src-b")[1]
    assert "day =" not in second and "month = jun" in second


def test_bibtex_parses_back_with_pybtex(tables):
    from pybtex.database import parse_string

    database = parse_string(bib.to_bibtex(tables["sources"]), "bibtex")
    assert set(database.entries) == {"src-a", "src-b"}
    assert database.entries["src-a"].fields["url"] == "https://example.org/a"


def test_bibliography_text_shows_special_characters_as_written(tables):
    """What the reader sees: pybtex (as the book uses it) renders escaped titles back to plain text."""
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    sources = tables["sources"].copy()
    title = "Oracle & Walmart bid $800 million: 100% of #1_app"
    sources.loc[0, "title"] = title
    sources.loc[0, "publisher"] = "Smith & Co"
    database = parse_string(bib.to_bibtex(sources), "bibtex")
    style = find_plugin("pybtex.style.formatting", "plain")()
    rendered = {e.key: e.text.render_as("text") for e in style.format_entries(database.entries.values())}
    assert title in rendered["src-a"]
    assert "\\" not in rendered["src-a"]


def test_write_bibtex_only_when_changed(tables, tmp_path):
    target = tmp_path / "refs.bib"
    assert bib.write_bibtex(tables["sources"], target) is True
    assert bib.write_bibtex(tables["sources"], target) is False


# --- printed book (Sphinx extension) ----------------------------------------


def _mime_bundle(**outputs):
    """A myst-nb output bundle: one child container per mime type, holding its text."""
    from docutils import nodes

    bundle = nodes.container(nb_element="mime_bundle")
    for mime_type, text in outputs.items():
        child = nodes.container(mime_type=mime_type.replace("_", "/", 1))
        child += nodes.literal_block(text, text)
        bundle += child
    return bundle


def test_screen_only_outputs_become_a_note_in_print():
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document


    document = new_document("test", get_default_settings(Parser))
    output = nodes.container(classes=["cell_output"])
    kept = [
        _mime_bundle(image_png="(png)", text_plain="<Figure size 640x480 with 1 Axes>"),
        _mime_bundle(text_html="<table>...</table>", text_plain="   date  category\n0  2020"),
        _mime_bundle(text_plain="115 events"),
    ]
    widget = _mime_bundle(text_plain="VBox(children=(HBox(...")
    widget.children[0]["mime_type"] = printed.WIDGET_VIEW  # mime type with a "+" in it
    widget += _mime_bundle(text_plain="VBox(children=(HBox(...").children[0]
    html_only = _mime_bundle(text_html="<div>card</div>", text_plain="<IPython.core.display.HTML object>")
    styler = _mime_bundle(text_html="<style>...</style>", text_plain="<pandas.io.formats.style.Styler at 0x7f3a2c>")
    for bundle in [kept[0], widget, kept[1], html_only, kept[2], styler]:
        output += bundle
    document += output

    assert printed.replace_screen_only_outputs(document) == 3
    children = output.children
    assert children[0] is kept[0] and children[2] is kept[1] and children[4] is kept[2]
    notes = [children[1], children[3], children[5]]
    assert all(isinstance(note, nodes.paragraph) for note in notes)
    assert [note.astext() for note in notes] == [
        printed.WIDGET_NOTE, printed.HTML_NOTE, printed.HTML_NOTE,
    ]
    assert printed.replace_screen_only_outputs(document) == 0


def _code_cell(*tags, output=True):
    from docutils import nodes

    cell = nodes.container(nb_element="cell_code", classes=["cell", *(f"tag_{t}" for t in tags)])
    cell += nodes.container(nb_element="cell_code_source", classes=["cell_input"])
    if output:
        cell += nodes.container(nb_element="cell_code_output", classes=["cell_output"])
    return cell


def test_code_inputs_are_left_out_of_print_unless_tagged():
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("test", get_default_settings(Parser))
    plotted, discussed, silent = _code_cell(), _code_cell(printed.SHOW_IN_PRINT), _code_cell(output=False)
    for cell in (plotted, discussed, silent):
        document += cell
    assert printed.drop_code_inputs(document) == 2
    assert [c.get("nb_element") for c in plotted.children] == ["cell_code_output"]
    assert [c.get("nb_element") for c in discussed.children] == ["cell_code_source", "cell_code_output"]
    assert silent not in document.children  # a cell with neither code nor output left is removed


# --- author-year citations --------------------------------------------------


def _labels(sources):
    from pybtex.database import parse_string

    database = parse_string(bib.to_bibtex(sources), "bibtex")
    entries = list(citations.BookStyle().format_entries(database.entries.values()))
    return {entry.key: entry.label for entry in entries}, [entry.key for entry in entries]


def test_labels_are_author_year_with_the_publisher_when_there_is_no_author(tables):
    labels, _ = _labels(tables["sources"])
    assert labels == {"src-a": "Example Agency 2020", "src-b": "Writer 2022"}


def test_same_author_and_year_get_letters_in_title_order(tables):
    sources = tables["sources"].copy()
    sources.loc[1, ["author", "published", "title"]] = ["", sources.loc[0, "published"], "A beginning"]
    sources.loc[1, "publisher"] = sources.loc[0, "publisher"]
    labels, order = _labels(sources)
    assert labels == {"src-b": "Example Agency 2020a", "src-a": "Example Agency 2020b"}
    assert order == ["src-b", "src-a"]  # the bibliography's order is the letters' order


def test_an_institution_in_the_author_column_stays_one_name(tables):
    sources = tables["sources"].copy()
    sources.loc[1, "author"] = "Department for Business, Energy and Industrial Strategy"
    labels, _ = _labels(sources)
    assert labels["src-b"] == "Department for Business, Energy and Industrial Strategy 2022"


def test_an_authors_role_goes_to_the_note(tables):
    sources = tables["sources"].copy()
    sources.loc[1, "author"] = "Ben Murphy (translator)"
    labels, _ = _labels(sources)
    assert labels["src-b"] == "Murphy 2022"
    assert "Ben Murphy (translator)" in bib.to_bibtex(sources)


def test_cite_name_lists_two_authors_and_abbreviates_more():
    from pybtex.database import Person

    people = [Person("Bobby Allyn"), Person("David Shepardson"), Person("Karen Freifeld")]
    assert citations.cite_name(people[:1]) == "Allyn"
    assert citations.cite_name(people[:2]) == "Allyn and Shepardson"
    assert citations.cite_name(people) == "Allyn et al."


# --- icons ----------------------------------------------------------------------


def test_icon_code_points_come_from_the_theme_css_aliases_included():
    css = '.fa-github:before{content:"\\f09b"}.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}'
    assert icons.glyph_codepoints(css) == {"github": 0xF09B, "magnifying-glass": 0xF002, "search": 0xF002}


def test_icon_subset_holds_the_used_glyphs(tmp_path):
    from fontTools.ttLib import TTFont

    font = icons._theme_static() / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.ttf"
    icons.subset(font, {0xF002, 0xF0C9}, tmp_path / "s.woff")
    kept = set(TTFont(tmp_path / "s.woff").getBestCmap())
    assert {0xF002, 0xF0C9} <= kept and len(kept) < 10
    assert (tmp_path / "s.woff").stat().st_size < 10_000



# --- one style sheet ----------------------------------------------------------------


def test_joined_style_sheet_keeps_order_and_rewrites_relative_urls(tmp_path):
    from bookext import page_assets

    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "bookext").mkdir()
    (static / "styles" / "a.css").write_text('.a{background:url("../img/x.png")} .b{background:url(data:image/png;base64,AA)}')
    (static / "b.css").write_text(".c{background:url(y.svg)}")
    (static / "bookext" / "c.css").write_text("@font-face{src:url(f.woff)}")
    page_assets.write_bundles(static, {"k": ["styles/a.css", "b.css", "bookext/c.css"]})
    text = (static / "bookext" / "bundle-k.css").read_text()
    assert text.index("/* styles/a.css */") < text.index("/* b.css */") < text.index("/* bookext/c.css */")
    assert 'url("../img/x.png")' in text and "url(data:image/png;base64,AA)" in text
    assert "url(../y.svg)" in text and "url(f.woff)" in text


def test_theme_css_icons_are_kept_in_the_subset():
    css = ':root{--pst-icon-info-circle:"\\f05a";--pst-icon-download:"\uf019"} .fa-github:before{content:"\\f09b"}'
    assert icons.drawn_by_css(css) == {0xF05A, 0xF019}
