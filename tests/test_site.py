"""The built HTML book in _build/html (built by `make test` before pytest runs)."""

import re
from html import escape
from html.parser import HTMLParser

import pytest

from conftest import ROOT, toc_pages
from wdl.data import load_package

HTML = ROOT / "_build" / "html"


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])


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


@pytest.mark.parametrize("page", toc_pages())
def test_internal_links_resolve(built, page):
    path = built / f"{page}.html"
    for href in parse(path).links:
        if re.match(r"^[a-z]+:", href) or href.startswith("#"):
            continue
        target = href.split("#")[0].split("?")[0]
        if target:
            assert (path.parent / target).resolve().exists(), f"{page}: broken link {href}"


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
