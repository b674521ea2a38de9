"""Conventions every notebook in book/ keeps (nbval itself re-runs them)."""

import nbformat
import pytest
import yaml
from conftest import ROOT, toc_pages

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
SETUP = (ROOT / "tools" / "notebook_setup_cell.py").read_text().rstrip("\n")


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_is_the_shared_setup_cell(path):
    notebook = nbformat.read(path, as_version=4)
    first = next(c for c in notebook.cells if c.cell_type == "code")
    assert first.source == SETUP, "run `make refresh` after copying tools/notebook_setup_cell.py in"


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
        if any("image/png" in o.get("data", {}) for o in cell.outputs):
            mystnb = cell.metadata.get("mystnb", {})
            alt = mystnb.get("image", {}).get("alt", "")
            assert len(alt) >= 40, f"figure without meaningful alt text: {cell.source[:60]}"
            assert "data/" in mystnb.get("figure", {}).get("caption", ""), "caption must name the data"


def test_every_notebook_is_in_the_table_of_contents():
    pages = set(toc_pages())
    for path in NOTEBOOKS:
        assert f"book/{path.stem}" in pages, f"{path.name} is not in _toc.yml"


def test_repository_is_named_the_same_everywhere():
    import wdl

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    url = f"https://github.com/{wdl.REPOSITORY}"
    assert config["repository"]["url"] == url
    assert config["repository"]["branch"] == wdl.BRANCH
    assert f"git+{url}" in SETUP
