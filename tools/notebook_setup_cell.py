# Setup: make the course's helper package `wdl` importable wherever this notebook runs.
import pathlib
import sys

try:
    import wdl
except ModuleNotFoundError:
    here = pathlib.Path.cwd()
    root = next((p for p in [here, *here.parents] if (p / "wdl" / "__init__.py").is_file()), None)
    if root is not None:  # a checkout of the book: locally, on Binder or on a JupyterHub
        sys.path.insert(0, str(root))
    else:  # only this notebook arrived (Colab): install the package from the repository
        %pip install --quiet "git+https://github.com/where-the-data-lives/where-the-data-lives"
    import wdl
