"""The notebooks as students open them in JupyterLab (Binder, a hub, their own machine).

JupyterLab with jupyterlab-myst (requirements.txt) renders the book's MyST markup: exercise boxes,
not raw `:::{exercise}` text. Every cell of a solution is collapsed (tools/solutions.py), so a
student sees only its standard first line until opening it; the student edition holds no
solution at all. Both are checked in a real JupyterLab, driven by Debian's Chromium.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time

import nbformat
import pytest

from conftest import ROOT

import solutions  # tools/, on the path from conftest.py

NOTEBOOKS = sorted(p.name for p in (ROOT / "book").glob("*.ipynb")
                   if solutions.gates(nbformat.read(p, as_version=4)))
JUPYTER = ROOT / ".venv" / "bin" / "jupyter"


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    return solutions.editions(tmp_path_factory.mktemp("editions"))


@pytest.fixture(scope="module")
def lab(editions, tmp_path_factory):
    """JupyterLab serving the editions' folder, every cell rendered (no windowing)."""
    settings = tmp_path_factory.mktemp("lab-settings")
    (settings / "overrides.json").write_text(json.dumps({
        "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    }))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(JUPYTER), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1", "--ServerApp.token=",
         "--ServerApp.password=", f"--ServerApp.root_dir={editions[0].parent}", "--ServerApp.allow_root=True",
         "--LabApp.news_url="],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={"JUPYTERLAB_SETTINGS_DIR": str(settings), "PATH": str(JUPYTER.parent) + ":/usr/bin:/bin",
             "HOME": str(settings)},
    )
    try:
        for _ in range(120):
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def page(lab, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    yield context.new_page()
    context.close()


def _visible_text(page, url, cells):
    """Open a notebook and wait until all its cells are on the page (no windowing) and rendered."""
    page.goto(url + "?reset")  # a fresh workspace: only this notebook open
    shown = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
    page.wait_for_function(f"document.querySelectorAll('{shown} .jp-Cell').length >= {cells}",
                           timeout=90_000)
    page.wait_for_timeout(3000)
    return page.locator(shown).inner_text()


def _answer_lines(notebook):
    """The lines of every solution after each cell's standard first line."""
    lines, inside = [], set()
    for _, first, last in solutions.gates(notebook):
        for i in range(first + 1, last):
            inside.add(i)
            lines += [line.strip() for line in notebook.cells[i].source.splitlines()[1:] if len(line.strip()) > 12]
    # a line the lesson itself also shows (say, a table of phases a solution redefines) proves nothing
    elsewhere = {line.strip() for i, cell in enumerate(notebook.cells) if i not in inside
                 for line in cell.source.splitlines()}
    return [line for line in lines if line not in elsewhere]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_jupyterlab_renders_myst_and_shows_no_solution_until_opened(editions, lab, page, name):
    notebook = nbformat.read(editions[1] / "book" / name, as_version=4)
    text = _visible_text(page, f"{lab}/lab/tree/instructor/book/{name}", len(notebook.cells))
    assert ":::{exercise}" not in text, f"{name}: JupyterLab shows the MyST markup raw"
    collapsed = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPlaceholder").count()
    assert collapsed >= len(solutions.gates(notebook)), f"{name}: {collapsed} collapsed cells"
    shown = [line for line in _answer_lines(notebook) if line in text]
    assert not shown, f"{name}: solution text visible before it is opened: {shown[:3]}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_student_edition_opens_without_solutions(editions, lab, page, name):
    kept = nbformat.read(editions[1] / "book" / name, as_version=4)
    cells = len(nbformat.read(editions[0] / "book" / name, as_version=4).cells)
    text = _visible_text(page, f"{lab}/lab/tree/student/book/{name}", cells)
    assert "solution-start" not in text and solutions.CODE_LEAD not in text
    assert not [line for line in _answer_lines(kept) if line in text]
