"""The built HTML book in _build/html (built by `make test` before pytest runs)."""

import functools
import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from conftest import ROOT, toc_pages
from wdl.data import load_package

HTML = ROOT / "_build" / "html"


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.links, self.ids = [], [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])


def parse(path):
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def built():
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make test` (it builds before testing)")
    return HTML


@pytest.mark.parametrize("page", toc_pages())
def test_every_page_in_the_toc_is_built(built, page):
    assert (built / f"{page}.html").is_file()


@pytest.mark.parametrize("page", toc_pages())
def test_images_have_meaningful_alt_text(built, page):
    for image in parse(built / f"{page}.html").images:
        alt = (image.get("alt") or "").strip()
        src = image.get("src", "")
        assert alt, f"{page}: image {src} has no alt text"
        if "_images/" in src:  # the book's own figures (theme icons have short labels)
            assert len(alt) >= 40, f"{page}: figure {src} has alt {alt!r}"


@pytest.mark.parametrize("page", toc_pages())
def test_no_page_shows_an_error_or_traceback(built, page):
    text = (built / f"{page}.html").read_text(encoding="utf-8")
    for marker in ("Traceback (most recent call last)", "DataValidationError", 'class="output traceback'):
        assert marker not in text, f"{page} shows {marker!r}"


@functools.lru_cache(maxsize=None)
def ids_of(path):
    """The element ids of a built page (cached: many pages link into the same few)."""
    return frozenset(parse(path).ids)


@pytest.mark.parametrize("page", toc_pages())
def test_internal_links_and_anchors_resolve(built, page):
    """Every same-site link on a chapter page, raw HTML included, leads to a file and, for
    `page.html#anchor`, to an element with that id."""
    path = built / f"{page}.html"
    here = parse(path)
    for href in here.links:
        if re.match(r"^[a-z]+:", href):
            continue
        target, _, fragment = href.split("?")[0].partition("#")
        target_path = (path.parent / target).resolve() if target else path
        assert target_path.exists(), f"{page}: broken link {href}"
        if fragment and target_path.suffix == ".html":
            ids = here.ids if target_path == path else ids_of(target_path)
            assert unquote(fragment) in ids, f"{page}: link {href} points to a missing anchor"


def test_timeline_page_shows_the_static_chart_and_the_launch_buttons(built):
    text = (built / "book" / "timeline.html").read_text(encoding="utf-8")
    images = parse(built / "book" / "timeline.html").images
    assert any(img.get("alt", "").startswith("Timeline chart") for img in images)
    assert "mybinder.org/v2/gh/" in text
    assert "colab.research.google.com/github/" in text


def test_bibliography_lists_every_source(built):
    text = (built / "book" / "references.html").read_text(encoding="utf-8")
    sources = load_package(ROOT / "data")["sources"]
    entries = len(re.findall(r'<div class="citation" role="listitem" id=', text))
    assert entries == len(sources)
    # each entry links its source's URL, and URLs are unique per source (see test_data)
    missing = [s for s, url in zip(sources["source_id"], sources["url"]) if f'href="{escape(url)}"' not in text]
    assert not missing, f"{len(missing)} sources missing from the bibliography, e.g. {missing[:3]}"


# --- Citations, numbering, the PDF link, page weight ------------------------------------

CITED_AS = re.compile(r"^(?P<who>\S.*\S), (?P<year>\d{4}[a-z]{0,2}|n\.d\.(-[a-z]{1,2})?)$")


def citations_on(path):
    """The text of each reference inside the page's citations: "Allyn, 2024", "Reuters, 2020a"."""
    html = path.read_text(encoding="utf-8")
    found = []
    for span in re.findall(r'<span class="bibtex-citation"[^>]*>(.*?)</span>', html, re.S):
        found += [re.sub(r"<[^>]+>", "", a) for a in re.findall(r'<a class="reference internal"[^>]*>(.*?)</a>', span, re.S)]
    return found


@pytest.mark.parametrize("page", [p for p in toc_pages() if not p.endswith(("references", "index"))])
def test_citations_are_author_year_not_numbers(built, page):
    cited = citations_on(built / f"{page}.html")
    wrong = [c for c in cited if not CITED_AS.match(c.strip())]
    assert not wrong, f"{page}: citations not in author-year form: {wrong[:5]}"


def test_the_book_cites_author_year_with_publishers_for_unsigned_sources(built):
    cited = set()
    for page in toc_pages():
        cited.update(citations_on(built / f"{page}.html"))
    assert len(cited) > 100
    sources = load_package(ROOT / "data")["sources"]
    unsigned = sources[sources["author"].isna()]["publisher"]
    # a source without an author is cited by its publisher
    assert any(c.rsplit(", ", 1)[0] in set(unsigned) for c in cited)
    # sources of one author and year are told apart: 2020a, 2020b
    assert any(re.search(r"\d{4}[a-z]$", c) for c in cited)


def test_bibliography_entries_are_labelled_as_they_are_cited(built):
    text = (built / "book" / "references.html").read_text(encoding="utf-8")
    labels = re.findall(r'<span class="label"><span class="fn-bracket">\[</span>(.*?)<span class="fn-bracket">\]', text)
    assert labels and not [label for label in labels if label.isdigit()]


def test_chapters_number_their_exercises_and_figures_per_chapter(built):
    """The chapters are numbered straight through the parts, as in the PDF (tests/test_pdf.py)."""
    first = (built / "book" / "how-to-use.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="caption-number">Exercise 1\.1 ', first), "the first chapter's exercise is not 1.1"
    timeline = (built / "book" / "timeline.html").read_text(encoding="utf-8")
    assert re.search(r"Fig\. 3\.1 ", timeline) and re.search(r"Exercise 3\.1 ", timeline)


def test_the_download_menu_links_the_books_pdf(built):
    for page in ("book/index", "book/timeline"):
        path = built / f"{page}.html"
        html = path.read_text(encoding="utf-8")
        link = re.search(r'<a href="([^"]*where-the-data-lives\.pdf)"', html)
        assert link, f"{page}: no link to the book's PDF"
        assert "window.print()" not in html, f"{page}: the menu still offers the print dialog as the PDF"
        target = (path.parent / link.group(1)).resolve()
        assert target.is_file() and target.read_bytes()[:5] == b"%PDF-", (
            f"{page}: {link.group(1)} is not published with the site (make test / make pdf copy it)")


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.mark.parametrize("page", toc_pages())
def test_the_widget_manager_loads_only_where_a_widget_is_shown(built, page):
    html = (built / f"{page}.html").read_text(encoding="utf-8")
    loads = "bookext/widgets-on-demand.js" in html
    assert loads == (WIDGET_VIEW in html), f"{page}: widget manager {'without' if loads else 'missing for'} a widget"


@pytest.mark.parametrize("page", toc_pages())
def test_no_page_loads_the_font_awesome_script(built, page):
    path = built / f"{page}.html"
    html = path.read_text(encoding="utf-8")
    assert "fontawesome.js" not in html
    # the icons come from bookext/icons.py's font subset, in the page's one joined style sheet
    sheets = re.findall(r'<link rel="stylesheet"[^>]*href="([^"]*bookext/bundle-[^"]+)"', html)
    assert len(sheets) == 1, f"{page}: {len(sheets)} joined style sheets"
    bundle = (path.parent / sheets[0].split("?")[0]).read_text(encoding="utf-8")
    assert '"Book Icons Solid"' in bundle and "/* bookext/theme-fixes.css */" in bundle


# --- The glossary and the {term} links ----------------------------------------------------

GLOSSARY_SOURCE = ROOT / "book" / "glossary.md"


class GlossaryPage(HTMLParser):
    """The entries of the built glossary: one list of term anchors per <dt>... <dd> group."""

    def __init__(self):
        super().__init__()
        self.entries: list[list[str]] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "dt" and (attrs.get("id") or "").startswith("term-"):
            if not self._open:
                self.entries.append([])
                self._open = True
            self.entries[-1].append(attrs["id"])
        elif tag == "dd":
            self._open = False


@pytest.fixture(scope="module")
def glossary(built):
    page = GlossaryPage()
    page.feed((built / "book" / "glossary.html").read_text(encoding="utf-8"))
    assert page.entries, "the glossary page has no entries"
    return page.entries


def term_links(built):
    """{page: set of glossary anchors it links to}, for every built page except the glossary."""
    links = {}
    for path in sorted(built.rglob("*.html")):
        if path.name in ("glossary.html", "genindex.html", "search.html"):
            continue
        anchors = {href.split("#", 1)[1] for href in parse(path).links if "glossary.html#term-" in href}
        if anchors:
            links[str(path.relative_to(built))] = anchors
    return links


def test_glossary_defines_the_course_terms(glossary):
    anchors = {a for entry in glossary for a in entry}
    expected = [
        "CFIUS", "covered-transaction", "data-localisation", "data-residency", "data-sovereignty",
        "Data-Protection-Commission", "DPC", "divestiture", "qualified-divestiture", "FIRRMA",
        "foreign-adversary-controlled-application", "GDPR", "IEEPA", "ICTS-rule", "jurisdiction",
        "mitigation-agreement", "national-security-agreement", "PAFACA", "Project-Clover",
        "Project-Texas", "remote-access", "standard-contractual-clauses", "trusted-technology-partner",
        "USDS", "mobile-device-management", "MDM", "transparency-centre",
    ]
    missing = [t for t in expected if f"term-{t}" not in anchors]
    assert not missing, f"terms missing from the glossary: {missing}"


def test_every_glossary_entry_is_linked_from_a_page(built, glossary):
    """Each entry (under any of its names) is linked from at least one page of the book."""
    linked = set().union(*term_links(built).values())
    orphans = [entry for entry in glossary if not linked.intersection(entry)]
    assert not orphans, f"glossary entries no page links to: {orphans}"


def test_every_term_link_resolves_to_a_glossary_entry(built, glossary):
    anchors = {a for entry in glossary for a in entry}
    dangling = {page: sorted(found - anchors) for page, found in term_links(built).items() if found - anchors}
    assert not dangling, f"links to terms the glossary does not define: {dangling}"


def test_the_written_chapters_link_their_terms(built):
    """The Part I and II chapters and the home page link the glossary at least once each."""
    links = term_links(built)
    for page in ["book/index.html", "book/tiktok-and-bytedance.html",
                 "book/sovereignty-concepts.html", "book/reading-sources.html"]:
        assert links.get(page), f"{page} links no glossary term"


def glossary_entries_source():
    """(terms, definition text) for each entry of book/glossary.md."""
    text = GLOSSARY_SOURCE.read_text(encoding="utf-8")
    body = re.search(r":::\{glossary\}\n(?::sorted:\n)?(.*?)\n:::", text, re.S).group(1)
    entries = []
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = block.splitlines()
        terms = [line for line in lines if line and not line.startswith(" ")]
        definition = " ".join(line.strip() for line in lines if line.startswith(" "))
        entries.append((terms, definition))
    return entries


def test_each_glossary_definition_cites_a_source_and_names_a_chapter():
    entries = glossary_entries_source()
    assert len(entries) >= 20
    for terms, definition in entries:
        assert terms and definition, f"malformed glossary entry: {terms}"
        assert "{cite:p}`" in definition, f"{terms[0]}: no source cited"
        assert "{doc}`" in definition, f"{terms[0]}: no chapter named"


def test_every_term_role_in_the_sources_names_a_glossary_term():
    """Also checked by the strict build (-n); this names the file and the term."""
    import nbformat

    known = {t.lower() for terms, _ in glossary_entries_source() for t in terms}
    book = ROOT / "book"
    texts = {p.name: p.read_text(encoding="utf-8") for p in book.glob("*.md")}
    for path in book.glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        texts[path.name] = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    unknown = []
    for name, text in texts.items():
        for role in re.findall(r"\{term\}`([^`]+)`", text):
            target = re.search(r"<([^>]+)>$", role)
            term = (target.group(1) if target else role).strip().lower()
            if term not in known:
                unknown.append(f"{name}: {role}")
    assert not unknown, unknown
