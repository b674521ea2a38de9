"""Plumbing shared by the notebooks of *Where the Data Lives*.

* :mod:`wdl.data` loads the tables in ``data/`` and validates them against
  ``data/datapackage.json``; bad rows raise :class:`wdl.data.DataValidationError`.
* :mod:`wdl.style` holds the house chart style (colour-blind-safe palette).
* :mod:`wdl.widgets` wires ipywidgets controls to charts and tables.
* :mod:`wdl.quiz` checks and shows the self-check questions of ``data/quizzes.csv``
  (static HTML with folded answers, and an ipywidgets version).
"""

from .data import DataValidationError, load_package, load_table

#: The public repository of the book (owner/name on GitHub). The launch
#: buttons in ``_config.yml`` and the raw-data fallback used on Colab point here.
REPOSITORY = "where-the-data-lives/where-the-data-lives"
BRANCH = "main"

__all__ = ["DataValidationError", "load_package", "load_table", "REPOSITORY", "BRANCH"]
