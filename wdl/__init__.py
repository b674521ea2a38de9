"""Plumbing shared by the notebooks of *Where the Data Lives*.

* :mod:`wdl.data` loads the tables in ``data/`` and validates them against
  ``data/datapackage.json``; bad rows raise :class:`wdl.data.DataValidationError`.
* :mod:`wdl.style` holds the house chart style (colour-blind-safe palette).
* :mod:`wdl.widgets` wires ipywidgets controls to charts and tables.
* :mod:`wdl.quiz` checks and shows the self-check questions of ``data/quizzes.csv``
  (static HTML with folded answers, and an ipywidgets version).
"""

from .data import DataValidationError, load_package, load_table

__all__ = ["DataValidationError", "load_package", "load_table"]
