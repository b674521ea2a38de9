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


def test_every_quiz_value_has_a_page_that_renders_it():
    import json

    enum = next(
        f["constraints"]["enum"]
        for r in json.loads((DATA / "datapackage.json").read_text())["resources"] if r["name"] == "quizzes"
        for f in r["schema"]["fields"] if f["name"] == "quiz"
    )
    assert sorted(enum) == sorted(QUIZZES)
    # the pages are MyST pages generated from the data at build time, not notebooks of saved state
    assert not list((ROOT / "book").glob("quiz-*.ipynb"))
    assert sorted(p.stem for p in (ROOT / "book").glob("quiz-*.md")) == sorted(QUIZZES)
    for name in QUIZZES:
        page = (ROOT / "book" / f"{name}.md").read_text()
        assert re.search(rf"^```{{quiz}} {name}\n```$", page, re.M), f"{name}.md does not use the quiz directive"


@pytest.mark.parametrize("name", QUIZZES)
def test_each_quiz_has_at_least_ten_questions_in_order(quizzes, name):
    quiz = quizzes[name]
    assert len(quiz) >= 10
    assert [q.position for q in quiz.questions] == sorted(q.position for q in quiz.questions)
    assert all(q.quiz == name for q in quiz.questions)


def answer_is_longest(question) -> bool:
    lengths = [len(text) for _, text in question.choices]
    return len(set(lengths)) > 1 and len(question.answer_text) == max(lengths)


@pytest.mark.parametrize("name", QUIZZES)
def test_quizzes_test_understanding_not_recall_and_hide_the_answer(quizzes, name):
    """At least half the questions ask to apply an idea; length and letter do not point at the answer."""
    qs = quizzes[name].questions
    assert {q.kind for q in qs} <= {"apply", "recall"}
    assert sum(q.kind == "apply" for q in qs) >= len(qs) / 2
    assert sum(answer_is_longest(q) for q in qs) <= 0.3 * len(qs)
    letters = [q.answer for q in qs]
    assert max(letters.count(letter) for letter in set(letters)) <= 0.4 * len(qs)
    for q in qs:
        lengths = [len(text) for _, text in q.choices]
        assert max(lengths) <= 2 * min(lengths), q.question_id


def test_shares_of_application_and_longest_answer_questions(quizzes, capsys):
    """The figures the project reports, computed from the data (printed with -s)."""
    qs = [q for quiz in quizzes.values() for q in quiz.questions]
    apply = sum(q.kind == "apply" for q in qs)
    longest = sum(answer_is_longest(q) for q in qs)
    with capsys.disabled():
        print(f"\nquiz questions: {len(qs)}; apply {apply} ({apply / len(qs):.0%}); "
              f"right answer the longest choice {longest} ({longest / len(qs):.0%})")
    assert apply / len(qs) >= 0.5 and longest / len(qs) <= 0.3


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
    one, two, *_ = questions(tables, "quiz-case")
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


def test_static_output_does_not_depend_on_the_row_order(tables, tmp_path):
    """Questions are ordered by position, not by where their rows sit in the file."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    lines = (folder / "quizzes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "quizzes.csv").write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8")
    shuffled = load_package(folder)
    for name in QUIZZES:
        assert Quiz.load(name, shuffled)._repr_html_() == Quiz.load(name, tables)._repr_html_()
        assert Quiz.load(name, shuffled)._repr_markdown_() == Quiz.load(name, tables)._repr_markdown_()
    count = len(questions(tables, "quiz-case"))
    assert repr(Quiz.load("quiz-case", tables)) == f"<Quiz 'quiz-case': {count} questions>"


def test_widget_checks_answers_and_handles_an_empty_selection(quizzes):
    quiz = quizzes["quiz-case"]
    box = quiz.widget()
    style, *questions_boxes, total = box.children
    assert len(questions_boxes) == len(quiz)
    # long choices wrap instead of running into the next one (no fixed line height)
    assert "<style>" in style.value and "height: auto" in style.value and "order: -1" in style.value
    assert all("wdl-quiz-radio" in b.children[1]._dom_classes for b in questions_boxes)
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


def test_widget_never_crashes_on_an_empty_selection(quizzes):
    for name in QUIZZES:
        _, *boxes, total = quizzes[name].widget().children
        for box in boxes:
            _, radio, button, feedback = box.children
            button.click()
            assert CHOOSE_FIRST in feedback.value
        assert "Score: 0 of" in total.value


# --- the book's quiz directive (bookext/quizzes.py) -----------------------------------------

def test_directive_html_has_a_fieldset_per_question_and_checks_like_the_package(quizzes):
    import json

    from bookext.quizzes import quiz_html

    quiz = quizzes["quiz-sovereignty"]
    page = quiz_html(quiz.name, quiz.questions)
    assert page.count("<fieldset>") == page.count("<legend>") == len(quiz)
    assert page.count("<button type='button' class='wdl-quiz-check'>Check</button>") == len(quiz)
    assert page.count("aria-live='polite'") == len(quiz) + 1  # one feedback region each, and the score
    assert f"Score: 0 of {len(quiz)}" in page
    radios = re.findall(r"<input type='radio' name='wdl-([\w-]+)' id='wdl-([\w-]+)' value='(\w)'>"
                        r"<label for='wdl-([\w-]+)'>", page)
    assert len(radios) == sum(len(q.choices) for q in quiz.questions)
    assert all(rid == lid and rid == f"{name}-{letter}" for name, rid, letter, lid in radios)
    data = json.loads(re.search(r"<script type='application/json' class='wdl-quiz-data'>(.*?)</script>",
                                page, re.S).group(1))
    assert data["empty"] == CHOOSE_FIRST
    for question in quiz.questions:
        entry = data["questions"][question.question_id]
        assert entry["answer"] == question.answer
        for letter, _ in question.choices:
            shown = entry["feedback"][letter]
            assert html.escape(check(question, letter).message) in shown
            assert html.escape(question.explanation) in shown
            assert all(html.escape(s.url) in shown for s in question.sources)
    # the explanations are not on the page until a reader checks (they sit in the data only)
    assert html.escape(quiz.questions[0].explanation) not in page.split("<script")[0]


def test_directive_print_version_lists_questions_then_answers(quizzes):
    from docutils import nodes

    from bookext.quizzes import print_version, summary

    quiz = quizzes["quiz-state-tools"]
    summary_para, asked, rubric, answers = print_version(quiz.questions)
    assert summary_para.astext() == summary(quiz.questions)
    assert rubric.astext() == "Answers"
    assert len(asked.children) == len(answers.children) == len(quiz)
    for question, item, answer in zip(quiz.questions, asked.children, answers.children):
        text = item.astext()
        assert question.text in text and all(choice in text for _, choice in question.choices)
        assert question.explanation not in text
        assert answer.astext().startswith(f"({question.answer}) {question.answer_text}.")
        assert question.explanation in answer.astext()
        links = [r["refuri"] for r in answer.findall(nodes.reference)]
        assert links == [s.url for s in question.sources]
    assert asked["enumtype"] == "arabic" and asked.children[0].children[1]["enumtype"] == "loweralpha"


def test_directive_summary_counts_application_questions(quizzes):
    from bookext.quizzes import summary

    qs = quizzes["quiz-case"].questions
    apply = sum(q.kind == "apply" for q in qs)
    assert summary(qs).startswith(f"{len(qs)} questions: {apply} ask you to apply an idea")
    assert f"and {len(qs) - apply} to recall a fact." in summary(qs)
