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


# --- A PDF worth printing -------------------------------------------------------

def pdf_pages() -> list[str]:
    """The text of each page of the PDF (pdftotext, poppler-utils), in reading order."""
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: install poppler-utils (make test installs it with TeX)")
    text = subprocess.run(["pdftotext", "-layout", str(LATEX / f"{NAME}.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def pages(tex):
    return pdf_pages()


def test_no_page_is_empty(pages):
    empty = [number for number, text in enumerate(pages, 1) if not text.strip()]
    assert not empty, f"{len(empty)} empty pages, e.g. {empty[:10]}"


def test_every_chapter_has_a_title(tex):
    """The root page's text opens with a heading too (bookext/printed.py), not a bare paragraph."""
    start = tex.index(r"\label{\detokenize{book/index::doc}}")
    first = tex[start:start + 400]
    assert r"\chapter*{Introduction}" in first, "the introduction has no chapter heading"
    for page in toc_pages()[1:]:
        label = f"\\label{{\\detokenize{{{page}::doc}}}}"
        before = tex[:tex.index(label)]
        assert re.search(r"\\chapter\{.*\}\s*(\\label\{\\detokenize\{[^}]*\}\}\s*)*$", before[-600:]), (
            f"{page} does not start with a chapter heading")


def test_code_inputs_are_not_printed(tex):
    """Code cells print their output only (unless tagged show-in-print): no setup or plotting
    code in print. Exercises and their solutions (Markdown code the lesson discusses) stay."""
    notebooks = [p.stem for p in sorted((ROOT / "book").glob("*.ipynb"))]
    assert notebooks
    for name in notebooks:  # a Markdown page's own code examples (how-to-use) are prose, not cells
        page = re.sub(r"\\begin\{sphinxadmonition\}.*?\\end\{sphinxadmonition\}", "", _chapter(tex, name),
                      flags=re.S)
        assert r"\PYG{k+kn}{from}\PYG{+w}{ }\PYG{n+nn}{wdl}" not in page, f"{name}: setup or plotting code is printed"
        assert r"\PYG{n}{plt}" not in page and r"\PYG{n}{charts}\PYG{o}{.}" not in page, f"{name}: plotting code is printed"


def test_the_bibliography_is_the_references_chapter(tex, pages):
    chapter = tex.index(r"\chapter{References}")
    bibliography = tex.index(r"\begin{sphinxthebibliography}")
    assert chapter < bibliography and r"\chapter" not in tex[chapter + 20:bibliography]
    # on paper: the chapter's introduction and its first entries share a page
    first = [text for text in pages if "Every source cited in the book" in text]
    assert first, "the References chapter's introduction is not in the PDF"
    assert re.search(r"(Government|Court|Company|News|Research) source", first[0]), (
        "the References chapter's first page holds no bibliography entry")


def test_exercises_and_figures_number_per_chapter_as_online(tex):
    """The first chapter's first exercise is Exercise 1.1, as on the site (tests/test_site.py)."""
    how_to_use = tex[tex.index(r"\label{\detokenize{book/how-to-use::doc}}"):]
    assert re.search(r"\\begin\{sphinxadmonition\}\{note\}\{Exercise 1\.1\b", how_to_use)
    assert not re.search(r"Exercise \d+\.\d+\.\d+", tex), "exercises numbered by section, not chapter"


def test_figures_number_per_chapter_as_online(pages):
    """The timeline chapter (3) opens with its chart, "Fig. 3.1" on the site and on paper."""
    captions = [m for text in pages for m in re.findall(r"Fig\. (\d+(?:\.\d+)*):", text)]
    assert captions and all(re.fullmatch(r"\d+\.\d+", c) for c in captions), captions[:10]
    assert "3.1" in captions


# A DataFrame printed as text: a header of column names, then rows that start with an index,
# each separated by runs of spaces; pandas marks a wrapped header with a trailing backslash.
_TABLE_ROW = re.compile(r"^\s*\S+( {2,}\S+){2,}\s*$")


def dataframe_dumps(tex: str) -> list[str]:
    """Verbatim (monospace) blocks of the .tex that are tables printed as text."""
    found = []
    for block in re.findall(r"\\begin\{sphinxVerbatim\}(.*?)\\end\{sphinxVerbatim\}", tex, re.S):
        if r"\PYG{" in block:  # highlighted code (an exercise's solution), not an output
            continue
        lines = [line for line in block.splitlines()[1:] if line.strip()]
        rows = sum(bool(_TABLE_ROW.match(line)) for line in lines)
        if rows >= 2 or any(line.rstrip().endswith(r"\PYGZbs{}") for line in lines):
            found.append(lines[0].strip()[:60] if lines else "")
    return found


def test_no_dataframe_prints_as_monospace_text(tex, pages):
    dumps = dataframe_dumps(tex)
    arrows = sum(text.count("↪") for text in pages)
    assert not dumps, (f"{len(dumps)} tables print as monospace DataFrame text (give them a LaTeX "
                       f"table: wdl/tables.py), e.g. {dumps[:3]}; {arrows} wrap arrows in the PDF")
