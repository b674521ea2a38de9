"""Bad input gets a clear error naming the file, the line and the column."""

import copy

import pytest

from conftest import MINIMAL, write_table
from wdl.data import DataValidationError, load_package


def break_table(folder, table, row, **changes):
    rows = copy.deepcopy(MINIMAL[table])
    rows[row].update(changes)
    write_table(folder, table, rows)


def problems_of(folder):
    with pytest.raises(DataValidationError) as info:
        load_package(folder)
    return info.value, [str(p) for p in info.value.problems]


def test_minimal_package_is_valid(minimal_package):
    tables = load_package(minimal_package)
    assert len(tables["events"]) == 2
    assert tables["events"]["actors"].iloc[0] == ["Trump administration", "TikTok"]
    assert str(tables["events"]["date"].iloc[1].date()) == "2022-06-01"
    assert list(tables["sources"]["published_precision"]) == ["day", "month"]


def test_malformed_date(minimal_package):
    break_table(minimal_package, "events.csv", 1, date="2022-13-01", date_precision="day")
    error, problems = problems_of(minimal_package)
    assert problems == [
        "data/events.csv, line 3, column 'date': '2022-13-01' is not a valid calendar date "
        "(month must be in 1..12)"
    ]
    assert "1 problem in the course data" in str(error)


def test_date_in_wrong_format(minimal_package):
    break_table(minimal_package, "events.csv", 0, date="06/08/2020")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/events.csv, line 2, column 'date': '06/08/2020' does not match YYYY, YYYY-MM or YYYY-MM-DD"
    ]


def test_precision_disagrees_with_date(minimal_package):
    break_table(minimal_package, "events.csv", 1, date_precision="day")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/events.csv, line 3, column 'date_precision': 'day' does not agree with date '2022-06' "
        "(which is month precision)"
    ]


def test_unknown_category(minimal_package):
    break_table(minimal_package, "events.csv", 0, category="scandal")
    _, problems = problems_of(minimal_package)
    assert len(problems) == 1
    assert problems[0].startswith("data/events.csv, line 2, column 'category': 'scandal' is not one of: company,")


def test_duplicate_id(minimal_package):
    break_table(minimal_package, "events.csv", 1, event_id="ev-2020-08-order")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/events.csv, line 3, column 'event_id': duplicate id 'ev-2020-08-order' (first used on line 2)"
    ]


def test_event_cites_missing_source(minimal_package):
    break_table(minimal_package, "events.csv", 1, source_ids="src-b;src-nowhere")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/events.csv, line 3, column 'source_ids': 'src-nowhere' does not exist in "
        "data/sources.csv (column source_id)"
    ]


def test_evidence_cites_missing_source(minimal_package):
    break_table(minimal_package, "claims.csv", 0, evidence_source_ids="src-gone")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/claims.csv, line 2, column 'evidence_source_ids': 'src-gone' does not exist in "
        "data/sources.csv (column source_id)"
    ]


def test_missing_required_field(minimal_package):
    break_table(minimal_package, "sources.csv", 1, url="")
    _, problems = problems_of(minimal_package)
    assert problems == ["data/sources.csv, line 3, column 'url': a value is required but the cell is empty"]


def test_evidence_required_unless_relation_is_none(minimal_package):
    break_table(minimal_package, "claims.csv", 0, evidence="", evidence_source_ids="")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/claims.csv, line 2, column 'evidence': a value is required when evidence_relation is 'disputed'",
        "data/claims.csv, line 2, column 'evidence_source_ids': a value is required when "
        "evidence_relation is 'disputed'",
    ]


def test_row_with_too_many_cells(minimal_package):
    path = minimal_package / "events.csv"
    lines = path.read_text().splitlines()
    lines[2] += ",extra"
    path.write_text("\n".join(lines) + "\n")
    _, problems = problems_of(minimal_package)
    assert problems == ["data/events.csv, line 3: expected 8 cells, found 9"]


def test_missing_column(minimal_package):
    rows = [{k: v for k, v in r.items() if k != "jurisdiction"} for r in MINIMAL["events.csv"]]
    write_table(minimal_package, "events.csv", rows)
    _, problems = problems_of(minimal_package)
    assert problems == ["data/events.csv, line 1, column 'jurisdiction': required column is missing from the header"]


def test_padded_value_is_not_trimmed_silently(minimal_package):
    break_table(minimal_package, "restrictions.csv", 0, status="retracted ")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/restrictions.csv, line 2, column 'status': value 'retracted ' has leading or trailing spaces"
    ]


def test_every_problem_is_reported_not_just_the_first(minimal_package):
    break_table(minimal_package, "events.csv", 0, category="scandal", jurisdiction="usa")
    _, problems = problems_of(minimal_package)
    assert [p.split(":")[0] for p in problems] == [
        "data/events.csv, line 2, column 'category'",
        "data/events.csv, line 2, column 'jurisdiction'",
    ]


def test_clock_days_not_a_whole_number(minimal_package):
    break_table(minimal_package, "cfius_clock.csv", 0, max_days="45.5")
    _, problems = problems_of(minimal_package)
    assert problems == ["data/cfius_clock.csv, line 2, column 'max_days': '45.5' is not a whole number"]


def test_clock_days_below_minimum(minimal_package):
    break_table(minimal_package, "cfius_clock.csv", 1, extension_days="-15")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/cfius_clock.csv, line 3, column 'extension_days': -15 is below the minimum of 0"
    ]


def test_clock_step_repeated_within_a_regime(minimal_package):
    break_table(minimal_package, "cfius_clock.csv", 1, step="1")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/cfius_clock.csv, line 3, column 'regime,step': duplicate id 'firrma, 1' (first used on line 2)"
    ]


# --- quizzes.csv: multiple-choice rows ------------------------------------------------------


def test_minimal_quizzes_load_with_integer_positions(minimal_package):
    quizzes = load_package(minimal_package)["quizzes"]
    assert list(quizzes["position"]) == list(range(1, 11))
    assert list(quizzes["kind"][:2]) == ["apply", "recall"]
    assert quizzes["source_ids"].iloc[1] == ["src-a", "src-b"]


def test_quiz_answer_not_among_the_choices(minimal_package):
    break_table(minimal_package, "quizzes.csv", 1, answer="c")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/quizzes.csv, line 3, column 'answer': 'c' is not among the choices (choice_c is empty)"
    ]


def test_quiz_answer_that_is_not_a_letter(minimal_package):
    break_table(minimal_package, "quizzes.csv", 0, answer="That")
    _, problems = problems_of(minimal_package)
    assert problems == ["data/quizzes.csv, line 2, column 'answer': 'That' is not one of: a, b, c, d"]


def test_quiz_duplicate_choices(minimal_package):
    break_table(minimal_package, "quizzes.csv", 0, choice_c="This")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/quizzes.csv, line 2, column 'choice_c': repeats choice_a ('This'): choices must differ"
    ]


def test_quiz_choices_with_a_gap(minimal_package):
    break_table(minimal_package, "quizzes.csv", 1, choice_d="Nowhere")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/quizzes.csv, line 3, column 'choice_d': is filled but choice_c is empty (fill the choices in order)"
    ]


def test_quiz_duplicate_position_within_a_quiz(minimal_package):
    break_table(minimal_package, "quizzes.csv", 1, position="1")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/quizzes.csv, line 3, column 'position': position 1 is already used for quiz 'quiz-case' (line 2)"
    ]


def test_quiz_same_position_in_another_quiz_is_fine(minimal_package):
    rows = copy.deepcopy(MINIMAL["quizzes.csv"])
    rows += [dict(r, question_id=f"{r['question_id']}-sov", quiz="quiz-sovereignty") for r in copy.deepcopy(rows)]
    write_table(minimal_package, "quizzes.csv", rows)
    quizzes = load_package(minimal_package)["quizzes"]
    assert list(quizzes["position"]) == list(range(1, 11)) * 2


def test_quiz_position_below_one(minimal_package):
    break_table(minimal_package, "quizzes.csv", 0, position="0")
    _, problems = problems_of(minimal_package)
    assert problems == ["data/quizzes.csv, line 2, column 'position': 0 is below the minimum of 1"]


def test_quiz_cites_unknown_source(minimal_package):
    break_table(minimal_package, "quizzes.csv", 1, source_ids="src-a;src-missing")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/quizzes.csv, line 3, column 'source_ids': 'src-missing' does not exist in "
        "data/sources.csv (column source_id)"
    ]


# --- jurisdictions.csv: every code a row --------------------------------------------------


def test_unknown_jurisdiction_code(minimal_package):
    break_table(minimal_package, "events.csv", 1, jurisdiction="MX")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/events.csv, line 3, column 'jurisdiction': 'MX' does not exist in "
        "data/jurisdictions.csv (column code)"
    ]


def test_unknown_country_of_a_cfius_case(minimal_package):
    break_table(minimal_package, "cfius_cases.csv", 0, acquirer_country="JP")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/cfius_cases.csv, line 2, column 'acquirer_country': 'JP' does not exist in "
        "data/jurisdictions.csv (column code)"
    ]


def test_a_new_jurisdiction_with_its_row_has_a_name(minimal_package):
    from wdl.data import jurisdiction_name, jurisdiction_names

    break_table(minimal_package, "restrictions.csv", 0, jurisdiction="MX")
    write_table(minimal_package, "jurisdictions.csv", [*MINIMAL["jurisdictions.csv"], {"code": "MX", "name": "Mexico"}])
    tables = load_package(minimal_package)
    assert jurisdiction_name("MX", tables) == "Mexico"
    assert list(tables["restrictions"]["jurisdiction"].map(jurisdiction_names(tables))) == ["Mexico"]
    with pytest.raises(KeyError, match="'JP' is not a code in data/jurisdictions.csv"):
        jurisdiction_name("JP", tables)


def test_jurisdiction_code_repeated(minimal_package):
    write_table(minimal_package, "jurisdictions.csv", [*MINIMAL["jurisdictions.csv"], {"code": "US", "name": "USA"}])
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/jurisdictions.csv, line 4, column 'code': duplicate id 'US' (first used on line 3)"
    ]


def test_the_loader_sets_no_date_range(minimal_package):
    """An event before TikTok (2015) or in the future (2027) loads; tests/test_data.py has the
    rules about dates (nothing after today)."""
    break_table(minimal_package, "events.csv", 0, date="2015-03", date_precision="month")
    assert str(load_package(minimal_package)["events"]["date"].min().date()) == "2015-03-01"
    break_table(minimal_package, "events.csv", 1, date="2027", date_precision="year")
    assert load_package(minimal_package)["events"]["date"].max().year == 2027


def test_validate_summarises_or_lists_the_problems(minimal_package, capsys):
    from wdl.data import validate

    assert validate(minimal_package) == 0
    assert capsys.readouterr().out.endswith(" rows, valid\n")
    break_table(minimal_package, "events.csv", 1, jurisdiction="MX")
    assert validate(minimal_package) == 1
    assert "'MX' does not exist in data/jurisdictions.csv" in capsys.readouterr().err

# --- quizzes.csv: rules that keep a quiz from giving its answers away (data/README.md) ----------

def _quiz_rows():
    return copy.deepcopy(MINIMAL["quizzes.csv"])


def test_quiz_with_too_few_questions(minimal_package):
    write_table(minimal_package, "quizzes.csv", _quiz_rows()[:9])
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/quizzes.csv, line 10, column 'quiz': quiz 'quiz-case' has 9 questions; each needs at least 10"
    ]


def test_quiz_whose_answer_is_too_often_the_longest_choice(minimal_package):
    rows = _quiz_rows()
    for row in rows[2:6]:  # lines 4-7: the right choice made the longest (still under twice the shortest)
        row[f"choice_{row['answer']}"] += " and more"
    write_table(minimal_package, "quizzes.csv", rows)
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/quizzes.csv, line 7, column 'answer': in quiz 'quiz-case' the right answer is the longest "
        "choice in 4 of 10 questions (lines 4, 5, 6, 7); at most 30% (3) may be: change this row or "
        "another of those lines"
    ]


def test_quiz_whose_answer_is_too_often_the_shortest_choice(minimal_package):
    rows = _quiz_rows()  # lines 2 and 3 already have the shortest choice as their answer
    for row in rows[2:4]:
        row[f"choice_{row['answer']}"] = f"Opt {row['position']}"
    write_table(minimal_package, "quizzes.csv", rows)
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/quizzes.csv, line 5, column 'answer': in quiz 'quiz-case' the right answer is the shortest "
        "choice in 4 of 10 questions (lines 2, 3, 4, 5); at most 30% (3) may be: change this row or "
        "another of those lines"
    ]


def test_quiz_whose_answers_crowd_on_one_letter(minimal_package):
    rows = _quiz_rows()
    rows[3]["answer"] = rows[4]["answer"] = "c"  # 'c' now answers lines 4, 5, 6, 8 and 10
    write_table(minimal_package, "quizzes.csv", rows)
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/quizzes.csv, line 10, column 'answer': in quiz 'quiz-case' the answer is 'c' in 5 of 10 "
        "questions (lines 4, 5, 6, 8, 10); at most 40% (4) may be: change this row or another of those lines"
    ]


def test_quiz_choice_much_longer_than_another(minimal_package):
    break_table(minimal_package, "quizzes.csv", 2, choice_a="Option 3a, much longer")
    _, problems = problems_of(minimal_package)
    assert problems == [
        "data/quizzes.csv, line 4, column 'choice_a': is 22 characters long, more than 2 times "
        "choice_b (9): write choices of comparable length"
    ]


def test_quiz_kind_must_be_apply_or_recall(minimal_package):
    break_table(minimal_package, "quizzes.csv", 0, kind="understand")
    _, problems = problems_of(minimal_package)
    assert problems == ["data/quizzes.csv, line 2, column 'kind': 'understand' is not one of: apply, recall"]
