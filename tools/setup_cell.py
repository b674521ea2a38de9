"""Write the first code cell of every notebook, from the repository address in ``_config.yml``.

    python tools/setup_cell.py            rewrite the cell in every notebook of book/ (make setup-cell)
    python tools/setup_cell.py --check    exit 1 if a notebook's cell differs (the tests do this too)

The cell finds the book's ``wdl`` package in the checkout (locally, on Binder, on a
JupyterHub). A notebook that runs without the rest of the book (Colab, or a copy moved
out of the checkout) installs the package from the repository instead, and if that
fails it says in a sentence what to do, without a traceback and without waiting on a
password prompt. The address is written nowhere else: change ``repository:`` in
``_config.yml`` and run this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent

TEMPLATE = '''\
# Setup (written by tools/setup_cell.py): find the book's `wdl` package, or install it.
import os, pathlib, subprocess, sys
REPOSITORY, BRANCH = "{url}", "{branch}"
os.environ.setdefault("WDL_DATA_URL", f"{{REPOSITORY}}/raw/{{BRANCH}}/data/")
here = pathlib.Path.cwd()
root = next((p for p in [here, *here.parents] if (p / "wdl" / "__init__.py").is_file()), None)
if root is not None:  # a checkout of the book: locally, on Binder or on a JupyterHub
    sys.path.insert(0, str(root))
elif subprocess.run([sys.executable, "-m", "pip", "install", "-q", f"git+{{REPOSITORY}}@{{BRANCH}}"],
                    capture_output=True, env={{**os.environ, "GIT_TERMINAL_PROMPT": "0"}}).returncode:
    class SetupError(Exception):
        def _render_traceback_(self):
            return [str(self)]
    raise SetupError(f"This notebook needs the book's `wdl` package, which could not be installed from {{REPOSITORY}}. "
                     "Open the notebook from a copy of the whole book (or Binder), or check the address and your connection.")
import wdl.tables
wdl.tables.install()  # every DataFrame shows as a table for reading (wdl/tables.py)'''


def config() -> tuple[str, str]:
    """The repository address and branch from ``_config.yml``."""
    data = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repository = data["repository"]
    return repository["url"].rstrip("/"), repository.get("branch", "main")


def setup_cell(url: str | None = None, branch: str | None = None) -> str:
    """The cell's source, for ``url`` and ``branch`` (default: ``_config.yml``'s)."""
    default_url, default_branch = config()
    return TEMPLATE.format(url=url or default_url, branch=branch or default_branch)


def notebooks() -> list[Path]:
    return sorted((ROOT / "book").glob("*.ipynb"))


def write(path: Path, source: str) -> bool:
    """Put ``source`` in the notebook's first code cell; return whether the file changed."""
    notebook = nbformat.read(path, as_version=4)
    first = next(c for c in notebook.cells if c.cell_type == "code")
    if first.source == source:
        return False
    first.source = source
    tags = first.metadata.setdefault("tags", [])
    if "hide-input" not in tags:
        tags.append("hide-input")
    nbformat.write(notebook, path)
    return True


def main(argv: list[str]) -> int:
    source = setup_cell()
    if "--check" in argv:
        stale = [p.name for p in notebooks()
                 if next(c for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code").source != source]
        if stale:
            print("The setup cell differs from tools/setup_cell.py in: " + ", ".join(stale)
                  + ". Run `python tools/setup_cell.py`, then `make refresh`.")
            return 1
        return 0
    for path in notebooks():
        if write(path, source):
            print(f"wrote the setup cell of {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
