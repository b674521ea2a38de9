"""Self-check quizzes: questions from ``data/quizzes.csv``, checked and rendered.

The questions live in the dataset (one row each, validated by :mod:`wdl.data`);
this module only reads and presents them.

* Pure functions: :func:`questions` (one quiz's questions, in order, with their
  sources), :func:`check` (a reader's choice -> :class:`Feedback`) and
  :func:`score`. They need no kernel and are unit-tested.
* :class:`Quiz` shows itself in a notebook as static HTML (every question with its
  choices and a folded ``<details>`` answer) and as Markdown for print.
* :meth:`Quiz.widget` builds the interactive version with ipywidgets, for JupyterLab,
  Binder and Colab: radio buttons, a *Check* button and immediate feedback with the
  explanation and its sources, and a running score.

The book's quiz pages do not run this module in a kernel: the ``quiz`` directive
(``bookext/quizzes.py``) renders the same questions, checked by the same :func:`check`,
into the HTML and the PDF at build time.

Typical use in a notebook::

    from wdl.quiz import Quiz
    quiz = Quiz.load("quiz-case")
    quiz            # static questions with folded answers
    quiz.widget()   # interactive version (needs a running kernel)
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "CHOOSE_FIRST",
    "WIDGET_CSS",
    "Feedback",
    "Question",
    "Quiz",
    "Source",
    "check",
    "questions",
    "score",
]

#: What the reader sees after pressing *Check* with nothing selected.
CHOOSE_FIRST = "Choose an answer first."

LETTERS = ("a", "b", "c", "d")


@dataclass(frozen=True)
class Source:
    """The bibliographic details of one row of ``sources.csv``, for citing under an answer."""

    source_id: str
    publisher: str
    title: str
    published: str  # as written in the table ("2020-08-06", "2022-06", "2019") or "n.d."
    url: str

    def citation(self) -> str:
        """Plain text: publisher, title in quotation marks, date."""
        return f"{self.publisher}, \u201c{self.title}\u201d ({self.published})"

    def citation_html(self) -> str:
        """HTML: as :meth:`citation`, with the title linked to the document."""
        return (
            f"{html.escape(self.publisher)}, "
            f"\u201c<a href=\"{html.escape(self.url)}\">{html.escape(self.title)}</a>\u201d "
            f"({html.escape(self.published)})"
        )


@dataclass(frozen=True)
class Question:
    """One multiple-choice question with its answer, explanation and sources."""

    question_id: str
    quiz: str
    position: int
    text: str
    choices: tuple[tuple[str, str], ...]  # (letter, text), in order, empty choices left out
    answer: str
    explanation: str
    sources: tuple[Source, ...]
    kind: str = ""  # "apply" or "recall" (the table's kind column)

    @property
    def answer_text(self) -> str:
        return dict(self.choices)[self.answer]


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer.

    ``correct`` is ``None`` when nothing was selected; the message then asks the
    reader to choose, and the explanation is withheld.
    """

    correct: bool | None
    message: str
    explanation: str = ""
    sources: tuple[Source, ...] = ()

    def to_html(self) -> str:
        if self.correct is None:
            return f"<p role='status'><strong>{html.escape(self.message)}</strong></p>"
        colour = "#1b7837" if self.correct else "#b2182b"  # green / red, with words as well as colour
        cited = "; ".join(s.citation_html() for s in self.sources)
        return (
            f"<div role='status'><p style='color:{colour}'><strong>{html.escape(self.message)}</strong></p>"
            f"<p>{html.escape(self.explanation)}</p>"
            f"<p><em>Source{'s' if len(self.sources) != 1 else ''}:</em> {cited}</p></div>"
        )


# --------------------------------------------------------------------------- #
# Pure logic
# --------------------------------------------------------------------------- #


def _published(value, precision) -> str:
    if pd.isna(value):
        return "n.d."
    fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[str(precision)]
    return value.strftime(fmt)


def questions(tables: dict[str, pd.DataFrame], quiz: str) -> list[Question]:
    """The questions of ``quiz``, ordered by position, with their sources resolved.

    ``tables`` is what :func:`wdl.data.load_package` returns (so the rows are
    already validated). Raises ``KeyError`` for a quiz name with no questions.
    """
    rows = tables["quizzes"]
    rows = rows[rows["quiz"] == quiz].sort_values("position")
    if rows.empty:
        known = sorted(str(q) for q in tables["quizzes"]["quiz"].unique())
        raise KeyError(f"no questions for quiz {quiz!r}; the quizzes are: {', '.join(known)}")
    sources = tables["sources"].set_index("source_id")
    result = []
    for _, row in rows.iterrows():
        choices = tuple(
            (letter, str(row[f"choice_{letter}"]))
            for letter in LETTERS
            if not pd.isna(row[f"choice_{letter}"])
        )
        cited = tuple(
            Source(
                source_id=sid,
                publisher=str(sources.at[sid, "publisher"]),
                title=str(sources.at[sid, "title"]),
                published=_published(sources.at[sid, "published"], sources.at[sid, "published_precision"]),
                url=str(sources.at[sid, "url"]),
            )
            for sid in row["source_ids"]
        )
        result.append(
            Question(
                question_id=str(row["question_id"]),
                quiz=quiz,
                position=int(row["position"]),
                text=str(row["question"]),
                choices=choices,
                answer=str(row["answer"]),
                explanation=str(row["explanation"]),
                sources=cited,
                kind=str(row["kind"]),
            )
        )
    return result


def check(question: Question, selected: str | None) -> Feedback:
    """Check the reader's choice (a letter, or ``None`` when nothing is selected)."""
    if selected is None or selected == "":
        return Feedback(None, CHOOSE_FIRST)
    letters = [letter for letter, _ in question.choices]
    if selected not in letters:
        raise ValueError(f"{selected!r} is not a choice of question {question.question_id} ({', '.join(letters)})")
    right = f"({question.answer}) {question.answer_text}"
    if selected == question.answer:
        message = f"Correct: {right}"
    else:
        message = f"Not quite. You chose ({selected}); the answer is {right}"
    return Feedback(selected == question.answer, message, question.explanation, question.sources)


def score(quiz_questions: list[Question], answers: dict[str, str | None]) -> tuple[int, int]:
    """(number right, number of questions). ``answers`` maps question ids to letters;
    a question left out or unanswered counts as not right."""
    right = sum(1 for q in quiz_questions if answers.get(q.question_id) == q.answer)
    return right, len(quiz_questions)


# --------------------------------------------------------------------------- #
# Presentation
# --------------------------------------------------------------------------- #


def _escape_markdown(text: str) -> str:
    """Backslash-escape the characters that Markdown would read as markup."""
    return "".join("\\" + ch if ch in "\\`*_[]<>{}#|$~" else ch for ch in text)


def _question_html(question: Question) -> str:
    choices = "".join(
        f"<li><strong>({letter})</strong> {html.escape(text)}</li>" for letter, text in question.choices
    )
    cited = "".join(f"<li>{s.citation_html()}</li>" for s in question.sources)
    return (
        f"<li class='wdl-quiz-question' id='{html.escape(question.question_id)}'>"
        f"<p>{html.escape(question.text)}</p>"
        f"<ul style='list-style:none'>{choices}</ul>"
        "<details><summary>Show the answer</summary>"
        f"<p><strong>Answer: ({question.answer}) {html.escape(question.answer_text)}</strong></p>"
        f"<p>{html.escape(question.explanation)}</p>"
        f"<p><em>Source{'s' if len(question.sources) != 1 else ''}:</em></p><ul>{cited}</ul>"
        "</details></li>"
    )


#: Style for :meth:`Quiz.widget`. ipywidgets gives each radio option a fixed line height
#: (``--jp-widgets-radio-item-height``), so a choice that wraps runs into the next one; these
#: rules, scoped to the quiz's own class, let each option grow with its text (the radio, which
#: ipywidgets places after the text and floats left, is put first in the flex row).
WIDGET_CSS = """
.wdl-quiz-radio { width: auto; height: auto; }
.wdl-quiz-radio .widget-radio-box label, .wdl-quiz-radio .jupyter-widget-radio-box label {
  height: auto; line-height: 1.4; display: flex; align-items: flex-start; gap: 0.5em;
  margin: 0 0 0.5em; white-space: normal;
}
.wdl-quiz-radio .widget-radio-box input, .wdl-quiz-radio .jupyter-widget-radio-box input {
  height: auto; line-height: normal; float: none; flex: none; order: -1; margin: 0.2em 0 0 1px;
}
.wdl-quiz-header p { white-space: normal; line-height: 1.4; }
"""


class Quiz:
    """One quiz: its questions, a static HTML view and an interactive widget."""

    def __init__(self, name: str, quiz_questions: list[Question]):
        self.name = name
        self.questions = list(quiz_questions)

    @classmethod
    def load(cls, name: str, tables: dict[str, pd.DataFrame] | None = None) -> "Quiz":
        """Read quiz ``name`` from the dataset (loading and validating it if ``tables`` is not given)."""
        if tables is None:
            from .data import load_package

            tables = load_package()
        return cls(name, questions(tables, name))

    def __len__(self) -> int:
        return len(self.questions)

    def __repr__(self) -> str:  # deterministic, so stored notebook outputs compare equal
        return f"<Quiz {self.name!r}: {len(self.questions)} questions>"

    def to_html(self) -> str:
        """Every question with its choices and a folded answer (no kernel needed)."""
        items = "".join(_question_html(q) for q in self.questions)
        return f"<ol class='wdl-quiz' data-quiz='{html.escape(self.name)}'>{items}</ol>"

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_markdown(self) -> str:
        """The quiz for print: every question with its choices, then the answers at the end.

        The HTML book shows :meth:`to_html`; builders that cannot show HTML (the PDF) use this.
        """
        lines = []
        for number, question in enumerate(self.questions, start=1):
            lines.append(f"{number}. {_escape_markdown(question.text)}")
            lines.append("")
            for letter, text in question.choices:
                lines.append(f"   ({letter}) {_escape_markdown(text)}")
                lines.append("")
        lines.append("**Answers**")
        lines.append("")
        for number, question in enumerate(self.questions, start=1):
            cited = "; ".join(_escape_markdown(s.citation()) for s in question.sources)
            lines.append(
                f"{number}. ({question.answer}) {_escape_markdown(question.answer_text)}. "
                f"{_escape_markdown(question.explanation)} *Sources:* {cited}"
            )
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def widget(self):
        """The interactive quiz: per question, radio buttons, a Check button and feedback.

        The first child is a style element (:data:`WIDGET_CSS`) that lets a long choice wrap
        without overlapping the next; then one box per question; then the running score.
        """
        import ipywidgets as widgets

        results: dict[str, str | None] = {}
        total = widgets.HTML()
        style = widgets.HTML(f"<style>{WIDGET_CSS}</style>")

        def show_score():
            right, count = score(self.questions, results)
            total.value = f"<p role='status'><strong>Score: {right} of {count}</strong> (checked answers that are right)</p>"

        boxes = []
        for question in self.questions:
            radio = widgets.RadioButtons(
                options=[(f"({letter}) {text}", letter) for letter, text in question.choices],
                value=None,
                layout=widgets.Layout(width="auto", height="auto"),
            )
            radio.add_class("wdl-quiz-radio")
            button = widgets.Button(description="Check", button_style="primary", tooltip="Check your answer")
            feedback = widgets.HTML()

            def on_click(_button, question=question, radio=radio, feedback=feedback):
                result = check(question, radio.value)
                feedback.value = result.to_html()
                if result.correct is not None:
                    results[question.question_id] = radio.value
                    show_score()

            button.on_click(on_click)
            header = widgets.HTML(f"<p><strong>{question.position}.</strong> {html.escape(question.text)}</p>")
            header.add_class("wdl-quiz-header")
            boxes.append(widgets.VBox([header, radio, button, feedback]))
        show_score()
        return widgets.VBox([style, *boxes, total])
