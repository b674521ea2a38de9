"""Load the course dataset from ``data/`` and validate it on the way in.

The tables are CSV files described by a Frictionless Data Package
(``data/datapackage.json``). This module reads that descriptor and checks every
cell against it, then the rules the standard cannot express (partial dates that
agree with their precision column, list cells whose items must exist in another
table, columns that must be unique together, multiple-choice rows whose answer
names one of their own choices, and the rules that keep a quiz from giving its answers away:
see :func:`check_quiz_rules`). Any problem raises :class:`DataValidationError`, which names the
file, the line and the column; nothing is dropped or coerced silently.

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
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = [
    "DataValidationError",
    "Problem",
    "find_data_dir",
    "load_package",
    "load_table",
    "orphan_sources",
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


def _raw_base_url() -> str:
    from . import BRANCH, REPOSITORY

    return f"https://raw.githubusercontent.com/{REPOSITORY}/{BRANCH}/data/"


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
    """Fetch the descriptor and its tables from the repository (Colab)."""
    base = _raw_base_url()
    print(
        "No local copy of the course data was found (this happens on Colab, where "
        f"only the notebook arrives).\nReading it from the repository: {base}"
    )
    dest.mkdir(parents=True, exist_ok=True)
    with urllib.request.urlopen(base + DESCRIPTOR, timeout=30) as response:
        descriptor_text = response.read().decode("utf-8")
    (dest / DESCRIPTOR).write_text(descriptor_text, encoding="utf-8")
    for resource in json.loads(descriptor_text)["resources"]:
        with urllib.request.urlopen(base + resource["path"], timeout=30) as response:
            (dest / resource["path"]).write_bytes(response.read())
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


class _TableChecker:
    """Checks the rows of one resource against its Table Schema."""

    def __init__(self, resource: dict, label: str):
        self.resource = resource
        self.label = label
        self.schema = resource["schema"]
        self.fields = {f["name"]: f for f in self.schema["fields"]}
        self.problems: list[Problem] = []

    def problem(self, line, column, message):
        self.problems.append(Problem(self.label, line, column, message))

    def read(self, path: Path) -> list[tuple[int, dict[str, str]]]:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            self.problem(None, None, "file not found")
            return []
        except UnicodeDecodeError as exc:
            self.problem(None, None, f"not valid UTF-8 ({exc.reason} at byte {exc.start})")
            return []
        reader = csv.reader(text.splitlines(keepends=True), strict=True)
        try:
            header = next(reader)
        except StopIteration:
            self.problem(1, None, "the file is empty (a header row is required)")
            return []
        except csv.Error as exc:
            self.problem(1, None, f"malformed CSV: {exc}")
            return []
        expected = list(self.fields)
        if header != expected:
            missing = [c for c in expected if c not in header]
            extra = [c for c in header if c not in expected]
            for col in missing:
                self.problem(1, col, "required column is missing from the header")
            for col in extra:
                self.problem(1, col, "column is not described in datapackage.json")
            if not missing and not extra:
                self.problem(1, None, f"columns must be in the order {', '.join(expected)}")
            return []
        rows = []
        try:
            for cells in reader:
                line = reader.line_num
                if not cells:
                    self.problem(line, None, "blank line inside the table")
                    continue
                if len(cells) != len(header):
                    self.problem(
                        line, None, f"expected {len(header)} cells, found {len(cells)}"
                    )
                    continue
                rows.append((line, dict(zip(header, cells))))
        except csv.Error as exc:
            self.problem(reader.line_num, None, f"malformed CSV: {exc}")
        return rows

    def check_cell(self, line: int, field: dict, raw: str):
        """Check one cell; return its typed value (or None when empty/invalid)."""
        name = field["name"]
        constraints = field.get("constraints", {})
        if raw != raw.strip():
            self.problem(line, name, f"value {raw!r} has leading or trailing spaces")
            return None
        if raw == "":
            if constraints.get("required"):
                self.problem(line, name, "a value is required but the cell is empty")
            return [] if field["type"] == "list" else None
        ftype = field["type"]
        if ftype == "list":
            items = raw.split(field.get("delimiter", ","))
            for item in items:
                if item == "" or item != item.strip():
                    self.problem(line, name, f"list {raw!r} has an empty or padded item")
                    return None
            allowed = field.get("x-itemEnum")
            if allowed:
                for item in items:
                    if item not in allowed:
                        self.problem(
                            line, name, f"'{item}' is not one of: {', '.join(allowed)}"
                        )
            if len(set(items)) != len(items):
                self.problem(line, name, f"list {raw!r} repeats an item")
            return items
        if ftype == "integer":
            if not re.fullmatch(r"-?\d+", raw):
                self.problem(line, name, f"'{raw}' is not a whole number")
                return None
            value = int(raw)
            low, high = constraints.get("minimum"), constraints.get("maximum")
            if low is not None and value < low:
                self.problem(line, name, f"{value} is below the minimum of {low}")
                return None
            if high is not None and value > high:
                self.problem(line, name, f"{value} is above the maximum of {high}")
                return None
            return value
        if ftype != "string":
            raise NotImplementedError(f"field type {ftype!r} is not supported by the loader")
        enum = constraints.get("enum")
        if enum is not None and raw not in enum:
            self.problem(line, name, f"'{raw}' is not one of: {', '.join(enum)}")
            return None
        pattern = constraints.get("pattern")
        if pattern is not None and not re.fullmatch(pattern, raw):
            hint = field.get("x-patternHint", f"the pattern {pattern}")
            self.problem(line, name, f"'{raw}' does not match {hint}")
            return None
        max_length = constraints.get("maxLength")
        if max_length is not None and len(raw) > max_length:
            self.problem(line, name, f"text is {len(raw)} characters long (at most {max_length})")
        if field.get("format") == "uri" and not re.fullmatch(r"https?://[^\s]+", raw):
            self.problem(line, name, f"'{raw}' is not an http(s) URL")
            return None
        if "x-partialDate" in field:
            try:
                value, _ = parse_partial_date(raw)
            except ValueError as exc:
                self.problem(line, name, str(exc))
                return None
            return value
        return raw

    def check_rows(self, rows):
        """Type every cell and apply the row-level rules; return typed records."""
        records = []
        for line, row in rows:
            typed = {name: self.check_cell(line, field, row[name]) for name, field in self.fields.items()}
            for name, field in self.fields.items():
                partial = field.get("x-partialDate")
                if partial is not None:
                    self._check_precision(line, name, row, typed[name], partial)
                    if "precisionField" not in partial:
                        # No column states the precision: derive it from the text.
                        typed[f"{name}_precision"] = (
                            parse_partial_date(row[name])[1] if typed[name] is not None else None
                        )
                rule = field.get("x-requiredWhen")
                if rule and row[name] == "":
                    for other, values in rule.items():
                        if row[other] in values:
                            self.problem(
                                line, name,
                                f"a value is required when {other} is '{row[other]}'",
                            )
            if "x-choices" in self.schema:
                self._check_choices(line, row, typed, self.schema["x-choices"])
            records.append((line, typed))
        self._check_unique(records)
        self._check_unique_keys(records)
        if "x-quizRules" in self.schema:
            self.problems.extend(check_quiz_rules(self.schema, self.label, records))
        return records

    def _check_choices(self, line, row, typed, rule):
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
                self.problem(line, column, f"is filled but {gap} is empty (fill the choices in order)")
            if text in seen:
                self.problem(line, column, f"repeats {seen[text]} ('{text}'): choices must differ")
            else:
                seen[text] = column
        answer_field = rule["answerField"]
        answer = typed[answer_field]
        if answer is None:
            return  # empty or not an allowed letter: already reported
        column = fields.get(answer)
        if column is None:
            self.problem(line, answer_field, f"'{answer}' names no choice column")
        elif row[column] == "":
            self.problem(
                line, answer_field,
                f"'{answer}' is not among the choices ({column} is empty)",
            )

    def _check_unique_keys(self, records):
        """``x-uniqueKeys``: combinations of columns that may not repeat (e.g. quiz and position)."""
        for group in self.schema.get("x-uniqueKeys", []):
            *context, last = group
            for line, typed, first in _repeats(records, group):
                where = " and ".join(f"{c} '{typed[c]}'" for c in context)
                self.problem(line, last, f"{last} {typed[last]} is already used for {where} (line {first})")

    def _check_precision(self, line, name, row, value, partial):
        """A partial date and its precision column must agree, and be empty together."""
        precision_field = partial.get("precisionField")
        if precision_field is None:
            return
        stated = row[precision_field]
        if row[name] == "":
            if stated != "":
                self.problem(line, precision_field, f"must be empty when {name} is empty")
            return
        if stated == "":
            self.problem(line, precision_field, f"a value is required when {name} is given")
            return
        if value is None or stated not in PRECISIONS:
            return  # the date or the precision itself was already reported
        _, implied = parse_partial_date(row[name])
        if stated != implied:
            self.problem(
                line, precision_field,
                f"'{stated}' does not agree with {name} '{row[name]}' (which is {implied} precision)",
            )

    def _check_unique(self, records):
        keys = self.schema.get("primaryKey", [])
        keys = [keys] if isinstance(keys, str) else keys
        unique = [n for n, f in self.fields.items() if f.get("constraints", {}).get("unique")]
        for group in [keys, *[[u] for u in unique if [u] != keys]]:
            if not group:
                continue
            for line, typed, first in _repeats(records, group):
                shown = ", ".join(str(typed[k]) for k in group)
                self.problem(line, ",".join(group), f"duplicate id '{shown}' (first used on line {first})")


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


def _to_frame(checker: _TableChecker, records) -> pd.DataFrame:
    columns = list(checker.fields)
    derived = {}
    for name, field in checker.fields.items():
        partial = field.get("x-partialDate")
        if partial is not None and "precisionField" not in partial:
            derived[f"{name}_precision"] = name
    for extra, after in derived.items():
        columns.insert(columns.index(after) + 1, extra)
    frame = pd.DataFrame([typed for _, typed in records], columns=columns)
    frame.insert(0, "_line", pd.array([line for line, _ in records], dtype="Int64"))
    for extra in derived:
        frame[extra] = pd.Categorical(frame[extra], categories=list(PRECISIONS))
    for name, field in checker.fields.items():
        enum = field.get("constraints", {}).get("enum")
        if "x-partialDate" in field:
            frame[name] = pd.to_datetime(frame[name])
        elif enum is not None:
            frame[name] = pd.Categorical(frame[name], categories=enum)
        elif field["type"] == "string":
            frame[name] = frame[name].astype("string")
    return frame.set_index("_line", drop=True).rename_axis("line").reset_index()


def _check_references(descriptor, frames, checkers, problems):
    """Foreign keys, including the list-valued ones the standard cannot express."""
    for resource in descriptor["resources"]:
        name = resource["name"]
        schema = resource["schema"]
        refs = [(fk, False) for fk in schema.get("foreignKeys", [])]
        refs += [(fk, True) for fk in schema.get("x-listForeignKeys", [])]
        for fk, is_list in refs:
            field = fk["fields"] if isinstance(fk["fields"], str) else fk["fields"][0]
            target = fk["reference"]["resource"]
            target_field = fk["reference"]["fields"]
            target_field = target_field if isinstance(target_field, str) else target_field[0]
            known = set(frames[target][target_field].dropna())
            label = checkers[name].label
            for line, value in zip(frames[name]["line"], frames[name][field]):
                values = value if is_list else ([] if pd.isna(value) else [value])
                for item in values:
                    if item not in known:
                        problems.append(
                            Problem(
                                label, int(line), field,
                                f"'{item}' does not exist in {checkers[target].label} "
                                f"(column {target_field})",
                            )
                        )


def load_package(data_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Load and validate every table; return ``{name: DataFrame}``.

    Each frame has a ``line`` column (the row's line number in its CSV file),
    dates as ``datetime64`` (the first day of the period, see the matching
    ``*_precision`` column), enumerations as ordered categoricals, lists as
    Python lists. Raises :class:`DataValidationError` listing every problem.
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

    frames, checkers, problems = {}, {}, []
    for resource in descriptor["resources"]:
        label = f"{data_dir.name}/{resource['path']}"
        checker = _TableChecker(resource, label)
        records = checker.check_rows(checker.read(data_dir / resource["path"]))
        problems.extend(checker.problems)
        checkers[resource["name"]] = checker
        frames[resource["name"]] = _to_frame(checker, records)
    if not problems:
        _check_references(descriptor, frames, checkers, problems)
    if problems:
        raise DataValidationError(problems)
    return frames


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
