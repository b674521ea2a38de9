"""Every chapter has exercises, and every exercise a folded solution that works.

Exercises use sphinx-exercise: an `exercise` directive labelled `ex-<page>-<n>` and a `solution`
directive pointing at it with `:class: dropdown`. In the HTML, sphinx-exercise renders them as
`<div class="exercise admonition" id="ex-...">` and `<div class="solution dropdown admonition">`,
and sphinx-togglebutton folds every admonition with the `dropdown` class when the page loads.
In notebooks, a solution that computes is sphinx-exercise's gated form (`solution-start` /
`solution-end` around executed cells, see tools/solutions.py), so nbval checks its output.
"""

import re
from html.parser import HTMLParser

import nbformat
import pytest

from conftest import ROOT, toc_pages

HTML = ROOT / "_build" / "html"

# Pages that need no exercises: front and back matter, including the instructor's pages (the
# reading pack, the role briefs, the answer key); the quiz-* pages are self-checks.
NO_EXERCISES = {
    "book/index", "book/how-to-use", "book/instructor-guide", "book/reading-pack",
    "book/role-briefs", "book/answer-key", "book/glossary", "book/references",
}

CHAPTERS = [
    page
    for page in toc_pages()
    if page not in NO_EXERCISES
    and not page.rsplit("/", 1)[-1].startswith("quiz-")
]

EXERCISE = re.compile(r"^:::\{exercise\}\n:label: (\S+)$", re.M)
# A solution is a `solution` directive, or (in notebooks, where its code runs and nbval checks
# its output) sphinx-exercise's gated form: a `solution-start` cell, the solution's cells, and a
# `solution-end` cell (see tools/solutions.py).
SOLUTION = re.compile(r"^(?::::|````)\{solution(?:-start)?\} (\S+)\n((?::\w+:.*\n)*)", re.M)
SOLUTION_BODY = re.compile(r"^:::\{solution\}.*?\n(.*?)^:::$", re.M | re.S)
CODE = re.compile(r"^```python\n(.*?)^```$", re.M | re.S)


def source_of(page):
    """The MyST text of a page: the .md file, or the markdown cells of the notebook."""
    path = ROOT / f"{page}.md"
    if path.exists():
        return path.read_text(encoding="utf-8")
    notebook = nbformat.read(ROOT / f"{page}.ipynb", as_version=4)
    return "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def test_the_exempt_pages_are_in_the_table_of_contents():
    pages = set(toc_pages())
    assert NO_EXERCISES <= pages
    assert CHAPTERS


@pytest.mark.parametrize("page", CHAPTERS)
def test_exercises_are_labelled_by_page_and_each_has_a_folded_solution(page):
    text = source_of(page)
    labels = EXERCISE.findall(text)
    assert labels, f"{page} has no exercise"
    name = page.rsplit("/", 1)[-1]
    for label in labels:
        assert re.fullmatch(rf"ex-{re.escape(name)}-\d+", label), f"{page}: label {label} is not ex-{name}-<n>"
    solutions = SOLUTION.findall(text)
    targets = [target for target, _ in solutions]
    assert sorted(targets) == sorted(labels), f"{page}: exercises {labels} but solutions for {targets}"
    for target, options in solutions:
        assert re.search(r"^:class:.*\bdropdown\b", options, re.M), f"{page}: solution to {target} is not folded"


def test_exercise_labels_are_unique_across_the_book():
    labels = [label for page in toc_pages() for label in EXERCISE.findall(source_of(page))]
    duplicates = {label for label in labels if labels.count(label) > 1}
    assert not duplicates


class Admonitions(HTMLParser):
    """The exercise and solution boxes of a built page, and the scripts it loads."""

    def __init__(self):
        super().__init__()
        self.exercises, self.solutions, self.scripts = [], [], []
        self._solution = None  # the solution whose title is being read
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        if tag == "div" and "exercise" in classes:
            self.exercises.append(attrs.get("id"))
        if tag == "div" and "solution" in classes:
            self._solution = {"classes": classes, "links": []}
            self.solutions.append(self._solution)
            self._depth = 0
        if self._solution is not None:
            if tag == "div":
                self._depth += 1
            if tag == "a" and attrs.get("href", "").startswith("#"):
                self._solution["links"].append(attrs["href"][1:])

    def handle_endtag(self, tag):
        if self._solution is not None and tag == "div":
            self._depth -= 1
            if self._depth == 0:
                self._solution = None


@pytest.fixture(scope="module")
def built():
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make test` (it builds before testing)")
    return HTML


@pytest.mark.parametrize("page", CHAPTERS)
def test_built_page_folds_a_solution_under_each_exercise(built, page):
    found = Admonitions()
    found.feed((built / f"{page}.html").read_text(encoding="utf-8"))
    assert found.exercises, f"{page}: no exercise in the built page"
    assert all(found.exercises), f"{page}: an exercise has no id"
    assert len(found.solutions) == len(found.exercises), f"{page}: {len(found.solutions)} solutions"
    for solution in found.solutions:
        assert "dropdown" in solution["classes"], f"{page}: a solution is not folded"
    # each solution's title links to its exercise on the same page
    linked = [next((link for link in s["links"] if link in found.exercises), None) for s in found.solutions]
    assert sorted(filter(None, linked)) == sorted(found.exercises), f"{page}: solutions link to {linked}"
    # sphinx-togglebutton is what folds `dropdown` admonitions
    assert any("togglebutton" in src for src in found.scripts), f"{page}: togglebutton is not loaded"


def solution_code(page):
    """The ```python blocks inside a page's (non-gated) solution directives."""
    bodies = SOLUTION_BODY.findall(source_of(page))
    return [block for body in bodies for block in CODE.findall(body)]


@pytest.mark.parametrize("page", CHAPTERS)
def test_no_solution_is_code_that_nothing_runs(page):
    """A solution that computes is executed code in a notebook (gated, checked by nbval), never a
    Markdown code block that no build runs and no test compares."""
    assert not solution_code(page), f"{page}: move the solution's code into a notebook (tools/solutions.py)"
