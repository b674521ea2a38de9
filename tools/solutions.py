"""Exercise solutions in the notebooks: fold them, and write the student and instructor editions.

A solution is written in sphinx-exercise's gated form, so that its code runs and its output
is stored and checked like any other cell (nbval)::

    markdown cell  ```{solution-start} ex-timeline-1
                   :class: dropdown
                   ```
    code cell(s)   the solution's code, executed
    markdown cells what the output shows
    markdown cell  ```{solution-end}
                   ```

In the book, sphinx-exercise folds the solution. In JupyterLab, :func:`fold` marks every cell
of the gate as collapsed (``jupyter.source_hidden``, ``jupyter.outputs_hidden``) and tags it
``solution``, and starts every cell inside with a standard line: JupyterLab shows a collapsed
cell as its first line, so students see only that line until they open it. ``make student`` writes
``_build/editions/student/`` with every gate removed and ``_build/editions/instructor/``
with them kept (both with the data and the package, ready for nbgitpuller or a download).

    python tools/solutions.py fold book/*.ipynb      (make refresh runs this)
    python tools/solutions.py editions               (make student)
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
START = re.compile(r"^\s*(```+|:::+)\{solution-start\}\s*(\S+)")
END = re.compile(r"^\s*(```+|:::+)\{solution-end\}")
TAG = "solution"


def gates(notebook) -> list[tuple[str, int, int]]:
    """(label, first cell, last cell) of each solution; raises on an unclosed or nested gate."""
    found, open_at, label = [], None, None
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown":
            continue
        start, end = START.match(cell.source), END.match(cell.source)
        if start:
            if open_at is not None:
                raise ValueError(f"solution {label} (cell {open_at}) is not closed before cell {i}")
            open_at, label = i, start.group(2)
        elif end:
            if open_at is None:
                raise ValueError(f"cell {i} ends a solution that was not started")
            found.append((label, open_at, i))
            open_at = None
    if open_at is not None:
        raise ValueError(f"solution {label} (cell {open_at}) is never closed")
    return found


#: The first line of every cell inside a solution. JupyterLab shows a collapsed cell as its first
#: line, so this line, and nothing of the answer, is what a student sees until opening it.
CODE_LEAD = "# Solution: open this cell to see the code that answers the exercise."
TEXT_LEAD = "**What the solution shows**"


def fold(notebook) -> bool:
    """Collapse and tag every cell of every gate, and give every cell inside a gate its
    standard first line (:data:`CODE_LEAD`, :data:`TEXT_LEAD`); return whether anything changed."""
    changed = False
    for _, first, last in gates(notebook):
        for cell in notebook.cells[first + 1:last]:
            lead = CODE_LEAD if cell.cell_type == "code" else TEXT_LEAD
            if cell.source.splitlines()[:1] != [lead]:
                cell.source = lead + ("\n" if cell.cell_type == "code" else "\n\n") + cell.source
                changed = True
    inside = {i for _, first, last in gates(notebook) for i in range(first, last + 1)}
    for i, cell in enumerate(notebook.cells):
        tags = cell.metadata.get("tags", [])
        hidden = cell.metadata.get("jupyter", {})
        if i in inside:
            want = {"source_hidden": True}
            if cell.cell_type == "code":
                want["outputs_hidden"] = True
            if TAG not in tags or any(hidden.get(k) is not v for k, v in want.items()):
                cell.metadata["tags"] = [*tags, TAG] if TAG not in tags else tags
                cell.metadata.setdefault("jupyter", {}).update(want)
                changed = True
        elif TAG in tags:
            raise ValueError(f"cell {i} is tagged {TAG!r} but is outside every solution-start/end pair")
    return changed


def student(notebook):
    """A copy of the notebook without its solutions."""
    copy = nbformat.from_dict(notebook)
    drop = {i for _, first, last in gates(copy) for i in range(first, last + 1)}
    copy.cells = [c for i, c in enumerate(copy.cells) if i not in drop]
    return copy


def editions(out: Path = ROOT / "_build" / "editions") -> list[Path]:
    """Write the student and instructor editions; return the two folders."""
    folders = []
    for name, transform in [("student", student), ("instructor", lambda nb: nb)]:
        target = out / name
        if target.exists():
            shutil.rmtree(target)
        (target / "book").mkdir(parents=True)
        for path in sorted((ROOT / "book").glob("*.ipynb")):
            nbformat.write(transform(nbformat.read(path, as_version=4)), target / "book" / path.name)
        shutil.copytree(ROOT / "data", target / "data")
        shutil.copytree(ROOT / "wdl", target / "wdl", ignore=shutil.ignore_patterns("__pycache__"))
        for extra in ["requirements.txt", "pyproject.toml", "README.md", "LICENSE"]:
            if (ROOT / extra).exists():
                shutil.copy2(ROOT / extra, target / extra)
        folders.append(target)
    return folders


def main(argv: list[str]) -> int:
    if argv[:1] == ["fold"]:
        for name in argv[1:]:
            notebook = nbformat.read(name, as_version=4)
            if fold(notebook):
                nbformat.write(notebook, name)
                print(f"folded the solutions of {name}")
        return 0
    if argv[:1] == ["editions"]:
        for folder in editions():
            print(f"wrote {folder.relative_to(ROOT)}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
