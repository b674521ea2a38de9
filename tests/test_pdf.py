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
    figures = 0  # stored notebooks keep no images: count the cells that declare a figure
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            tags = cell.metadata.get("tags", [])
            if cell.cell_type == "code" and "figure" in cell.metadata.get("mystnb", {}) \
                    and not {"remove-cell", "remove-output"} & set(tags):
                figures += 1
    assert figures > 0
    assert len(printed) >= figures, f"{len(printed)} images printed for {figures} notebook figures"
    for image in printed:
        assert any((LATEX / f"{image}{suffix}").exists() for suffix in ("", ".png", ".pdf")), image


def test_figures_print_as_vector_graphics(tex):
    """Matplotlib figures reach the PDF as vector PDFs, not screen-resolution PNGs."""
    printed = re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{?([^}]+?)\}?\}", tex)
    assert printed and all(name.endswith(".pdf") or (LATEX / f"{name}.pdf").exists() for name in printed), printed


@pytest.fixture(scope="module")
def tables():
    return load_package(ROOT / "data")


def _words(text: str, count: int = 6) -> str:
    """A pattern for the first words of a text as LaTeX prints it (markup between the words)."""
    words = re.sub(r"[^A-Za-z0-9 ]", " ", text).split()[:count]
    return r"(?:\\[A-Za-z]+\{\}|\W)+".join(map(re.escape, words))


def _chapter(tex: str, quiz: str) -> str:
    """The LaTeX of one quiz page: from its label to the next page's."""
    label = f"\\label{{\\detokenize{{book/{quiz}::doc}}}}"
    start = tex.index(label) + len(label)
    following = re.compile(r"\\label\{\\detokenize\{book/[^}]*::doc\}\}").search(tex, start)
    return tex[start:following.start() if following else len(tex)]


@pytest.mark.parametrize("quiz", ["quiz-case", "quiz-sovereignty", "quiz-state-tools", "quiz-corporate-global"])
def test_quizzes_print_questions_then_answers(tex, tables, quiz):
    """Every question with its choices, then the answers with their explanations, as text: no raw
    HTML, no DataFrame, no notebook output."""
    chapter = _chapter(tex, quiz)
    answers_at = chapter.find("Answers")
    assert answers_at != -1, f"{quiz}: no answers section"
    questions_part, answers_part = chapter[:answers_at], chapter[answers_at:]
    for question in Quiz.load(quiz, tables).questions:
        assert re.search(_words(question.text), questions_part), f"{quiz}: {question.question_id} not printed"
        for _, choice in question.choices:
            assert re.search(_words(choice, 4), questions_part), f"{quiz}: a choice of {question.question_id}"
        assert not re.search(_words(question.explanation, 8), questions_part), "explanation given away"
        assert re.search(_words(question.explanation, 8), answers_part), f"{quiz}: {question.question_id} answer"
    for leftover in ("fieldset", "wdl-quiz", "<Quiz", "\\begin{sphinxVerbatim", "PYGZ"):
        assert leftover not in chapter, f"{quiz}: {leftover!r} printed"
