"""The built book as readers meet it: every page in a real browser.

Debian's Chromium (/usr/bin/chromium, installed by `make`), headless, driven by
Playwright for Python. The built site `_build/html` is served on 127.0.0.1 and
every request to any other host is blocked, so each page must also read offline.
For every page built (whatever pages the book has), the tests check:

* no JavaScript error (console errors and uncaught exceptions) and no failed request;
* nothing is fetched from outside the book (the theme's CDN scripts are served locally);
* every image has meaningful alt text and actually renders (naturalWidth > 0), including
  images drawn by widgets; every widget view and every table renders;
* no serious or critical accessibility violation found by axe-core;
* at phone width (375x667) the page does not scroll sideways and the navigation opens;
* in the theme's dark mode, figures keep a light background with dark ink;

and, over the whole site, linkinator finds no broken internal link (links written as raw HTML
included; anchors are checked in test_site.py, since linkinator skips a fragment link to a page
it has already visited), and MathJax typesets from the book's own copy.
Screenshots are saved under _build/screenshots/ (phone/ and dark/).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from PIL import Image, ImageStat

from conftest import ROOT
from localsite import CHROMIUM, CHROMIUM_FLAGS, serve

HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LINKINATOR = ROOT / "node_modules" / ".bin" / "linkinator"
PHONE = {"width": 375, "height": 667}
# alt text that says nothing about the picture
UNINFORMATIVE_ALT = {"image", "img", "picture", "photo", "figure", "graphic", "chart", "plot", "untitled", "alt"}
FILENAME = re.compile(r"^[\w.\-/]+\.(png|jpe?g|gif|svg|webp|avif)$", re.I)


def built_pages() -> list[str]:
    """Every HTML page of the built book (theme assets and source copies aside)."""
    if not HTML.is_dir():
        return []
    return sorted(
        p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
        if not p.relative_to(HTML).parts[0].startswith("_")
    )


PAGES = built_pages()


# --- the server and the browser -------------------------------------------------------------

# The `site` (the built book on 127.0.0.1) and `browser` (Chromium) fixtures are in conftest.py,
# shared with test_reader.py and test_jupyterlab.py: Playwright's sync API runs one instance at a time.


class Visit:
    """What happened while one page loaded: errors, requests, and what the page shows."""

    def __init__(self):
        self.errors: list[str] = []      # console errors and uncaught exceptions
        self.failed: list[str] = []      # same-site requests that failed or answered 4xx/5xx
        self.outside: list[str] = []     # requests to other hosts (blocked)
        self.facts: dict = {}


def _watch(page, visit: Visit):
    page.on("console", lambda msg: msg.type == "error" and visit.errors.append(f"console: {msg.text}"))
    page.on("pageerror", lambda exc: visit.errors.append(f"uncaught: {exc}"))
    page.on("requestfailed", lambda req: urlsplit(req.url).hostname == "127.0.0.1"
            and visit.failed.append(f"{req.url} ({req.failure})"))
    page.on("response", lambda res: res.status >= 400 and urlsplit(res.url).hostname == "127.0.0.1"
            and visit.failed.append(f"{res.url} (HTTP {res.status})"))


def _new_context(browser, visit_for_page: dict, **options):
    """A browser context that serves 127.0.0.1 and blocks (and records) every other host."""
    context = browser.new_context(**options)

    def route(route):
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            visit_for_page["current"].outside.append(url)
            route.abort()

    context.route("**/*", route)
    return context


def _open(page, site: str, path: str):
    """Load a page; a redirect page (the site root's meta refresh) is followed to its target."""
    page.goto(site + path, wait_until="load")
    refresh = re.search(r'http-equiv="Refresh" content="\d+;\s*url=([^"]+)"',
                        (HTML / path).read_text(encoding="utf-8"), re.I)
    if refresh:
        target = site + (Path(path).parent / refresh.group(1)).as_posix().lstrip("./")
        page.wait_for_url(target)
        page.wait_for_load_state("load")


def _settle(page):
    """Wait until what loads after the page (widgets, MathJax) has loaded and rendered (at most 10 s).
    The widget manager loads when a widget comes near the screen (bookext/static/widgets-on-demand.js):
    each widget is scrolled to, as a reader would, then the page scrolled back to the top."""
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        page.evaluate("""() => document.querySelector('script[type="application/vnd.jupyter.widget-view+json"]')
            .parentElement.scrollIntoView()""")
        page.wait_for_function("() => !!window.require")  # the loader has started
        page.evaluate("window.scrollTo(0, 0)")
    if views or page.locator('script[src*="mathjax"]').count():
        page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    try:
        page.wait_for_function(
            """() => [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
                  .every(s => s.parentElement.querySelector('.jupyter-widgets'))""",
            timeout=10_000,
        )
    except Exception:  # noqa: BLE001 - recorded below as a widget that did not render
        pass


FACTS_JS = """async () => {
  const images = [...document.querySelectorAll('img')];
  await Promise.all(images.map(i => { i.loading = 'eager'; return i.decode().catch(() => null); }));
  const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
  return {
    lang: document.documentElement.lang,
    icon: (document.querySelector('link[rel~="icon"]') || {}).href || null,
    images: images.map(i => ({src: i.getAttribute('src') || '', alt: i.getAttribute('alt'),
                              width: i.naturalWidth})),
    widgetViews: views.length,
    widgetsRendered: views.filter(s => {
      const view = s.parentElement.querySelector('.jupyter-widgets');
      return view && view.getBoundingClientRect().height > 0;
    }).length,
    tables: [...document.querySelectorAll('main table')].map(t => ({
      rows: t.querySelectorAll('tr').length,
      shown: t.closest('details:not([open])') !== null || t.getBoundingClientRect().height > 0})),
  };
}"""


@pytest.fixture(scope="session")
def visits(browser, site):
    """Each page loaded once at desktop size, with axe-core run on it (cached by page)."""
    state = {"current": Visit()}
    context = _new_context(browser, state, viewport={"width": 1280, "height": 900})
    cache: dict[str, Visit] = {}

    def visit(path: str) -> Visit:
        if path not in cache:
            state["current"] = result = Visit()
            page = context.new_page()
            _watch(page, result)
            _open(page, site, path)
            _settle(page)
            result.facts = page.evaluate(FACTS_JS)
            page.add_script_tag(path=str(AXE))
            # preload: false - axe's own fetch of the style sheets resolves the theme's @import
            # against the page instead of the sheet (a request for /basic.css that 404s); it only
            # serves the css-orientation-lock rule.
            axe = page.evaluate("axe.run(document, {resultTypes: ['violations'], preload: false})")
            result.facts["axe"] = [
                {"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "where": [n["target"] for n in v["nodes"]][:5]}
                for v in axe["violations"]
            ]
            page.close()
            cache[path] = result
        return cache[path]

    yield visit
    context.close()


# --- every page, desktop ------------------------------------------------------------------

def test_the_site_has_pages_to_visit():
    assert "book/index.html" in PAGES, "the book is not built: run `make test`"


@pytest.mark.parametrize("path", PAGES)
def test_no_javascript_errors(visits, path):
    assert not visits(path).errors, "\n".join(visits(path).errors)


@pytest.mark.parametrize("path", PAGES)
def test_no_failed_requests(visits, path):
    assert not visits(path).failed, "\n".join(visits(path).failed)


@pytest.mark.parametrize("path", PAGES)
def test_reads_offline_nothing_fetched_from_other_hosts(visits, path):
    assert not visits(path).outside, "requested from outside the book:\n" + "\n".join(visits(path).outside)


@pytest.mark.parametrize("path", PAGES)
def test_page_names_an_icon_the_site_serves(visits, site, path):
    """Without a declared icon, browsers ask for /favicon.ico: a failed request on every visit."""
    icon = visits(path).facts["icon"]
    assert icon and icon.startswith(site), f"no icon declared (or one from elsewhere): {icon}"
    assert (HTML / urlsplit(icon).path.lstrip("/")).is_file(), f"the icon {icon} is not in the built site"


def meaningless_alt(alt: str | None, src: str) -> str | None:
    """Why this alt text says nothing about the image, or None if it may."""
    text = (alt or "").strip()
    if not text:
        return "no alt text"
    if text.lower() in UNINFORMATIVE_ALT:
        return f"alt text {text!r} names no content"
    if FILENAME.match(text) or text == src.rsplit("/", 1)[-1]:
        return f"alt text {text!r} is a file name"
    return None


def test_meaningless_alt_is_recognised():
    assert meaningless_alt("", "a.png") and meaningless_alt(None, "a.png")
    assert meaningless_alt("Image", "x.png") and meaningless_alt("chart_2.png", "../_images/chart_2.png")
    assert meaningless_alt(" fc4e5aba.png ", "../_images/fc4e5aba.png")
    assert meaningless_alt("Timeline chart of events by category.", "x.png") is None


@pytest.mark.parametrize("path", PAGES)
def test_images_have_meaningful_alt_text(visits, path):
    problems = [f"{img['src'][:80]}: {why}" for img in visits(path).facts["images"]
                if (why := meaningless_alt(img["alt"], img["src"]))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES)
def test_images_render(visits, path):
    broken = [img["src"][:80] for img in visits(path).facts["images"] if img["width"] == 0]
    assert not broken, f"images that did not load: {broken}"


@pytest.mark.parametrize("path", PAGES)
def test_widgets_render_their_saved_state(visits, path):
    facts = visits(path).facts
    assert facts["widgetsRendered"] == facts["widgetViews"], (
        f"{facts['widgetViews'] - facts['widgetsRendered']} of {facts['widgetViews']} widget views did not render")


@pytest.mark.parametrize("path", PAGES)
def test_tables_render(visits, path):
    tables = visits(path).facts["tables"]
    assert all(t["rows"] > 0 and t["shown"] for t in tables), f"empty or invisible tables: {tables}"


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(visits, path):
    visit = visits(path)
    assert visit.facts["lang"], "the page does not declare its language"
    serious = [v for v in visit.facts["axe"] if v["impact"] in ("serious", "critical")]
    assert not serious, "axe-core:\n" + "\n".join(f"{v['impact']} {v['id']}: {v['help']} at {v['where']}"
                                                  for v in serious)


def test_no_static_page_shows_a_control_that_needs_a_kernel():
    """The ipywidgets explorers run in live notebooks only: no built page holds a widget view
    (which would show controls that do nothing without a kernel)."""
    with_widgets = [p for p in PAGES if 'application/vnd.jupyter.widget-view+json' in (HTML / p).read_text()]
    assert not with_widgets


# --- MathJax from the book's own copy -----------------------------------------------------

def test_icons_draw_from_the_books_font_subset_and_the_pdf_link_works(browser, site):
    """The theme's icons come from bookext/icons.py's font subset (not a 1.5 MB script), and the
    download menu's "Book (PDF)" entry fetches the printed book."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "book/timeline.html", wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    fonts = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Book Icons Solid" in family for family in fonts), fonts
    assert not any("Font Awesome" in family for family in fonts), f"the full icon fonts load too: {fonts}"
    widths = page.evaluate("""[...document.querySelectorAll('.article-header-buttons i.fa-solid, .article-header-buttons i.fas')]
        .filter(i => i.checkVisibility()).map(i => i.getBoundingClientRect().width)""")
    assert widths and all(w > 8 for w in widths), f"header icons drawn {widths} px wide"
    page.click("button[aria-label='Download this page']")
    link = page.locator("a:has-text('Book (PDF)')")
    assert link.is_visible()
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok and response.body()[:5] == b"%PDF-"
    page.close()


def test_mathjax_typesets_offline_from_the_books_copy(browser, site):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]
    mathjax = config["mathjax_path"]
    assert "://" not in mathjax, "mathjax_path must point into the book, not a CDN"
    state = {"current": Visit()}
    context = _new_context(browser, state)
    page = context.new_page()
    _watch(page, state["current"])
    page.goto(site + "book/index.html", wait_until="load")
    page.evaluate("""() => { const p = document.createElement('p'); p.id = 'probe';
                            p.textContent = '\\\\(a^2 + b^2 = c^2\\\\)'; document.body.prepend(p); }""")
    page.add_script_tag(url=f"{site}_static/{mathjax}")
    page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=10_000)
    typeset = page.evaluate("MathJax.startup.promise.then(() => document.querySelectorAll('#probe mjx-container').length)")
    page.wait_for_load_state("networkidle")
    context.close()
    visit = state["current"]
    assert typeset == 1
    assert not visit.errors and not visit.failed and not visit.outside, (visit.errors, visit.failed, visit.outside)


# --- links and anchors --------------------------------------------------------------------

def test_internal_links_and_anchors_resolve(tmp_path):
    """linkinator crawls the site from its root and follows every same-site link (anchors: test_site.py)."""
    report = tmp_path / "links.json"
    with open(report, "w") as out:
        run = subprocess.run(
            [str(LINKINATOR), str(HTML), "--recurse", "--check-fragments", "--check-css",
             "--skip", r"^(?!https?://(localhost|127\.0\.0\.1)[:/])", "--format", "json"],
            stdout=out, stderr=subprocess.PIPE, text=True, timeout=300, cwd=ROOT,
        )
    links = json.loads(report.read_text())["links"]
    broken = [f"{link['url']} (status {link['status']}) on {link.get('parent')}"
              for link in links if link["state"] == "BROKEN"]
    assert not broken, "broken links:\n" + "\n".join(broken)
    assert run.returncode == 0, run.stderr
    checked = {urlsplit(link["url"]).path.split("_build/html/", 1)[-1].lstrip("/") for link in links}
    unreached = [p for p in PAGES if p not in checked and p != "index.html"]
    assert not unreached, f"pages no link leads to (linkinator never checked them): {unreached}"


# --- phones ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def phone(browser, site):
    state = {"current": Visit()}
    context = _new_context(browser, state, viewport=PHONE, is_mobile=True, has_touch=True)
    yield context, state
    context.close()


def _shot_name(path: str) -> str:
    return path.removesuffix(".html").replace("/", "-") + ".png"


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_phone_screen_and_its_navigation_opens(phone, site, path):
    context, state = phone
    state["current"] = Visit()
    page = context.new_page()
    _open(page, site, path)
    _settle(page)
    widths = page.evaluate("""() => ({page: document.documentElement.scrollWidth,
                                      body: document.body.scrollWidth, viewport: window.innerWidth})""")
    shot = SHOTS / "phone" / _shot_name(path)
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    # the navigation: the menu button is on screen, and opens the list of chapters
    page.locator("button.primary-toggle:visible").first.click()
    links = page.locator("#pst-primary-sidebar-modal a.reference.internal:visible")
    try:
        links.first.wait_for(state="visible", timeout=5_000)
    except Exception:  # noqa: BLE001 - reported by the assertion below
        pass
    chapters = links.count()
    page.close()
    # not window.innerWidth: on a phone the layout viewport grows to fit content that overflows
    assert max(widths["page"], widths["body"]) <= PHONE["width"], (
        f"the page scrolls sideways at {PHONE['width']} px: {widths}")
    assert chapters >= 5, f"the menu button does not open the navigation on a phone ({chapters} links shown)"
    with Image.open(shot) as image:
        assert image.size == (PHONE["width"], PHONE["height"])


# --- dark mode ------------------------------------------------------------------------------

def luminance(image: Image.Image) -> Image.Image:
    return image.convert("L")


PAGES_WITH_FIGURES = [p for p in PAGES if "_images/" in (HTML / p).read_text(encoding="utf-8")
                      or "image/png" in (HTML / p).read_text(encoding="utf-8")]


def test_there_are_figures_to_check_in_dark_mode():
    assert PAGES_WITH_FIGURES


@pytest.mark.parametrize("path", PAGES_WITH_FIGURES)
def test_figures_stay_readable_in_dark_mode(browser, site, path):
    """The house style draws on white: in dark mode a figure keeps a light ground and dark ink."""
    state = {"current": Visit()}
    context = _new_context(browser, state, color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _open(page, site, path)
    _settle(page)
    theme = page.evaluate("document.documentElement.dataset.theme")
    folder = SHOTS / "dark"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / _shot_name(path)))
    figures = page.locator("main img")
    names = []
    for i in range(figures.count()):
        figure = figures.nth(i)
        box = figure.bounding_box()
        if not box or box["width"] < 100 or box["height"] < 60:  # icons, not figures
            continue
        figure.scroll_into_view_if_needed()
        name = folder / _shot_name(path).replace(".png", f"-figure-{i}.png")
        figure.screenshot(path=str(name))
        names.append(name)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    assert theme == "dark", f"the theme did not switch to dark mode ({theme!r})"
    body = [int(v) for v in re.findall(r"\d+", background)[:3]]
    assert sum(body) / 3 < 80, f"the page background is not dark in dark mode: {background}"
    assert names, "no figure found on the page"
    for name in names:
        with Image.open(name) as shot:
            grey = luminance(shot)
            w, h = grey.size
            edge = [grey.crop(b) for b in ((0, 0, w, 4), (0, h - 4, w, h), (0, 0, 4, h), (w - 4, 0, w, h))]
            ground = sum(ImageStat.Stat(e).mean[0] for e in edge) / 4
            darkest = grey.getextrema()[0]
            assert ground > 150, f"{name.name}: the figure's background is dark in dark mode ({ground:.0f}/255)"
            assert ground - darkest > 120, f"{name.name}: too little contrast ({ground:.0f} vs {darkest})"


# --- the self-check quizzes (bookext/quizzes.py): kernel-free, keyboard-usable, no overlap --------

QUIZ_PAGES = sorted(p for p in PAGES if p.startswith("book/quiz-"))
QUIZ_WIDTHS = (390, 1280)

# For every question: the choices' label boxes, each radio's box, and what is on top at the
# radio's centre (so a label drawn over a radio shows up too).
QUIZ_GEOMETRY_JS = """() => [...document.querySelectorAll('.wdl-quiz-question')].map(q => ({
  id: q.id,
  choices: [...q.querySelectorAll('.wdl-quiz-choice')].map(c => {
    const label = c.querySelector('label').getBoundingClientRect();
    const radio = c.querySelector('input').getBoundingClientRect();
    return {label: [label.left, label.top, label.right, label.bottom],
            radio: [radio.left, radio.top, radio.right, radio.bottom]};
  }),
}))"""


def _overlap(a, b) -> bool:
    """Whether two boxes (left, top, right, bottom) share more than a pixel of area."""
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


def test_there_are_quiz_pages():
    assert len(QUIZ_PAGES) == 4, QUIZ_PAGES


def _quiz_page(browser, site, path, width):
    state = {"current": Visit()}
    context = _new_context(browser, state, viewport={"width": width, "height": 900})
    page = context.new_page()
    _watch(page, state["current"])
    _open(page, site, path)
    page.wait_for_selector(".wdl-quiz.wdl-quiz-ready")
    return context, page, state["current"]


def _answers(path: str) -> dict:
    from wdl.quiz import Quiz

    return {q.question_id: q for q in Quiz.load(Path(path).stem).questions}


@pytest.mark.parametrize("width", QUIZ_WIDTHS)
@pytest.mark.parametrize("path", QUIZ_PAGES)
def test_quiz_choices_never_overlap(browser, site, path, width):
    """Each choice's label has its own box (however it wraps), and each radio sits by its own label."""
    context, page, visit = _quiz_page(browser, site, path, width)
    questions = page.evaluate(QUIZ_GEOMETRY_JS)
    folder = SHOTS / "quiz"
    folder.mkdir(parents=True, exist_ok=True)
    page.locator(".wdl-quiz").screenshot(path=str(folder / _shot_name(path).replace(".png", f"-{width}.png")))
    context.close()
    assert questions and all(q["choices"] for q in questions)
    problems = []
    labels = [(q["id"], i, c["label"]) for q in questions for i, c in enumerate(q["choices"])]
    for n, (qid, i, box) in enumerate(labels):
        for other_qid, j, other in labels[n + 1:]:
            if _overlap(box, other):
                problems.append(f"{qid} choice {i} overlaps {other_qid} choice {j}")
    for q in questions:
        for i, c in enumerate(q["choices"]):
            radio, label = c["radio"], c["label"]
            centre = (radio[1] + radio[3]) / 2
            if not label[1] <= centre <= label[3]:
                problems.append(f"{q['id']} choice {i}: the radio is not beside its label")
            if radio[2] > label[0] + 1:
                problems.append(f"{q['id']} choice {i}: the radio runs into its label")
            if label[3] - label[1] < 10:
                problems.append(f"{q['id']} choice {i}: the label is not visible")
    assert not problems, f"at {width} px:\n" + "\n".join(problems[:20])
    assert not visit.errors and not visit.failed and not visit.outside, (visit.errors, visit.failed, visit.outside)


def test_quiz_scores_a_right_and_a_wrong_answer_without_a_kernel(browser, site):
    path = "book/quiz-case.html"
    answers = _answers(path)
    context, page, visit = _quiz_page(browser, site, path, 1280)
    items = page.locator(".wdl-quiz-question")
    count = items.count()
    assert count == len(answers)
    score = page.locator(".wdl-quiz-score")
    assert score.inner_text() == f"Score: 0 of {count} (checked answers that are right)"

    first = answers[items.nth(0).get_attribute("id")]
    items.nth(0).locator(f"input[value='{first.answer}']").check()
    items.nth(0).locator(".wdl-quiz-check").click()
    feedback = items.nth(0).locator(".wdl-quiz-feedback")
    text = feedback.inner_text()
    assert text.startswith(f"Correct: ({first.answer}) {first.answer_text}")
    assert first.explanation in text
    links = feedback.locator("a").evaluate_all("els => els.map(a => a.href)")
    assert links == [s.url for s in first.sources]
    assert "is-right" in feedback.get_attribute("class")
    assert score.inner_text() == f"Score: 1 of {count} (checked answers that are right)"

    second = answers[items.nth(1).get_attribute("id")]
    wrong = next(letter for letter, _ in second.choices if letter != second.answer)
    items.nth(1).locator(f"input[value='{wrong}']").check()
    items.nth(1).locator(".wdl-quiz-check").click()
    text = items.nth(1).locator(".wdl-quiz-feedback").inner_text()
    assert text.startswith(f"Not quite. You chose ({wrong}); the answer is ({second.answer}) {second.answer_text}")
    assert second.explanation in text
    assert score.inner_text() == f"Score: 1 of {count} (checked answers that are right)"
    # the feedback and the score are announced to screen readers
    assert feedback.get_attribute("aria-live") == "polite" and score.get_attribute("aria-live") == "polite"
    context.close()
    assert not visit.errors and not visit.failed and not visit.outside, (visit.errors, visit.failed, visit.outside)


def test_quiz_check_with_nothing_chosen_asks_for_a_choice(browser, site):
    context, page, _ = _quiz_page(browser, site, "book/quiz-state-tools.html", 390)
    item = page.locator(".wdl-quiz-question").nth(2)
    item.locator(".wdl-quiz-check").click()
    assert item.locator(".wdl-quiz-feedback").inner_text() == "Choose an answer first."
    assert page.locator(".wdl-quiz-score").inner_text().startswith("Score: 0 of ")
    context.close()


def test_quiz_works_from_the_keyboard(browser, site):
    path = "book/quiz-corporate-global.html"
    answers = _answers(path)
    context, page, _ = _quiz_page(browser, site, path, 1280)
    items = page.locator(".wdl-quiz-question")
    first = answers[items.nth(0).get_attribute("id")]
    items.nth(0).locator("input[value='a']").focus()
    page.keyboard.press("Space")  # selects the focused choice, (a)
    for _ in range("abcd".index(first.answer)):
        page.keyboard.press("ArrowDown")  # arrows move the choice within the question
    assert items.nth(0).locator("input:checked").get_attribute("value") == first.answer
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "wdl-quiz-check"
    page.keyboard.press("Enter")
    assert items.nth(0).locator(".wdl-quiz-feedback").inner_text().startswith("Correct")
    # Tab goes through the sources' links in the feedback, then on to the next question's choices
    visited = []
    for _ in range(len(first.sources) + 1):
        page.keyboard.press("Tab")
        visited.append(page.evaluate("[document.activeElement.tagName, document.activeElement.name || '']"))
    assert visited[:-1] == [["A", ""]] * len(first.sources), visited
    assert visited[-1] == ["INPUT", f"wdl-{items.nth(1).get_attribute('id')}"], visited
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the Check button, with nothing chosen
    assert items.nth(1).locator(".wdl-quiz-feedback").inner_text() == "Choose an answer first."
    assert page.locator(".wdl-quiz-score").inner_text().startswith("Score: 1 of ")
    context.close()


def test_quiz_assets_load_only_on_quiz_pages_and_no_widget_manager_there():
    for path in PAGES:
        text = (HTML / path).read_text(encoding="utf-8")
        has_quiz = "class='wdl-quiz'" in text
        assert has_quiz == (path in QUIZ_PAGES), path
        assert ("_static/wdl-quiz/quiz.js" in text) == has_quiz, path
        if has_quiz:
            assert "embed-amd.js" not in text and "application/vnd.jupyter.widget-state+json" not in text, path
