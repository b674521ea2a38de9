"""Author-year citations, online and in print: "(Allyn, 2024)", "(U.S. Department of Justice, 2024a)".

* **In the text**, sphinxcontrib-bibtex's ``author_year`` reference style, with round
  brackets: ``{cite:p}`id``` gives "(Author, Year)", several ids "(A, 2020; B, 2021)".
  A source without a named author is cited by its publisher, which :mod:`bookext.bib` writes
  as the entry's (institutional) author.
* **In the bibliography**, the ``book`` pybtex style: pybtex's ``plain`` entries, sorted by
  author (or publisher), year and title, each labelled with what the text cites it by
  ("Allyn 2024"), not with a number. Two sources with the same author and year are told apart
  by a letter after the year (2024a, 2024b), which :mod:`bookext.bib` assigns in title order,
  the order of the bibliography.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import sphinxcontrib.bibtex.plugin
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

REFERENCE_STYLE = "author_year_round"
BIBLIOGRAPHY_STYLE = "book"


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class RoundAuthorYearStyle(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's author-year style with round brackets ("(Allyn, 2024)")."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)


_PLAIN = PlainTextBackend()


@functools.lru_cache(maxsize=None)
def plain_text(latex: str) -> str:
    """A name or year as the reader sees it (braces and escapes gone). The backend is passed in:
    ``render_as("text")`` looks its plugin up in the installed packages' entry points on every
    call, which for the book's thousand names took half a minute per build."""
    return Text.from_latex(latex).render(_PLAIN)


def cite_name(persons) -> str:
    """What the text cites a list of authors by: "Allyn", "Allyn and Shepardson", "Allyn et al."."""
    names = [plain_text(" ".join(p.prelast_names + p.last_names)) for p in persons]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


class AuthorYearLabelStyle(BaseLabelStyle):
    """Bibliography labels that match the citations: "Allyn 2024a"."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield f"{cite_name(entry.persons.get('author', []))} {plain_text(entry.fields.get('year', ''))}".strip()


class BookStyle(PlainStyle):
    """pybtex's plain entries, sorted by author, year, title; labelled author-year."""

    default_label_style = AuthorYearLabelStyle
    default_sorting_style = "author_year_title"


def setup(app):
    register_plugin("pybtex.style.formatting", BIBLIOGRAPHY_STYLE, BookStyle, force=True)
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", REFERENCE_STYLE, RoundAuthorYearStyle, force=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
