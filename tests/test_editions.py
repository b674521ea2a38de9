"""Solutions students don't see: folded in JupyterLab, absent from the student edition."""

import nbformat
import pytest
from conftest import ROOT

import solutions  # tools/, on the path from conftest.py

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
WITH_SOLUTIONS = [p for p in NOTEBOOKS if solutions.gates(nbformat.read(p, as_version=4))]


def test_some_notebooks_have_solutions():
    assert WITH_SOLUTIONS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_solutions_are_executed_cells_not_markdown_code(path):
    """A solution in a notebook is code that runs (and nbval checks), not a Markdown code block."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith(":::{solution}"):
            assert "```python" not in cell.source, f"{path.name}: a solution's code is not executed"


@pytest.mark.parametrize("path", WITH_SOLUTIONS, ids=lambda p: p.name)
def test_solutions_are_collapsed_in_jupyterlab(path):
    """Every cell of a solution is collapsed (JupyterLab shows a bar until it is opened)."""
    notebook = nbformat.read(path, as_version=4)
    assert not solutions.fold(notebook), f"{path.name}: run `make refresh` (it folds the solutions)"
    for _, first, last in solutions.gates(notebook):
        for cell in notebook.cells[first:last + 1]:
            assert cell.metadata["jupyter"]["source_hidden"] is True
            if cell.cell_type == "code":
                assert cell.metadata["jupyter"]["outputs_hidden"] is True


def test_jupyterlab_renders_myst_in_the_environment_readers_install():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    assert any(line.startswith("jupyterlab-myst==") for line in lines)


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    return solutions.editions(tmp_path_factory.mktemp("editions"))


def test_student_edition_holds_no_solution(editions):
    student, instructor = editions
    for path in WITH_SOLUTIONS:
        kept = nbformat.read(instructor / "book" / path.name, as_version=4)
        gone = nbformat.read(student / "book" / path.name, as_version=4)
        solution_text = [kept.cells[i].source for _, a, b in solutions.gates(kept) for i in range(a + 1, b)]
        assert solution_text
        assert not solutions.gates(gone)
        student_text = "\n".join(c.source for c in gone.cells)
        for text in solution_text:
            if text.strip():
                assert text not in student_text, f"{path.name}: solution text in the student edition"
    assert (student / "data" / "datapackage.json").is_file() and (student / "wdl" / "__init__.py").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("path", WITH_SOLUTIONS, ids=lambda p: p.name)
def test_every_student_notebook_runs_top_to_bottom(editions, path):
    from nbclient import NotebookClient

    student = editions[0] / "book" / path.name
    notebook = nbformat.read(student, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(student.parent)}}).execute()
