"""Conventions every notebook in book/ keeps (nbval itself re-runs them)."""

import nbformat
import pytest
from conftest import ROOT, toc_pages

import refresh_notebooks  # tools/, on the path from conftest.py
import setup_cell

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
SETUP = setup_cell.setup_cell()


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_is_the_shared_setup_cell(path):
    notebook = nbformat.read(path, as_version=4)
    first = next(c for c in notebook.cells if c.cell_type == "code")
    assert first.source == SETUP, "run `python tools/setup_cell.py`, then `make refresh`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_stored_and_clean(path):
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "notebook is not executed: run `make refresh`"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "cells were run out of order: run `make refresh`"
    for cell in code:
        for output in cell.outputs:
            assert output.output_type != "error", f"stored error output in: {cell.source[:60]}"
            assert output.get("name") != "stderr", f"stored stderr output in: {cell.source[:60]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_widget_cells_are_excluded_from_output_comparison(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        has_widget = any(
            "application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cell.outputs
        )
        if has_widget:
            assert "nbval-ignore-output" in cell.metadata.get("tags", []), cell.source[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_figures_have_alt_text_and_caption(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code" or "nbval-ignore-output" in cell.metadata.get("tags", []):
            continue
        # Stored outputs keep a figure's text form ("<Figure size 900x400 with 1 Axes>"), not its image.
        if any(o.get("data", {}).get("text/plain", "").startswith("<Figure") for o in cell.outputs):
            mystnb = cell.metadata.get("mystnb", {})
            alt = mystnb.get("image", {}).get("alt", "")
            assert len(alt) >= 40, f"figure without meaningful alt text: {cell.source[:60]}"
            assert "data/" in mystnb.get("figure", {}).get("caption", ""), "caption must name the data"


def test_every_notebook_is_in_the_table_of_contents():
    pages = set(toc_pages())
    for path in NOTEBOOKS:
        assert f"book/{path.stem}" in pages, f"{path.name} is not in _toc.yml"


def test_setup_cell_takes_the_address_from_the_config():
    url, branch = setup_cell.config()
    assert f'REPOSITORY, BRANCH = "{url}", "{branch}"' in SETUP
    for path in [ROOT / "wdl" / "__init__.py", ROOT / "wdl" / "data.py", ROOT / "README.md"]:
        assert url.removeprefix("https://") not in path.read_text(), f"{path.name} repeats the address"


def _run_detached(tmp_path, source):
    """Run ``source`` as a notebook outside the checkout; return its outputs."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    try:
        client.execute()
    except CellExecutionError:
        pass
    return notebook.cells[0].outputs


def test_setup_cell_outside_the_book_says_what_to_do(tmp_path):
    """A notebook moved out of the checkout, with an address that cannot be installed from,
    stops at once with one sentence: no pip output, no traceback, no password prompt."""
    source = setup_cell.setup_cell(url=f"file://{tmp_path}/no-such-repository")
    outputs = _run_detached(tmp_path, source)
    errors = [o for o in outputs if o.output_type == "error"]
    assert len(errors) == 1, outputs
    assert errors[0].ename == "SetupError"
    assert errors[0].traceback == [errors[0].evalue]
    assert "Open the notebook from a copy of the whole book" in errors[0].evalue
    assert not [o for o in outputs if o.output_type == "stream"], "pip or git printed something"


def test_data_that_cannot_be_fetched_gives_one_sentence(tmp_path, monkeypatch):
    from wdl.data import DataUnavailable, load_package

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WDL_DATA_DIR", raising=False)
    monkeypatch.setenv("WDL_DATA_URL", f"file://{tmp_path}/nothing-here/")
    monkeypatch.setattr("wdl.data.find_data_dir", lambda start=None: None)
    with pytest.raises(DataUnavailable) as caught:
        load_package()
    assert caught.value._render_traceback_() == [str(caught.value)]
    assert "could not be read from" in str(caught.value)


def test_refresh_stores_only_what_a_test_compares():
    """Stored notebooks hold no widget state, no images and no widget outputs."""
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        assert "widgets" not in notebook.metadata, f"{path.name} stores widget state"
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                stored = set(output.get("data", {}))
                assert not stored & set(refresh_notebooks.DROPPED), f"{path.name}: {stored}"
