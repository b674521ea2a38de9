"""The printed book in _build/latex (built by `make test` with `make pdf`'s settings before pytest runs)."""

import re

import nbformat
import pytest

from conftest import ROOT, toc_pages
from wdl.data import load_package
from wdl.quiz import Quiz

LATEX = ROOT / "_build" / "latex"
NAME = "where-the-data-lives"


@pytest.fixture(scope="module")
def tex():
    pdf = LATEX / f"{NAME}.pdf"
    if not pdf.exists():
        pytest.fail("the PDF is not built: run `make test` (it builds the PDF before testing)")
    return (LATEX / f"{NAME}.tex").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def log():
    return (LATEX / f"{NAME}.log").read_text(encoding="utf-8", errors="replace")


def test_the_pdf_is_a_whole_book(log):
    assert (LATEX / f"{NAME}.pdf").read_bytes()[:5] == b"%PDF-"
    pages = re.search(rf"Output written on {NAME}\.pdf \((\d+) pages", log)
    assert pages, "LaTeX did not report writing the PDF"
    assert int(pages.group(1)) >= 100, f"only {pages.group(1)} pages"


def test_latex_reported_no_errors_and_no_missing_characters(log):
    errors = [line for line in log.splitlines() if line.startswith("! ")]
    assert not errors, errors[:5]
    missing = sorted({line for line in log.splitlines() if line.startswith("Missing character")})
    assert not missing, missing[:5]


def test_every_page_of_the_book_is_in_the_pdf(tex):
    for page in toc_pages():
        assert f"\\label{{\\detokenize{{{page}::doc}}}}" in tex, f"{page} is not in the printed book"


def test_every_figure_is_printed(tex):
    printed = set(re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{?([^}]+?)\}?\}", tex))
    figures = 0
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                figures += sum("image/png" in output.get("data", {}) for output in cell.outputs)
    assert figures > 0
    assert len(printed) >= figures, f"{len(printed)} images printed for {figures} notebook figures"
    for image in printed:
        assert any((LATEX / f"{image}{suffix}").exists() for suffix in ("", ".png")), image


@pytest.fixture(scope="module")
def tables():
    return load_package(ROOT / "data")


@pytest.mark.parametrize("quiz", ["quiz-case", "quiz-sovereignty", "quiz-state-tools", "quiz-corporate-global"])
def test_quizzes_print_their_questions_not_a_placeholder(tex, tables, quiz):
    first = Quiz.load(quiz, tables).questions[0].text
    words = re.sub(r"[^A-Za-z0-9 ]", " ", first).split()[:4]
    assert re.search(r"\W+".join(map(re.escape, words)), tex), f"{quiz}: first question not printed"
    assert f"<Quiz '{quiz}'" not in tex and f"Quiz \\PYGZsq{{}}{quiz}" not in tex


def test_exercises_and_figures_number_per_chapter_as_online(tex):
    """The first chapter's first exercise is Exercise 1.1, as on the site (tests/test_site.py)."""
    how_to_use = tex[tex.index(r"\label{\detokenize{book/how-to-use::doc}}"):]
    assert re.search(r"\\begin\{sphinxadmonition\}\{note\}\{Exercise 1\.1\b", how_to_use)
    assert not re.search(r"Exercise \d+\.\d+\.\d+", tex), "exercises numbered by section, not chapter"
