"""Every chapter follows one outline, and the templates in templates/ follow it too.

The outline (CONTRIBUTING.md, "Write a chapter"):

1. the title, a level-1 heading;
2. right after it, the learning objectives: an ``In this chapter`` (or ``In this notebook``)
   admonition of class ``tip``;
3. the lesson's own sections (level-2 headings, at least one);
4. ``## Summary``, ``## Discussion questions`` and ``## Exercises``, in this order, last.

The chapters are the pages of `_toc.yml` less the exempt ones of tests/test_exercises.py
(`NO_EXERCISES`: front and back matter; and the quiz-* self-check pages). A Markdown page is
read as it is; a notebook by its Markdown cells.
"""

import re

import nbformat
import pytest
import yaml

from conftest import DATA, ROOT
from test_exercises import CHAPTERS, CODE, EXERCISE, SOLUTION, SOLUTION_BODY, source_of

TEMPLATES = ROOT / "templates"

#: The level-2 sections every chapter ends with, in order.
CLOSING = ["Summary", "Discussion questions", "Exercises"]

OBJECTIVES = re.compile(r"^:::\{admonition\} In this (?:chapter|notebook)\n:class: tip$", re.M)
# Fenced code (```python, ```bash ...) can hold lines that look like headings; directives
# (```{solution-start} ...) cannot, and stay.
FENCED_CODE = re.compile(r"^(`{3,})(?!\{)[^\n]*\n.*?^\1[ \t]*$", re.M | re.S)


def headings(text):
    """The (level, title) of each Markdown heading outside fenced code."""
    text = FENCED_CODE.sub("", text)
    return [(len(m.group(1)), m.group(2).strip()) for m in re.finditer(r"^(#{1,6}) +(.+)$", text, re.M)]


def outline_problems(text):
    """What breaks the outline in a page's MyST text; an empty list when nothing does."""
    problems = []
    found = headings(text)
    titles = [title for level, title in found if level == 1]
    if len(titles) != 1 or found[0][0] != 1:
        problems.append(f"a page has one title (`# ...`) before any other heading; found {titles}")
    else:
        after_title = text.split(f"# {titles[0]}", 1)[1].lstrip("\n")
        if not OBJECTIVES.match(after_title):
            first = after_title.splitlines()[0] if after_title.strip() else "nothing"
            problems.append("the learning objectives (`:::{admonition} In this chapter` or `In this "
                            f"notebook`, `:class: tip`) must follow the title; found {first!r}")
    sections = [title for level, title in found if level == 2]
    closing = [title for title in sections if title in CLOSING]
    lesson = sections[: len(sections) - len(CLOSING)]
    if sections[-len(CLOSING):] != CLOSING or closing != CLOSING:
        problems.append(f"the last sections must be {' → '.join(CLOSING)}, each once; "
                        f"the level-2 sections are: {' → '.join(sections) or 'none'}")
    elif not lesson:
        problems.append(f"no lesson section before ## {CLOSING[0]}")
    return problems


CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)


def read_myst_notebook(path):
    """A notebook from jupytext's MyST format, as `jupytext --to ipynb` reads it (code cells are
    ```{code-cell} blocks with YAML or `:key: value` options; `+++` separates Markdown cells),
    so that this test needs no more than the book's own requirements."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    cells, at = [], 0

    def markdown(chunk):
        for part in re.split(r"^\+\+\+.*$", chunk, flags=re.M):
            if part.strip():
                cells.append(nbformat.v4.new_markdown_cell(part.strip("\n")))

    for match in CODE_CELL.finditer(text):
        markdown(text[at:match.start()])
        body, metadata = match.group(1), {}
        if body.startswith("---\n"):
            options, body = body[4:].split("\n---\n", 1)
            metadata = yaml.safe_load(options) or {}
        else:
            while option := re.match(r":(\w+): ([^\n]*)\n", body):
                key, value, body = option.group(1), option.group(2), body[option.end():]
                metadata[key] = yaml.safe_load(value)
        cells.append(nbformat.v4.new_code_cell(body.strip("\n"), metadata=metadata))
        at = match.end()
    markdown(text[at:])
    return nbformat.v4.new_notebook(cells=cells)


def template_notebook():
    return read_myst_notebook(TEMPLATES / "notebook.md")


def template_text(name):
    """The MyST text of a template as the tests of the chapters read it, without its comments
    (the `%` lines that tell the author what to write)."""
    if name == "chapter":
        text = (TEMPLATES / "chapter.md").read_text(encoding="utf-8")
    else:
        text = "\n\n".join(c.source for c in template_notebook().cells if c.cell_type == "markdown")
    return re.sub(r"^%.*\n?", "", text, flags=re.M)


@pytest.mark.parametrize("page", CHAPTERS)
def test_every_chapter_follows_the_outline(page):
    problems = outline_problems(source_of(page))
    assert not problems, f"{page}: " + "; ".join(problems)


@pytest.mark.parametrize("name", ["chapter", "notebook"])
def test_the_templates_follow_the_outline(name):
    problems = outline_problems(template_text(name))
    assert not problems, f"templates/{name}.md: " + "; ".join(problems)


@pytest.mark.parametrize("name", ["chapter", "notebook"])
def test_the_templates_label_and_fold_their_exercises_as_the_chapters_do(name):
    """Labels `ex-<page>-<n>` (the template's page is its file name), one folded solution each."""
    text = template_text(name)
    labels = EXERCISE.findall(text)
    assert labels, f"templates/{name}.md has no exercise"
    for label in labels:
        assert re.fullmatch(rf"ex-{name}-\d+", label), f"templates/{name}.md: label {label} is not ex-{name}-<n>"
    solutions = SOLUTION.findall(text)
    assert sorted(t for t, _ in solutions) == sorted(labels), f"templates/{name}.md: solutions {solutions}"
    for target, options in solutions:
        assert re.search(r"^:class:.*\bdropdown\b", options, re.M), f"templates/{name}.md: {target} is not folded"
    code = [block for body in SOLUTION_BODY.findall(text) for block in CODE.findall(body)]
    assert not code, f"templates/{name}.md: a solution's code must be an executed cell, not a code block"


def test_the_notebook_template_gates_an_executed_solution():
    """The gated form of tools/solutions.py: solution-start, code cells, solution-end."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import solutions

    notebook = template_notebook()
    gates = solutions.gates(notebook)
    assert gates, "templates/notebook.md has no gated solution"
    for label, first, last in gates:
        cells = notebook.cells[first + 1:last]
        assert any(c.cell_type == "code" and c.source.strip() for c in cells), f"{label}: no code in the gate"
        start = notebook.cells[first].source
        assert re.search(r"^:class: dropdown$", start, re.M), f"{label}: solution-start is not folded"


def test_the_notebook_template_uses_the_books_helpers():
    """Placeholder setup cell first; data, tables, glue and a figure with its metadata."""
    notebook = template_notebook()
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code[0].source.strip().startswith("# Setup"), "the first code cell is the setup cell's placeholder"
    source = "\n".join(c.source for c in code)
    for helper in ["load_package", "wdl.tables", "glue("]:
        assert helper in source, f"templates/notebook.md does not use {helper}"
    glued = set(re.findall(r"glue\(\"([^\"]+)\"", source))
    used = set(re.findall(r"\{glue\}`([^`]+)`", template_text("notebook")))
    assert used and used <= glued, f"{{glue}} names {used}, the code glues {glued}"
    figures = [c for c in code if "figure" in c.metadata.get("mystnb", {})]
    assert figures, "templates/notebook.md has no figure cell"
    for cell in figures:
        mystnb = cell.metadata["mystnb"]
        assert "data/" in mystnb["figure"].get("caption", ""), "the figure's caption must name the data"
        assert len(mystnb.get("image", {}).get("alt", "")) >= 40, "the figure needs alt text of 40+ characters"


def test_the_templates_cite_real_sources_and_link_real_terms():
    """A copy of a template builds as it is: its ids are sources, its terms glossary entries."""
    from test_site import glossary_entries_source

    from wdl.data import load_package

    sources = set(load_package(DATA)["sources"]["source_id"])
    known = {t.lower() for terms, _ in glossary_entries_source() for t in terms}
    text = template_text("chapter")
    cited = {key.strip() for group in re.findall(r"\{cite:p\}`([^`]+)`", text) for key in group.split(",")}
    assert cited and cited <= sources, f"templates/chapter.md cites unknown sources: {cited - sources}"
    terms = [re.sub(r"^.*<([^>]+)>$", r"\1", t).strip().lower() for t in re.findall(r"\{term\}`([^`]+)`", text)]
    assert terms and set(terms) <= known, f"templates/chapter.md links terms the glossary lacks: {terms}"
