"""The built book as a reader without a kernel sees it, in Chromium at phone and desktop width.

* No page scrolls sideways, and no cell of a table is clipped (its content fits inside it).
* Every control a reader sees in a page's content (the article: tables, quizzes, folded
  solutions, copy buttons; the theme's own toolbar is checked in tests/test_browser.py) responds
  when used: after typing in a search box, choosing in a menu, clicking a button, a radio button
  or a toggle, what the page shows (its text, its markup or the state of its form controls) is
  different.
* The interactive tables search, filter, sort and turn pages.

The server and Chromium are the session's (`site` and `browser` in tests/conftest.py).
"""

from __future__ import annotations

import contextlib

import pytest

from conftest import ROOT

HTML = ROOT / "_build" / "html"
WIDTHS = {"phone": 390, "desktop": 1280}


def chapter_pages() -> list[str]:
    if not (HTML / "book").is_dir():
        return []
    return sorted(f"book/{p.name}" for p in (HTML / "book").glob("*.html"))


PAGES = chapter_pages()
TABLE_PAGES = [p for p in PAGES if 'class="wdl-table' in (HTML / p).read_text(encoding="utf-8")]


@contextlib.contextmanager
def _page(browser, site, path, width):
    """A page of the book loaded at ``width`` (other hosts blocked), closed afterwards."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                  else route.abort())
    page = context.new_page()
    page.goto(site + path, wait_until="load")
    page.wait_for_timeout(300)
    if page.locator("table.wdl-table[data-wdl-interactive]").count():
        page.wait_for_selector(".dt-container", timeout=10_000)
    try:
        yield page
    finally:
        context.close()


def test_there_are_pages_and_tables():
    assert PAGES and TABLE_PAGES


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways(browser, site, path, width):
    with _page(browser, site, path, width) as page:
        wide = page.evaluate("""() => {
            const limit = document.documentElement.clientWidth + 1;
            const out = [];
            for (const el of document.querySelectorAll('main *')) {
                const box = el.getBoundingClientRect();
                if (box.width && box.right > limit && getComputedStyle(el).position !== 'fixed'
                    && !el.closest('.highlight, pre, .MathJax, mjx-container, [style*="overflow"]'))
                    out.push(el.tagName + '.' + el.className + ' ' + Math.round(box.right));
            }
            return {scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
                    out: out.slice(0, 5)};
        }""")
        assert wide["scroll"] <= wide["client"] + 1, f"{path} at {width}px scrolls sideways: {wide}"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", TABLE_PAGES)
def test_no_table_cell_is_clipped(browser, site, path, width):
    with _page(browser, site, path, width) as page:
        clipped = page.evaluate("""() => {
            const out = [];
            for (const cell of document.querySelectorAll('main table td, main table th')) {
                const box = cell.getBoundingClientRect();
                const head = cell.closest('thead');
                if (box.width <= 1 || box.height <= 1 || (head && head.getBoundingClientRect().width <= 1))
                    continue;  // hidden: another page of rows, or a header kept only for screen readers (phones)
                // the text column: a cell beyond its right edge is cut off or pushes the page sideways
                const column = cell.closest('article') || cell.closest('main');
                const edge = column.getBoundingClientRect().right;
                if (cell.scrollWidth > cell.clientWidth + 1 || box.right > edge + 1)
                    out.push(cell.textContent.trim().slice(0, 40));
            }
            return out;
        }""")
        assert not clipped, f"{path} at {width}px clips {len(clipped)} cell(s), e.g. {clipped[:5]}"


# What the page shows: its text, its markup's size and the state of its form controls, except
# the state of the menu or search box being used (choosing in a menu always changes the menu;
# what counts is what else changes). A radio button's or a checkbox's own state does count.
SIGNATURE = """(index) => {
    const main = document.querySelector('article') || document.querySelector('main');
    const state = [...document.querySelectorAll('input, select, textarea')]
        .filter(el => !(el.getAttribute('data-control-index') === String(index)
                        && (el.tagName === 'SELECT' || ['search', 'text'].includes(el.type))))
        .map(el => `${el.type}:${el.checked}:${el.value}`).join('|');
    return main.innerHTML.replace(/ data-control-index="\\d+"/g, '').length + ':' + main.innerText + '#' + state;
}"""

CONTROLS = """() => {
    const seen = [];
    const all = document.querySelectorAll(
        'article button, article select, article input:not([type=hidden]), article [role=button], article summary');
    all.forEach((el, i) => {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const disabled = el.disabled || el.getAttribute('aria-disabled') === 'true'
            || el.classList.contains('disabled');
        if (box.width && box.height && style.visibility !== 'hidden' && !disabled) {
            el.setAttribute('data-control-index', String(i));
            seen.push({index: i, tag: el.tagName.toLowerCase(), type: el.type || '',
                       text: (el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40)});
        }
    });
    return seen;
}"""


def _use(page, control):
    """Use a control; return a function that undoes what it did to the page's selection (a
    search emptied, a menu set back), so that the controls after it still have rows to act on."""
    locator = page.locator(f'[data-control-index="{control["index"]}"]')
    if control["tag"] == "select":
        current = locator.input_value()
        values = locator.evaluate("el => [...el.options].map(o => o.value)")
        other = next((v for v in values if v != current), None)
        if other is None:
            return None
        locator.select_option(other)
        return (lambda: locator.select_option(current)) if current in values else (lambda: None)
    if control["tag"] == "input" and control["type"] in ("search", "text"):
        before = locator.input_value()
        locator.fill("zzqx")
        return lambda: locator.fill(before)
    locator.click()
    return lambda: None


@pytest.mark.parametrize("path", PAGES)
def test_every_visible_control_responds(browser, site, path):
    with _page(browser, site, path, WIDTHS["desktop"]) as page:
        controls = page.evaluate(CONTROLS)
        dead = []
        for control in controls:
            if not page.locator(f'[data-control-index="{control["index"]}"]').is_visible():
                continue  # hidden by an earlier action (a folded box, another page of rows)
            before = page.evaluate(SIGNATURE, control["index"])
            undo = _use(page, control)
            if undo is None:
                continue
            page.wait_for_timeout(150)
            if page.evaluate(SIGNATURE, control["index"]) == before:
                dead.append(control)
            undo()
            page.wait_for_timeout(100)
        assert not dead, f"{path}: controls that change nothing: {dead}"


def _rows(page, table=0):
    return page.locator(".dt-container").nth(table).locator("tbody tr").all_inner_texts()


def test_the_interactive_table_searches_filters_sorts_and_pages(browser, site):
    with _page(browser, site, "book/timeline.html", WIDTHS["desktop"]) as page:
        container = page.locator(".dt-container").first
        first = _rows(page)
        assert len(first) == 10, "ten rows a page"
        container.locator("input[type=search]").fill("Supreme Court")
        page.wait_for_timeout(200)
        found = _rows(page)
        assert found and all("Supreme Court" in row for row in found)
        container.locator("input[type=search]").fill("")
        menu = container.locator(".wdl-table-filters select").first
        menu.select_option("court")
        page.wait_for_timeout(200)
        courts = _rows(page)
        assert courts and all("\tcourt\t" in f"\t{row}\t" for row in courts), courts[:3]
        menu.select_option("")
        container.locator(".dt-paging button", has_text="2").first.click()
        page.wait_for_timeout(200)
        assert _rows(page) != first, "the second page shows other rows"
        container.locator("thead th").nth(0).click()
        page.wait_for_timeout(200)
        assert _rows(page)[0] != first[0], "sorting by date changes the first row"


FIGURE_PAGES = [p for p in PAGES if "<figure" in (HTML / p).read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_every_figure_opens_full_size(browser, site, path):
    """The notebooks tell phone readers to tap a figure to open it full size: it must be a link
    to its own image."""
    with _page(browser, site, path, WIDTHS["phone"]) as page:
        figures = page.evaluate("""() => [...document.querySelectorAll('figure img')].map(img => {
            const link = img.closest('a');
            return {src: img.src, href: link ? link.href : null};
        })""")
        assert figures, f"{path}: no figure"
        assert all(f["href"] == f["src"] for f in figures), f"{path}: {figures}"
