"""The self-check quizzes: data -> questions, checking answers, static HTML, the widget."""

import html
import re

import pytest
from conftest import DATA, ROOT

from wdl.data import load_package
from wdl.quiz import CHOOSE_FIRST, Quiz, check, questions, score

QUIZZES = ["quiz-case", "quiz-sovereignty", "quiz-state-tools", "quiz-corporate-global"]


@pytest.fixture(scope="module")
def tables():
    return load_package(DATA)


@pytest.fixture(scope="module")
def quizzes(tables):
    return {name: Quiz.load(name, tables) for name in QUIZZES}


def test_every_quiz_value_has_a_notebook_and_the_notebooks_match():
    import json

    enum = next(
        f["constraints"]["enum"]
        for r in json.loads((DATA / "datapackage.json").read_text())["resources"] if r["name"] == "quizzes"
        for f in r["schema"]["fields"] if f["name"] == "quiz"
    )
    assert sorted(enum) == sorted(QUIZZES)
    assert sorted(p.stem for p in (ROOT / "book").glob("quiz-*.ipynb")) == sorted(QUIZZES)


@pytest.mark.parametrize("name", QUIZZES)
def test_each_quiz_has_six_to_ten_questions_in_order(quizzes, name):
    quiz = quizzes[name]
    assert 6 <= len(quiz) <= 10
    assert [q.position for q in quiz.questions] == sorted(q.position for q in quiz.questions)
    assert all(q.quiz == name for q in quiz.questions)


def test_questions_follow_the_table(tables):
    rows = tables["quizzes"]
    first = rows[rows["quiz"] == "quiz-case"].sort_values("position").iloc[0]
    question = questions(tables, "quiz-case")[0]
    assert question.question_id == first["question_id"]
    assert question.text == first["question"]
    assert dict(question.choices)[first["answer"]] == first[f"choice_{first['answer']}"]
    assert [s.source_id for s in question.sources] == first["source_ids"]
    # sources carry their bibliographic details from sources.csv
    source_row = tables["sources"].set_index("source_id").loc[first["source_ids"][0]]
    assert question.sources[0].title == source_row["title"]
    assert question.sources[0].url == source_row["url"]


def test_questions_skip_empty_choices(minimal_package):
    tables = load_package(minimal_package)
    one, two = questions(tables, "quiz-case")
    assert [letter for letter, _ in one.choices] == ["a", "b", "c"]
    assert [letter for letter, _ in two.choices] == ["a", "b"]
    assert two.sources[1].published == "2022-06"  # month precision kept as written


def test_unknown_quiz_is_a_clear_error(tables):
    with pytest.raises(KeyError, match="no questions for quiz 'quiz-nowhere'"):
        questions(tables, "quiz-nowhere")


def test_nothing_selected_asks_for_a_choice(quizzes):
    question = quizzes["quiz-case"].questions[0]
    for empty in (None, ""):
        feedback = check(question, empty)
        assert feedback.correct is None
        assert feedback.message == CHOOSE_FIRST
        assert feedback.explanation == ""  # the answer is not given away
        assert "Choose an answer first" in feedback.to_html()


@pytest.mark.parametrize("name", QUIZZES)
def test_right_and_wrong_answers(quizzes, name):
    for question in quizzes[name].questions:
        right = check(question, question.answer)
        assert right.correct is True
        assert right.message.startswith("Correct")
        assert right.explanation == question.explanation
        assert right.sources == question.sources
        wrong_letters = [letter for letter, _ in question.choices if letter != question.answer]
        assert wrong_letters, question.question_id
        wrong = check(question, wrong_letters[0])
        assert wrong.correct is False
        assert f"({question.answer}) {question.answer_text}" in wrong.message
        assert html.escape(question.explanation) in wrong.to_html()
        assert html.escape(question.sources[0].title) in wrong.to_html()


def test_a_letter_that_is_not_a_choice_is_rejected(minimal_package):
    question = questions(load_package(minimal_package), "quiz-case")[1]  # two choices only
    with pytest.raises(ValueError, match="'c' is not a choice"):
        check(question, "c")


def test_score_counts_right_answers_only(quizzes):
    qs = quizzes["quiz-state-tools"].questions
    all_right = {q.question_id: q.answer for q in qs}
    assert score(qs, all_right) == (len(qs), len(qs))
    first_wrong = dict(all_right)
    first_wrong[qs[0].question_id] = next(l for l, _ in qs[0].choices if l != qs[0].answer)
    del first_wrong[qs[1].question_id]  # unanswered
    assert score(qs, first_wrong) == (len(qs) - 2, len(qs))
    assert score(qs, {}) == (0, len(qs))


@pytest.mark.parametrize("name", QUIZZES)
def test_static_html_shows_every_question_with_a_folded_answer(quizzes, name):
    quiz = quizzes[name]
    page = quiz._repr_html_()
    assert page.count("<details>") == len(quiz) == page.count("<summary>Show the answer</summary>")
    for question in quiz.questions:
        assert html.escape(question.text) in page
        for _, text in question.choices:
            assert html.escape(text) in page
    # each question's answer, explanation and sources sit inside its own <details>
    items = page.split("<li class='wdl-quiz-question' ")[1:]
    assert len(items) == len(quiz)
    for question, item in zip(quiz.questions, items):
        assert item.startswith(f"id='{question.question_id}'>")
        question_part, details = item.split("<details>")
        assert html.escape(question.text) in question_part
        assert html.escape(question.explanation) not in question_part
        assert f"Answer: ({question.answer})" in details
        assert html.escape(question.explanation) in details
        for source in question.sources:
            assert html.escape(source.publisher) in details and html.escape(source.url) in details


def test_static_output_is_deterministic(tables):
    assert Quiz.load("quiz-case", tables)._repr_html_() == Quiz.load("quiz-case", tables)._repr_html_()
    count = len(questions(tables, "quiz-case"))
    assert repr(Quiz.load("quiz-case", tables)) == f"<Quiz 'quiz-case': {count} questions>"


def test_widget_checks_answers_and_handles_an_empty_selection(quizzes):
    quiz = quizzes["quiz-case"]
    box = quiz.widget()
    *questions_boxes, total = box.children
    assert len(questions_boxes) == len(quiz)
    assert "Score: 0 of" in total.value
    header, radio, button, feedback = questions_boxes[0].children
    question = quiz.questions[0]
    assert radio.value is None  # nothing pre-selected
    button.click()  # nothing selected: no crash, a prompt
    assert CHOOSE_FIRST in feedback.value
    wrong = next(l for l, _ in question.choices if l != question.answer)
    radio.value = wrong
    button.click()
    assert "Not quite" in feedback.value and html.escape(question.explanation) in feedback.value
    assert f"Score: 0 of {len(quiz)}" in total.value
    radio.value = question.answer
    button.click()
    assert "Correct" in feedback.value
    assert f"Score: 1 of {len(quiz)}" in total.value


@pytest.mark.parametrize("name", QUIZZES)
def test_print_version_lists_questions_then_answers(quizzes, name):
    from wdl.quiz import _escape_markdown

    quiz = quizzes[name]
    text = quiz._repr_markdown_()
    questions_part, answers_part = text.split("**Answers**")
    for number, question in enumerate(quiz.questions, start=1):
        assert f"{number}. {_escape_markdown(question.text)}" in questions_part
        for letter, choice in question.choices:
            assert f"({letter}) {_escape_markdown(choice)}" in questions_part
        # the answer and its explanation are kept out of the questions, for readers to try first
        assert _escape_markdown(question.explanation) not in questions_part
        assert f"{number}. ({question.answer}) {_escape_markdown(question.answer_text)}." in answers_part
        assert _escape_markdown(question.explanation) in answers_part


def test_markdown_escaping_keeps_text_literal():
    from wdl.quiz import _escape_markdown

    assert _escape_markdown("$800 *and* [a](b) `x` <y>") == r"\$800 \*and\* \[a\](b) \`x\` \<y\>"
