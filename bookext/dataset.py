"""The dataset at the start of every build: validated, and turned into the bibliography.

* Validates ``data/`` before anything is read, so a bad row stops the build with the
  loader's message (file, line, column).
* Writes ``_build/generated/references.bib`` from ``data/sources.csv`` (see
  :mod:`bookext.bib`) for sphinxcontrib-bibtex, so the bibliography is generated from the data.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.errors import ConfigError

from wdl.data import DataValidationError, load_package

from .bib import write_bibtex

BIB_PATH = Path("_build") / "generated" / "references.bib"


def _on_config_inited(app, config):
    root = Path(app.confdir)
    try:
        tables = load_package(root / "data")
    except DataValidationError as exc:
        raise ConfigError(str(exc)) from None
    write_bibtex(tables["sources"], root / BIB_PATH)


def setup(app):
    # Runs before sphinxcontrib-bibtex reads its files (it does so at builder-inited).
    app.connect("config-inited", _on_config_inited, priority=100)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
