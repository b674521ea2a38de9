"""Re-execute notebooks in place so that their stored outputs are current.

    python tools/refresh_notebooks.py book/*.ipynb      (or: make refresh)

Each notebook runs top to bottom in its own folder, as nbval and the book build run
it, its solutions folded first (tools/solutions.py). Only what a test compares is stored: text outputs (nbval checks them against a
fresh run). Left out, because nothing compares them and the book draws its own when
it builds: images, widget state and the outputs of widget cells (their ids change on
every run), execution timestamps. A refresh with nothing changed leaves every file
byte-identical.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from solutions import fold

#: Output data that is not stored: binary or generated figures, and widget views.
DROPPED = ("image/png", "image/jpeg", "image/svg+xml", "application/pdf",
           "application/vnd.jupyter.widget-view+json")
WIDGET = "application/vnd.jupyter.widget-view+json"


def _merge_streams(outputs):
    """Join neighbouring outputs of the same stream: how a kernel splits printed text into chunks
    depends on timing, and would otherwise change the stored file from run to run."""
    merged = []
    for output in outputs:
        if (output.get("output_type") == "stream" and merged
                and merged[-1].get("output_type") == "stream" and merged[-1]["name"] == output["name"]):
            merged[-1]["text"] += output["text"]
        else:
            merged.append(output)
    return merged


def clean(notebook) -> None:
    """Drop from an executed notebook what no test compares (see the module's docstring)."""
    notebook.metadata.pop("widgets", None)
    notebook.metadata.pop("papermill", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if any(WIDGET in o.get("data", {}) for o in cell.outputs):
            cell.outputs = []
            continue
        cell.outputs = _merge_streams(cell.outputs)
        for output in cell.outputs:
            data = output.get("data")
            if data:
                for key in DROPPED:
                    data.pop(key, None)
            if "metadata" in output:
                output["metadata"].clear()


def refresh(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    fold(notebook)  # solutions collapsed for JupyterLab, with their standard first lines (tools/solutions.py)
    client = NotebookClient(
        notebook,
        timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,  # needed by nbclient for Output widgets; dropped by clean()
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    clean(notebook)
    text = nbformat.writes(notebook) + "\n"
    if path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return elapsed


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    for name in paths:
        seconds = refresh(Path(name))
        print(f"refreshed {name} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
