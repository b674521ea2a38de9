"""Turn ``data/sources.csv`` into BibTeX, so the book has one list of sources.

The Sphinx extension :mod:`bookext.dataset` calls :func:`write_bibtex` at the
start of every build; chapters cite a source by its ``source_id`` with
``{cite:p}`source-id```.
"""

from __future__ import annotations

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


def entry(row) -> str:
    """One ``@misc`` entry for a row of the sources table."""
    published = row["published"]
    fields = {}
    author = row["author"]
    if isinstance(author, str) and author:
        fields["author"] = " and ".join(escape(a) for a in author.split(";"))
    else:
        # An institution as author: double braces keep BibTeX from parsing it as a name.
        fields["author"] = "{" + escape(row["publisher"]) + "}"
    fields["title"] = "{" + escape(row["title"]) + "}"
    fields["howpublished"] = escape(row["publisher"])
    if pd.isna(published):
        fields["year"] = "n.d."  # an undated page, such as a statute or an agency reference page
    else:
        fields["year"] = str(published.year)
    if row["published_precision"] in ("month", "day"):
        fields["month"] = _MONTHS[published.month - 1]
    if row["published_precision"] == "day":
        fields["day"] = str(published.day)
    fields["url"] = row["url"]
    fields["note"] = escape(f"{row['kind'].capitalize()} source")
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields.items()
    )
    return f"@misc{{{row['source_id']},\n{body}\n}}\n"


def to_bibtex(sources: pd.DataFrame) -> str:
    """All sources as a BibTeX database, in the table's order."""
    return "\n".join(entry(row) for _, row in sources.iterrows())


def write_bibtex(sources: pd.DataFrame, path: Path) -> bool:
    """Write the database to ``path`` if it changed; return whether it was written."""
    text = to_bibtex(sources)
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
