"""Load the course dataset from ``data/`` and validate it on the way in.

The tables are CSV files described by a Frictionless Data Package
(``data/datapackage.json``). This module reads that descriptor and checks every
cell against it, then the rules the standard cannot express (partial dates that
agree with their precision column, list cells whose items must exist in another
table, columns that must be unique together, multiple-choice rows whose answer
names one of their own choices, columns filled only for a copied source, and the rules that
keep a quiz from giving its answers away: see :func:`check_quiz_rules`). Any
problem raises :class:`DataValidationError`, which names the file, the line and
the column; nothing is dropped or coerced silently.

Two helpers work on the loaded tables: :func:`jurisdiction_name` (the name of a
code in ``jurisdictions.csv``) and :func:`weak_support`, the rule that every
fact, in the data and in the book's prose, rests on a primary or reputable
source (see ``data/README.md``).

Typical use in a notebook::

    from wdl.data import load_package
    tables = load_package()
    events = tables["events"]
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import sys
import tempfile
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = [
    "Citation",
    "DataValidationError",
    "Problem",
    "citations",
    "find_data_dir",
    "jurisdiction_name",
    "jurisdiction_names",
    "load_package",
    "load_table",
    "orphan_sources",
    "supports_a_fact",
    "validate",
    "source_strength",
    "weak_support",
]

DESCRIPTOR = "datapackage.json"
PRECISIONS = ("day", "month", "year")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as possible."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DataValidationError(ValueError):
    """Raised when a table in ``data/`` does not match its schema.

    ``problems`` holds every :class:`Problem` found; the message lists them.
    """

    MAX_LISTED = 20

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[: self.MAX_LISTED]]
        more = len(self.problems) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more problem(s)")
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the course data:"
        super().__init__("\n".join([header, *lines]))


# --------------------------------------------------------------------------- #
# Finding the data
# --------------------------------------------------------------------------- #


class DataUnavailable(RuntimeError):
    """The data could not be found or fetched; the message says what to do (shown without a traceback)."""

    def _render_traceback_(self):  # IPython shows this instead of a traceback
        return [str(self)]


def _data_url() -> str:
    """Where to read the data when no local copy exists: ``$WDL_DATA_URL`` (the notebooks' setup cell sets it)."""
    url = os.environ.get("WDL_DATA_URL")
    if not url:
        raise DataUnavailable(
            "No copy of the course data was found. Run this from a checkout of the book, or set "
            "WDL_DATA_DIR to its data/ folder (or WDL_DATA_URL to where the data can be read)."
        )
    return url if url.endswith("/") else url + "/"


def find_data_dir(start: Path | None = None) -> Path | None:
    """Return the folder holding ``datapackage.json``, or ``None``.

    Looks at ``$WDL_DATA_DIR`` first, then for a ``data/`` folder in the current
    directory, the package's own checkout, and their parents (so notebooks work
    when launched from ``book/`` locally, on Binder or on a JupyterHub).
    """
    env = os.environ.get("WDL_DATA_DIR")
    if env:
        return Path(env)
    starts = [start or Path.cwd(), Path(__file__).resolve().parent]
    for base in starts:
        for folder in [base, *base.parents]:
            candidate = folder / "data"
            if (candidate / DESCRIPTOR).is_file():
                return candidate
    return None


def _download_data(dest: Path) -> Path:
    """Fetch the descriptor and its tables from ``$WDL_DATA_URL`` (Colab, or a notebook moved out of the book)."""
    base = _data_url()
    print(f"No local copy of the course data was found; reading it from {base}")
    dest.mkdir(parents=True, exist_ok=True)
    try:
        with urllib.request.urlopen(base + DESCRIPTOR, timeout=30) as response:
            descriptor_text = response.read().decode("utf-8")
        (dest / DESCRIPTOR).write_text(descriptor_text, encoding="utf-8")
        for resource in json.loads(descriptor_text)["resources"]:
            with urllib.request.urlopen(base + resource["path"], timeout=30) as response:
                (dest / resource["path"]).write_bytes(response.read())
    except (OSError, ValueError) as exc:  # URLError, HTTPError and timeouts are OSErrors
        raise DataUnavailable(
            f"The course data could not be read from {base} ({exc}). Open the notebook from a "
            "copy of the whole book (or Binder), or check your connection."
        ) from None
    return dest


# --------------------------------------------------------------------------- #
# Cell checks
# --------------------------------------------------------------------------- #


def parse_partial_date(text: str) -> tuple[dt.date, str]:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Returns the first day of the period and its precision (``year``, ``month``
    or ``day``). Raises ``ValueError`` with a readable message otherwise.
    """
    match = _PARTIAL_DATE.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        value = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a valid calendar date ({exc})") from None
    precision = "day" if day else "month" if month else "year"
    return value, precision


@dataclass(frozen=True)
class _PartialDate:
    """A parsed partial date: the first day of its period and its precision."""

    value: dt.date
    precision: str


# A reporter records one problem: ``report(line, column, message)``.
Reporter = Callable[[int | None, str | None, str], None]


# --------------------------------------------------------------------------- #
# Reading one CSV file
# --------------------------------------------------------------------------- #


def _read_text(path: Path, report: Reporter) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        report(None, None, "file not found")
    except UnicodeDecodeError as exc:
        report(None, None, f"not valid UTF-8 ({exc.reason} at byte {exc.start})")
    return None


def _header_matches(header: list[str], expected: list[str], report: Reporter) -> bool:
    """The header must name the schema's columns, in the schema's order."""
    if header == expected:
        return True
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    for col in missing:
        report(1, col, "required column is missing from the header")
    for col in extra:
        report(1, col, "column is not described in datapackage.json")
    if not missing and not extra:
        report(1, None, f"columns must be in the order {', '.join(expected)}")
    return False


def _read_rows(path: Path, columns: list[str], report: Reporter) -> list[tuple[int, dict[str, str]]]:
    """The data rows of one CSV file as ``(line, {column: text})``.

    Problems of encoding, header and shape are reported; a table whose header is
    wrong yields no rows (its cells cannot be matched to columns).
    """
    text = _read_text(path, report)
    if text is None:
        return []
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        report(1, None, "the file is empty (a header row is required)")
        return []
    except csv.Error as exc:
        report(1, None, f"malformed CSV: {exc}")
        return []
    if not _header_matches(header, columns, report):
        return []
    rows = []
    try:
        for cells in reader:
            line = reader.line_num
            if not cells:
                report(line, None, "blank line inside the table")
            elif len(cells) != len(header):
                report(line, None, f"expected {len(header)} cells, found {len(cells)}")
            else:
                rows.append((line, dict(zip(header, cells))))
    except csv.Error as exc:
        report(reader.line_num, None, f"malformed CSV: {exc}")
    return rows


# --------------------------------------------------------------------------- #
# One cell
# --------------------------------------------------------------------------- #
# Each checker gets the field, the (non-empty, unpadded) text and ``say(message)``,
# which records a problem in this cell; it returns the typed value, or None when
# the text is invalid.


def _check_list(field: dict, raw: str, say) -> list[str] | None:
    items = raw.split(field.get("delimiter", ","))
    if any(item == "" or item != item.strip() for item in items):
        say(f"list {raw!r} has an empty or padded item")
        return None
    allowed = field.get("x-itemEnum")
    for item in items if allowed else []:
        if item not in allowed:
            say(f"'{item}' is not one of: {', '.join(allowed)}")
    if len(set(items)) != len(items):
        say(f"list {raw!r} repeats an item")
    return items


def _check_integer(field: dict, raw: str, say) -> int | None:
    if not re.fullmatch(r"-?\d+", raw):
        say(f"'{raw}' is not a whole number")
        return None
    value = int(raw)
    constraints = field.get("constraints", {})
    low, high = constraints.get("minimum"), constraints.get("maximum")
    if low is not None and value < low:
        say(f"{value} is below the minimum of {low}")
        return None
    if high is not None and value > high:
        say(f"{value} is above the maximum of {high}")
        return None
    return value


def _check_string(field: dict, raw: str, say) -> str | _PartialDate | None:
    constraints = field.get("constraints", {})
    enum = constraints.get("enum")
    if enum is not None and raw not in enum:
        say(f"'{raw}' is not one of: {', '.join(enum)}")
        return None
    pattern = constraints.get("pattern")
    if pattern is not None and not re.fullmatch(pattern, raw):
        say(f"'{raw}' does not match {field.get('x-patternHint', f'the pattern {pattern}')}")
        return None
    max_length = constraints.get("maxLength")
    if max_length is not None and len(raw) > max_length:
        say(f"text is {len(raw)} characters long (at most {max_length})")
    if field.get("format") == "uri" and not re.fullmatch(r"https?://[^\s]+", raw):
        say(f"'{raw}' is not an http(s) URL")
        return None
    if "x-partialDate" in field:
        try:
            return _PartialDate(*parse_partial_date(raw))  # the only time a date is parsed
        except ValueError as exc:
            say(str(exc))
            return None
    return raw


_CELL_CHECKS = {"list": _check_list, "integer": _check_integer, "string": _check_string}


def _check_cell(field: dict, raw: str, say):
    """Check one cell against its field; return its typed value (None when empty or invalid)."""
    if raw != raw.strip():
        say(f"value {raw!r} has leading or trailing spaces")
        return None
    if raw == "":
        if field.get("constraints", {}).get("required"):
            say("a value is required but the cell is empty")
        return [] if field["type"] == "list" else None
    check = _CELL_CHECKS.get(field["type"])
    if check is None:
        raise NotImplementedError(f"field type {field['type']!r} is not supported by the loader")
    return check(field, raw, say)


# --------------------------------------------------------------------------- #
# Rules that span the cells of one row
# --------------------------------------------------------------------------- #


def _check_precision(line, name, precision_field, row, implied, report: Reporter):
    """A partial date and its precision column must agree, and be empty together.

    ``implied`` is the precision of the parsed date (None when it was empty or invalid).
    """
    stated = row[precision_field]
    if row[name] == "":
        if stated != "":
            report(line, precision_field, f"must be empty when {name} is empty")
        return
    if stated == "":
        report(line, precision_field, f"a value is required when {name} is given")
        return
    if implied is None or stated not in PRECISIONS:
        return  # the date or the precision itself was already reported
    if stated != implied:
        report(
            line, precision_field,
            f"'{stated}' does not agree with {name} '{row[name]}' (which is {implied} precision)",
        )


def _check_conditions(line, name, field, row, report: Reporter):
    """``x-requiredWhen``: filled when another column has one of some values;
    ``x-emptyUnless``: empty unless another column has one of some values."""
    if row[name] == "":
        for other, values in field.get("x-requiredWhen", {}).items():
            if row[other] in values:
                report(line, name, f"a value is required when {other} is '{row[other]}'")
        return
    for other, values in field.get("x-emptyUnless", {}).items():
        if row[other] not in values:
            allowed = " or ".join(f"'{v}'" for v in values)
            actual = f"'{row[other]}'" if row[other] else "empty"
            report(line, name, f"must be empty unless {other} is {allowed} (it is {actual})")


def _check_choices(line, row, typed, rule, report: Reporter):
    """Multiple-choice rows: choices filled in order, all different, the answer names a filled one.

    ``rule`` maps each answer value to the column holding that choice
    (``{"fields": {"a": "choice_a", ...}, "answerField": "answer"}``).
    """
    fields = rule["fields"]
    seen: dict[str, str] = {}
    gap = None
    for column in fields.values():
        text = row[column]
        if text == "":
            gap = gap or column
            continue
        if gap is not None:
            report(line, column, f"is filled but {gap} is empty (fill the choices in order)")
        if text in seen:
            report(line, column, f"repeats {seen[text]} ('{text}'): choices must differ")
        else:
            seen[text] = column
    answer_field = rule["answerField"]
    answer = typed[answer_field]
    if answer is None:
        return  # empty or not an allowed letter: already reported
    column = fields.get(answer)
    if column is None:
        report(line, answer_field, f"'{answer}' names no choice column")
    elif row[column] == "":
        report(line, answer_field, f"'{answer}' is not among the choices ({column} is empty)")


def _check_row(line: int, row: dict[str, str], schema: dict, report: Reporter) -> dict:
    """Type one row's cells, then apply the rules across them; return the typed row.

    A partial date without a precision column gets a derived ``<name>_precision`` entry.
    """
    typed, precision = {}, {}
    for field in schema["fields"]:
        name = field["name"]
        value = _check_cell(field, row[name], lambda message, name=name: report(line, name, message))
        if isinstance(value, _PartialDate):
            value, precision[name] = value.value, value.precision
        typed[name] = value
    for field in schema["fields"]:
        name = field["name"]
        partial = field.get("x-partialDate")
        if partial is not None and "precisionField" in partial:
            _check_precision(line, name, partial["precisionField"], row, precision.get(name), report)
        elif partial is not None:
            typed[f"{name}_precision"] = precision.get(name)
        _check_conditions(line, name, field, row, report)
    if "x-choices" in schema:
        _check_choices(line, row, typed, schema["x-choices"], report)
    return typed


# --------------------------------------------------------------------------- #
# Rules across the rows of one table
# --------------------------------------------------------------------------- #


def _repeats(records, group):
    """Yield ``(line, typed_row, first_line)`` for each row whose values in ``group`` repeat an earlier row's.

    Rows with an empty value in the group are skipped (emptiness is reported elsewhere).
    """
    seen: dict[tuple, int] = {}
    for line, typed in records:
        key = tuple(typed[k] for k in group)
        if any(k is None for k in key):
            continue
        if key in seen:
            yield line, typed, seen[key]
        else:
            seen[key] = line


def _primary_key(schema: dict) -> list[str]:
    keys = schema.get("primaryKey", [])
    return [keys] if isinstance(keys, str) else list(keys)


def _check_unique(records, schema: dict, report: Reporter):
    """The primary key and every ``unique`` column may not repeat."""
    keys = _primary_key(schema)
    unique = [[f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique")]
    for group in [keys, *[u for u in unique if u != keys]]:
        if not group:
            continue
        for line, typed, first in _repeats(records, group):
            shown = ", ".join(str(typed[k]) for k in group)
            report(line, ",".join(group), f"duplicate id '{shown}' (first used on line {first})")


def _check_unique_keys(records, schema: dict, report: Reporter):
    """``x-uniqueKeys``: combinations of columns that may not repeat (e.g. quiz and position)."""
    for group in schema.get("x-uniqueKeys", []):
        *context, last = group
        for line, typed, first in _repeats(records, group):
            where = " and ".join(f"{c} '{typed[c]}'" for c in context)
            report(line, last, f"{last} {typed[last]} is already used for {where} (line {first})")


def _check_table(resource: dict, path: Path, label: str) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """Read and check one table; return its typed records and the problems found."""
    schema = resource["schema"]
    problems: list[Problem] = []

    def report(line, column, message):
        problems.append(Problem(label, line, column, message))

    rows = _read_rows(path, [f["name"] for f in schema["fields"]], report)
    records = [(line, _check_row(line, row, schema, report)) for line, row in rows]
    _check_unique(records, schema, report)
    _check_unique_keys(records, schema, report)
    if "x-quizRules" in schema:
        problems.extend(check_quiz_rules(schema, label, records))
    return records, problems


def _extreme_choice_columns(choices: dict[str, str], pick) -> set[str]:
    """The choice columns whose text is the longest (``pick=max``) or shortest (``min``), several
    on a tie; none when every choice has the same length (length then points at nothing)."""
    lengths = {column: len(text) for column, text in choices.items()}
    if len(set(lengths.values())) < 2:
        return set()
    extreme = pick(lengths.values())
    return {column for column, length in lengths.items() if length == extreme}


def check_quiz_rules(schema: dict, label: str, records) -> list[Problem]:
    """The rules that keep a multiple-choice quiz from giving its answers away.

    ``schema["x-quizRules"]`` sets them (see ``data/README.md``):

    * ``maxChoiceLengthRatio``: in each question the longest choice is at most this many times as
      long as the shortest (in characters), so that length does not point at the answer;
    * per quiz (``groupField``): ``minQuestions``, the fewest questions (rows) a quiz may have;
      and, counted over the questions whose answer is valid, ``maxAnswerIsLongestShare``, the
      largest share of questions whose right answer is the longest choice (a tie for longest
      counts, unless all choices are of one length); ``maxAnswerIsShortestShare``, the same for
      the shortest choice; ``maxAnswerLetterShare``, the largest share of answers one letter may
      hold.

    ``records`` are ``(line, typed row)`` pairs. Each problem names the row and column to change.
    """
    rules = schema["x-quizRules"]
    fields = schema["x-choices"]["fields"]  # letter -> choice column
    answer_field = schema["x-choices"]["answerField"]
    group_field = rules["groupField"]
    problems: list[Problem] = []
    groups: dict[str, list[tuple[int, str, bool, bool]]] = {}  # quiz -> (line, answer, longest, shortest)
    last_line: dict[str, int] = {}
    sizes: dict[str, int] = {}
    ratio = rules.get("maxChoiceLengthRatio")
    for line, typed in records:
        choices = {column: typed[column] for column in fields.values() if typed.get(column)}
        if ratio is not None and len(choices) >= 2:
            longest = max(choices, key=lambda c: len(choices[c]))
            shortest = min(choices, key=lambda c: len(choices[c]))
            if len(choices[longest]) > ratio * len(choices[shortest]):
                problems.append(Problem(
                    label, line, longest,
                    f"is {len(choices[longest])} characters long, more than {ratio:g} times "
                    f"{shortest} ({len(choices[shortest])}): write choices of comparable length",
                ))
        group = typed.get(group_field)
        if group is None:
            continue
        last_line[group] = line
        sizes[group] = sizes.get(group, 0) + 1
        answer = typed.get(answer_field)
        column = fields.get(answer) if answer is not None else None
        if column is None or column not in choices:
            continue  # an invalid answer is reported on its own
        groups.setdefault(group, []).append((
            line, answer,
            column in _extreme_choice_columns(choices, max),
            column in _extreme_choice_columns(choices, min),
        ))

    for group, line in last_line.items():
        low = rules.get("minQuestions")
        if low is not None and sizes[group] < low:
            problems.append(Problem(
                label, line, group_field,
                f"{group_field} '{group}' has {sizes[group]} question{'s' if sizes[group] != 1 else ''}; "
                f"each needs at least {low}",
            ))
            continue  # shares of a quiz that small say little: add questions first
        rows = groups.get(group, [])
        count = len(rows)
        if not count:
            continue

        def over(share_key, picked, message):
            share = rules.get(share_key)
            if share is None:
                return
            allowed = int(share * count + 1e-9)
            if len(picked) > allowed:
                lines = ", ".join(str(n) for n in picked)
                problems.append(Problem(
                    label, picked[allowed], answer_field,
                    f"in {group_field} '{group}' {message(len(picked))} of {count} questions "
                    f"(lines {lines}); at most {share:.0%} ({allowed}) may be: change this row "
                    f"or another of those lines",
                ))

        over("maxAnswerIsLongestShare", [n for n, _, longest, _ in rows if longest],
             lambda k: f"the right answer is the longest choice in {k}")
        over("maxAnswerIsShortestShare", [n for n, _, _, shortest in rows if shortest],
             lambda k: f"the right answer is the shortest choice in {k}")
        for letter in sorted({a for _, a, _, _ in rows}):
            over("maxAnswerLetterShare", [n for n, a, _, _ in rows if a == letter],
                 lambda k, letter=letter: f"the answer is '{letter}' in {k}")
    return problems


def _to_frame(resource: dict, label: str, records) -> pd.DataFrame:
    """The typed records as a DataFrame: dates, categoricals, strings; a leading ``line`` column.

    ``frame.attrs`` keeps the table's file (``label``) and ``primary_key``, which
    the citation rules use to name a row.
    """
    fields = resource["schema"]["fields"]
    columns = [f["name"] for f in fields]
    derived = []
    for field in fields:
        partial = field.get("x-partialDate")
        if partial is not None and "precisionField" not in partial:
            extra = f"{field['name']}_precision"
            columns.insert(columns.index(field["name"]) + 1, extra)
            derived.append(extra)
    frame = pd.DataFrame([typed for _, typed in records], columns=columns)
    frame.insert(0, "line", pd.array([line for line, _ in records], dtype="Int64"))
    for extra in derived:
        frame[extra] = pd.Categorical(frame[extra], categories=list(PRECISIONS))
    for field in fields:
        name = field["name"]
        enum = field.get("constraints", {}).get("enum")
        if "x-partialDate" in field:
            frame[name] = pd.to_datetime(frame[name])
        elif enum is not None:
            frame[name] = pd.Categorical(frame[name], categories=enum)
        elif field["type"] == "string":
            frame[name] = frame[name].astype("string")
    frame.attrs = {"label": label, "primary_key": _primary_key(resource["schema"])}
    return frame


# --------------------------------------------------------------------------- #
# Rules across tables
# --------------------------------------------------------------------------- #


def _first(names):
    return names if isinstance(names, str) else names[0]


def _check_references(descriptor: dict, frames: dict, labels: dict) -> list[Problem]:
    """Foreign keys (``foreignKeys``), and the list-valued ones the standard cannot express
    (``x-listForeignKeys``): every value must exist in the referenced column."""
    problems = []
    for resource in descriptor["resources"]:
        name, schema = resource["name"], resource["schema"]
        refs = [(fk, False) for fk in schema.get("foreignKeys", [])]
        refs += [(fk, True) for fk in schema.get("x-listForeignKeys", [])]
        for fk, is_list in refs:
            field = _first(fk["fields"])
            target, target_field = fk["reference"]["resource"], _first(fk["reference"]["fields"])
            known = set(frames[target][target_field].dropna())
            for line, value in zip(frames[name]["line"], frames[name][field]):
                values = value if is_list else ([] if pd.isna(value) else [value])
                for item in values:
                    if item not in known:
                        problems.append(Problem(
                            labels[name], int(line), field,
                            f"'{item}' does not exist in {labels[target]} (column {target_field})",
                        ))
    return problems


def load_package(data_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Load and validate every table; return ``{name: DataFrame}``.

    Each frame has a ``line`` column (the row's line number in its CSV file),
    dates as ``datetime64`` (the first day of the period, see the matching
    ``*_precision`` column), enumerations as ordered categoricals, lists as
    Python lists; ``frame.attrs`` holds the file (``label``) and ``primary_key``.
    ``tables["jurisdictions"]`` names every jurisdiction code (see
    :func:`jurisdiction_name`). Raises :class:`DataValidationError` listing every
    problem.
    """
    if data_dir is None:
        data_dir = find_data_dir()
        if data_dir is None:
            data_dir = _download_data(Path(tempfile.mkdtemp(prefix="wdl-data-")))
    data_dir = Path(data_dir)
    descriptor_path = data_dir / DESCRIPTOR
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError([Problem(str(descriptor_path), None, None, "file not found")])
    except json.JSONDecodeError as exc:
        raise DataValidationError(
            [Problem(str(descriptor_path), exc.lineno, None, f"invalid JSON: {exc.msg}")]
        ) from None

    frames, labels, problems = {}, {}, []
    for resource in descriptor["resources"]:
        label = f"{data_dir.name}/{resource['path']}"
        records, found = _check_table(resource, data_dir / resource["path"], label)
        problems.extend(found)
        labels[resource["name"]] = label
        frames[resource["name"]] = _to_frame(resource, label, records)
    if not problems:
        problems = _check_references(descriptor, frames, labels)
    if problems:
        raise DataValidationError(problems)
    return frames


def validate(data_dir: str | Path | None = None) -> int:
    """Load the package and say whether it is valid: for ``make check`` and the command line.

    Prints a one-line summary, or every problem (to stderr); returns 0 or 1.
    """
    folder = Path(data_dir) if data_dir is not None else find_data_dir()
    if folder is None:
        print("no data/ folder with datapackage.json found here or above", file=sys.stderr)
        return 1
    try:
        tables = load_package(folder)
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        return 1
    rows = sum(len(frame) for frame in tables.values())
    print(f"{folder}: {len(tables)} tables, {rows} rows, valid")
    return 0


def load_table(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the whole package (so cross-table references are checked) and return one table."""
    tables = load_package(data_dir)
    if name not in tables:
        raise KeyError(f"no table named {name!r}; the tables are: {', '.join(tables)}")
    return tables[name]


def orphan_sources(tables: dict[str, pd.DataFrame], also_cited=()) -> list[str]:
    """Source ids that no row of any other table cites (nor ``also_cited``, e.g. the book's pages)."""
    cited: set[str] = set(also_cited)
    for name, frame in tables.items():
        for column in frame.columns:
            if column.endswith("source_ids"):
                for items in frame[column]:
                    cited.update(items)
    return sorted(set(tables["sources"]["source_id"]) - cited)


# --------------------------------------------------------------------------- #
# Jurisdictions
# --------------------------------------------------------------------------- #


def jurisdiction_names(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """``{code: name}`` from ``jurisdictions.csv``, e.g. for ``frame["jurisdiction"].map(...)``."""
    frame = tables["jurisdictions"]
    return dict(zip(frame["code"], frame["name"]))


def jurisdiction_name(code: str, tables: dict[str, pd.DataFrame]) -> str:
    """The name the book shows for a jurisdiction code (``US``, ``EU``, ``INT`` ...)."""
    try:
        return jurisdiction_names(tables)[code]
    except KeyError:
        raise KeyError(
            f"'{code}' is not a code in data/jurisdictions.csv: add a row 'code,name' for it there"
        ) from None


# --------------------------------------------------------------------------- #
# How strong the sources under each fact are
# --------------------------------------------------------------------------- #

#: Reliability values that can carry a fact on their own.
STRONG = ("primary", "reputable")
#: Pages that study sources themselves: the only ones that may cite a ``weak`` source.
STUDIES_SOURCES = ("reading-sources",)
_CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`([^`]*)`")


@dataclass(frozen=True)
class Citation:
    """One citation group in the prose: ``{cite:p}`a,b``` on a page (for a notebook, in a cell)."""

    page: str  # e.g. "book/timeline.ipynb"
    cell: int | None  # the notebook cell, counted from 1; None for a Markdown page
    line: int  # the line in the page (for a notebook, in the cell)
    keys: tuple[str, ...]

    @property
    def where(self) -> str:
        return self.page if self.cell is None else f"{self.page}, cell {self.cell}"


def _citations_in(page: str, text: str, cell: int | None) -> Iterable[Citation]:
    for match in _CITE_ROLE.finditer(text):
        keys = tuple(k.strip() for k in match.group(1).split(",") if k.strip())
        yield Citation(page, cell, text.count("\n", 0, match.start()) + 1, keys)


def citations(pages: Iterable[str | Path]) -> list[Citation]:
    """Every ``{cite}``, ``{cite:p}``, ``{cite:t}`` ... group in MyST pages (``.md``) and in the
    Markdown cells of notebooks (``.ipynb``), with where it is."""
    found: list[Citation] = []
    for path in map(Path, pages):
        page = f"{path.parent.name}/{path.name}"
        text = path.read_text(encoding="utf-8")
        if path.suffix != ".ipynb":
            found.extend(_citations_in(page, text, None))
            continue
        for number, cell in enumerate(json.loads(text)["cells"], start=1):
            if cell["cell_type"] == "markdown":
                source = cell["source"]
                source = "".join(source) if isinstance(source, list) else source
                found.extend(_citations_in(page, source, number))
    return found


def source_strength(sources: pd.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    """``{source_id: (reliability, original_reliability)}``."""

    def text(value):
        return None if pd.isna(value) else str(value)

    return {
        sid: (text(rel), text(orig))
        for sid, rel, orig in zip(
            sources["source_id"], sources["reliability"], sources["original_reliability"]
        )
    }


def supports_a_fact(reliability: str | None, original_reliability: str | None = None) -> bool:
    """A source can carry a fact if it is primary or reputable, or a copy of a primary document."""
    return reliability in STRONG or (reliability == "copy" and original_reliability == "primary")


def _describe(source_id: str, strength: dict) -> str:
    if source_id not in strength:
        return f"{source_id} (not in sources.csv)"
    reliability, original = strength[source_id]
    if reliability is None:
        return f"{source_id} (no reliability)"
    if reliability == "copy":
        return f"{source_id} (copy of a {original or 'unnamed'} original)"
    return f"{source_id} ({reliability})"


def _judge(ids, strength, weak_allowed: bool, what: str, allowed_pages: str,
           carries=supports_a_fact, floor: str = "a copy of a primary document") -> list[str]:
    """The messages for one group of source ids (a data cell or a prose citation group);
    ``carries(reliability, original_reliability)`` says whether one source can carry a fact,
    and ``floor`` names the weakest source that can, for the message."""
    messages = []
    weak = [i for i in ids if strength.get(i, (None, None))[0] == "weak"]
    if weak and not weak_allowed:
        messages.append(
            f"{what} cites weak source{'s' if len(weak) > 1 else ''} {', '.join(weak)}; "
            f"weak sources may be cited only in {allowed_pages}"
        )
    studied = weak and weak_allowed  # the page studies the weak source it cites
    if not studied and not any(carries(*strength.get(i, (None, None))) for i in ids):
        messages.append(
            f"{what} rests on no primary or reputable source, nor on {floor}: "
            + ", ".join(_describe(i, strength) for i in ids)
        )
    return messages


def weak_support(
    tables: dict[str, pd.DataFrame],
    pages: Iterable[str | Path] = (),
    studies_sources: Iterable[str] = STUDIES_SOURCES,
    copies_of_reputable: bool = False,
) -> list[Problem]:
    """Facts that rest on weak sources: the rule the tests enforce.

    With ``copies_of_reputable`` a copy of reputable reporting also carries a fact: the floor
    below which nothing may fall (no fact on weak sources alone), where the full rule is the
    goal the tests hold to a share (tests/test_data.py).

    * Every cell of a ``*source_ids`` column (an event's, a claim's statement and
      its ``evidence_source_ids``, a restriction's, a CFIUS case's, a clock
      stage's, a quiz question's) names at least one source that is ``primary``,
      ``reputable`` or a ``copy`` whose ``original_reliability`` is ``primary``.
    * So does every citation group of ``pages`` (MyST pages and notebooks).
    * No data row cites a ``weak`` source, and no page does except those named in
      ``studies_sources`` (by file stem). There a group that cites a weak source is
      about that source, so it need not carry a stronger one.

    Returns one :class:`Problem` per broken rule, naming the table, the row's id
    and line and the column, or the page, the cell and the line, and the ids.
    """
    studies_sources = tuple(studies_sources)
    allowed_pages = ", ".join(f"book/{stem}.md" for stem in studies_sources) or "no page"
    strength = source_strength(tables["sources"])
    carries, floor = supports_a_fact, "a copy of a primary document"
    if copies_of_reputable:
        floor = "a copy of one"

        def carries(reliability, original=None):
            return supports_a_fact(reliability, original) or (reliability == "copy" and original == "reputable")
    problems: list[Problem] = []
    for name, frame in tables.items():
        columns = [c for c in frame.columns if str(c).endswith("source_ids")]
        if name == "sources" or not columns:
            continue
        label = frame.attrs.get("label", f"data/{name}.csv")
        key = frame.attrs.get("primary_key") or [frame.columns[1]]
        for _, row in frame.iterrows():
            row_id = ", ".join(str(row[k]) for k in key)
            for column in columns:
                ids = row[column] if isinstance(row[column], list) else []
                if not ids:
                    continue
                what = f"{name} row '{row_id}'" + (f" ({column})" if column != "source_ids" else "")
                for message in _judge(ids, strength, False, what, allowed_pages, carries, floor):
                    problems.append(Problem(label, int(row["line"]), column, message))
    for cite in citations(pages):
        weak_allowed = Path(cite.page).stem in studies_sources
        what = f"citation group {{cite}}`{','.join(cite.keys)}`"
        for message in _judge(cite.keys, strength, weak_allowed, what, allowed_pages, carries, floor):
            problems.append(Problem(cite.where, cite.line, None, message))
    return problems
