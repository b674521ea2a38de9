"""Turn ``data/sources.csv`` into BibTeX, so the book has one list of sources.

:mod:`bookext.dataset` calls :func:`write_bibtex` at the start of every build; chapters cite
a source by its ``source_id`` with ``{cite:p}`source-id```, which the book prints author-year
(:mod:`bookext.citations`). Two sources that would be cited alike ("Reuters, 2020") get a
letter after the year, in the order of their titles: 2020a, 2020b.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
# "$" stays as it is: pybtex, which reads this file for the book, prints a "\$" literally
# (a title "for \$800 million" came out with the backslash), while a bare "$" is plain text.
_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}


def escape(text: str) -> str:
    """Escape the characters BibTeX/LaTeX treat specially."""
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


_ROLE = re.compile(r"\s*\(([^)]*)\)\s*$")  # "Ben Murphy (translator)"


# lowercase words that may begin a family name ("Ursula von der Leyen")
_PARTICLES = {"van", "von", "der", "den", "de", "du", "da", "di", "del", "della", "dos", "das",
              "la", "le", "ten", "ter", "bin", "al", "el"}


def is_institution(name: str) -> bool:
    """An organisation written in the author column ("US Department of Commerce", "Covington &
    Burling LLP") rather than a person: BibTeX would read "of the" as a particle of a surname."""
    words = name.split()
    lowercase = [w for w in words[1:] if w[:1].islower() and w not in _PARTICLES]
    return bool(lowercase) or any(ch in name for ch in ",&")


def _person(name: str) -> str:
    """One author as BibTeX reads a name; an institution in braces, so that it stays one name
    as written (and is cited as such)."""
    name = _ROLE.sub("", name).strip()
    return "{" + escape(name) + "}" if is_institution(name) else escape(name)


def roles(row) -> list[str]:
    """Authors' roles written after their names, "Ben Murphy (translator)", for the note."""
    author = row["author"]
    if not isinstance(author, str):
        return []
    return [a.strip() for a in author.split(";") if _ROLE.search(a)]


def author_field(row) -> str:
    """The BibTeX author: the named authors, or else the publisher as an institution."""
    author = row["author"]
    if isinstance(author, str) and author:
        return " and ".join(_person(a) for a in author.split(";"))
    # An institution as author: double braces keep BibTeX from parsing it as a name.
    return "{" + escape(row["publisher"]) + "}"


def plain_year(row) -> str:
    published = row["published"]
    return "n.d." if pd.isna(published) else str(published.year)  # n.d.: an undated page, such as a statute


def year_labels(sources: pd.DataFrame) -> dict[str, str]:
    """The year each source is cited with: "2020", or "2020a", "2020b"... when sources with the
    same cited name share a year (lettered by title; "n.d.-a" for undated ones)."""
    from pybtex.bibtex.utils import split_name_list
    from pybtex.database import Person

    from .citations import cite_name

    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for _, row in sources.iterrows():
        persons = [Person(name) for name in split_name_list(author_field(row))]
        key = (cite_name(persons), plain_year(row))
        groups.setdefault(key, []).append((str(row["title"]).casefold(), row["source_id"]))
    labels = {}
    for (_, year), members in groups.items():
        if len(members) == 1:
            labels[members[0][1]] = year
            continue
        for i, (_, source_id) in enumerate(sorted(members)):
            letter = _letters(i)
            labels[source_id] = f"{year}-{letter}" if year == "n.d." else f"{year}{letter}"
    return labels


def _letters(i: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa."""
    text = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def entry(row, year: str | None = None) -> str:
    """One ``@misc`` entry for a row of the sources table (``year``: as cited, e.g. 2020b)."""
    published = row["published"]
    fields = {"author": author_field(row)}
    fields["title"] = "{" + escape(row["title"]) + "}"
    fields["howpublished"] = escape(row["publisher"])
    fields["year"] = year or plain_year(row)
    if row["published_precision"] in ("month", "day"):
        fields["month"] = _MONTHS[published.month - 1]
    if row["published_precision"] == "day":
        fields["day"] = str(published.day)
    fields["url"] = row["url"]
    fields["note"] = escape("; ".join([f"{row['kind'].capitalize()} source", *roles(row)]))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields.items()
    )
    return f"@misc{{{row['source_id']},\n{body}\n}}\n"


def to_bibtex(sources: pd.DataFrame) -> str:
    """All sources as a BibTeX database, in the table's order."""
    years = year_labels(sources)
    return "\n".join(entry(row, years[row["source_id"]]) for _, row in sources.iterrows())


def write_bibtex(sources: pd.DataFrame, path: Path) -> bool:
    """Write the database to ``path`` if it changed; return whether it was written."""
    text = to_bibtex(sources)
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
