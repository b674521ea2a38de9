"""The book's ``quiz`` directive: a self-check quiz rendered at build time from ``data/quizzes.csv``.

In a MyST page::

    ```{quiz} quiz-case
    ```

The rows of the quiz are read through :func:`wdl.data.load_package` (so they are validated on
load, quiz rules included) and :func:`wdl.quiz.questions`; the answers are checked by the same
:func:`wdl.quiz.check` that the JupyterLab widget uses.

* **HTML**: each question is a ``<fieldset>`` with a ``<legend>``, native radio buttons with
  their ``<label>``, a *Check* button and a feedback region (``aria-live``) that gives right or
  wrong, the explanation and the sources as links; a running score sits under the questions. A
  small script and style sheet, written into ``_static/wdl-quiz/`` by this extension, do the
  checking in the browser: no kernel, no widget manager, nothing from another host. Pages
  without a quiz do not load them.
* **LaTeX (the PDF) and other builders**: the questions with their choices, then the answers
  with explanations and sources, as plain document nodes.

A page is rebuilt when the quiz data change (the tables are recorded as its dependencies).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from wdl.data import DataValidationError, load_package
from wdl.quiz import CHOOSE_FIRST, Question, check, questions

STATIC_DIR = "wdl-quiz"  # under _static/ of the built site
DATA_FILES = ("datapackage.json", "quizzes.csv", "sources.csv")

# --------------------------------------------------------------------------- #
# The data
# --------------------------------------------------------------------------- #

_CACHE: dict[tuple, dict] = {}


def _tables(data_dir: Path) -> dict:
    """The validated tables, loaded once per state of the data files (per process)."""
    key = (str(data_dir), *((data_dir / name).stat().st_mtime_ns for name in DATA_FILES))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load_package(data_dir)
    return _CACHE[key]


# --------------------------------------------------------------------------- #
# HTML
# --------------------------------------------------------------------------- #


def _sources_html(question: Question) -> str:
    label = "Source" if len(question.sources) == 1 else "Sources"
    items = "; ".join(source.citation_html() for source in question.sources)
    return f"<p class='wdl-quiz-sources'><em>{label}:</em> {items}</p>"


def _feedback_html(question: Question, letter: str) -> str:
    result = check(question, letter)
    return (
        f"<p class='wdl-quiz-verdict'><strong>{html.escape(result.message)}</strong></p>"
        f"<p>{html.escape(result.explanation)}</p>{_sources_html(question)}"
    )


def summary(quiz_questions: list[Question]) -> str:
    """One sentence, computed from the data: how many questions, and how many ask to apply an idea."""
    count = len(quiz_questions)
    apply = sum(1 for q in quiz_questions if q.kind == "apply")
    return (
        f"{count} questions: {apply} ask you to apply an idea from the chapters to a statement, "
        f"a scenario or a source, and {count - apply} to recall a fact."
    )


def quiz_html(name: str, quiz_questions: list[Question]) -> str:
    """The interactive quiz as static HTML (the script in ``_static/wdl-quiz/`` brings it to life)."""
    count = len(quiz_questions)
    items = []
    data = {}
    for number, question in enumerate(quiz_questions, start=1):
        qid = html.escape(question.question_id)
        choices = "".join(
            "<div class='wdl-quiz-choice'>"
            f"<input type='radio' name='wdl-{qid}' id='wdl-{qid}-{letter}' value='{letter}'>"
            f"<label for='wdl-{qid}-{letter}'><span class='wdl-quiz-letter'>({letter})</span> "
            f"{html.escape(text)}</label></div>"
            for letter, text in question.choices
        )
        items.append(
            f"<li class='wdl-quiz-question' id='{qid}' data-question='{qid}'>"
            f"<fieldset><legend><span class='wdl-quiz-number'>Question {number} of {count}.</span> "
            f"{html.escape(question.text)}</legend>"
            f"<div class='wdl-quiz-choices'>{choices}</div>"
            "<button type='button' class='wdl-quiz-check'>Check</button>"
            f"<div class='wdl-quiz-feedback' id='wdl-{qid}-feedback' aria-live='polite'></div>"
            "</fieldset></li>"
        )
        data[question.question_id] = {
            "answer": question.answer,
            "feedback": {letter: _feedback_html(question, letter) for letter, _ in question.choices},
        }
    payload = json.dumps({"empty": CHOOSE_FIRST, "questions": data}, ensure_ascii=False)
    payload = payload.replace("</", "<\\/")  # cannot close the script element early
    return (
        f"<div class='wdl-quiz' data-quiz='{html.escape(name)}'>"
        f"<p class='wdl-quiz-summary'>{html.escape(summary(quiz_questions))}</p>"
        "<noscript><p class='wdl-quiz-noscript'>Checking answers on this page needs JavaScript. "
        "The printed book lists the answers after the questions.</p></noscript>"
        f"<ol class='wdl-quiz-questions'>{''.join(items)}</ol>"
        f"<p class='wdl-quiz-score' aria-live='polite'>Score: 0 of {count} "
        "(checked answers that are right)</p>"
        f"<script type='application/json' class='wdl-quiz-data'>{payload}</script>"
        "</div>"
    )


SCRIPT = r"""/* Self-check quizzes (bookext/quizzes.py): check an answer, show feedback, keep the score. */
(function () {
  "use strict";
  function setUp(quiz) {
    var source = quiz.querySelector("script.wdl-quiz-data");
    if (!source || quiz.classList.contains("wdl-quiz-ready")) { return; }
    var data = JSON.parse(source.textContent);
    var items = quiz.querySelectorAll(".wdl-quiz-question");
    var score = quiz.querySelector(".wdl-quiz-score");
    var checked = {};
    function showScore() {
      var right = Object.keys(checked).filter(function (id) {
        return checked[id] === data.questions[id].answer;
      }).length;
      score.textContent = "Score: " + right + " of " + items.length + " (checked answers that are right)";
    }
    items.forEach(function (item) {
      var id = item.getAttribute("data-question");
      var feedback = item.querySelector(".wdl-quiz-feedback");
      item.querySelector(".wdl-quiz-check").addEventListener("click", function () {
        var chosen = item.querySelector("input[type=radio]:checked");
        feedback.classList.remove("is-right", "is-wrong", "is-empty");
        if (!chosen) {
          feedback.textContent = data.empty;
          feedback.classList.add("is-empty");
          return;
        }
        var question = data.questions[id];
        feedback.innerHTML = question.feedback[chosen.value];
        feedback.classList.add(chosen.value === question.answer ? "is-right" : "is-wrong");
        checked[id] = chosen.value;
        showScore();
      });
    });
    quiz.classList.add("wdl-quiz-ready");
  }
  function start() { document.querySelectorAll(".wdl-quiz").forEach(setUp); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
"""

# Choices are flex rows whose label wraps freely: no fixed heights, so wrapped text never runs
# into the next choice. Colours come from the theme's variables (light and dark mode); right
# and wrong are said in words as well as shown by colour.
STYLE = """/* Self-check quizzes (bookext/quizzes.py). */
.wdl-quiz-questions { list-style: none; margin: 0; padding: 0; }
.wdl-quiz-question { margin: 0 0 1.5rem; }
.wdl-quiz-question fieldset {
  border: 1px solid var(--pst-color-border, #d1d5da); border-radius: .375rem;
  margin: 0; min-width: 0; padding: .75rem 1rem 1rem;
}
.wdl-quiz-question legend {
  float: left; width: 100%; margin: 0 0 .5rem; padding: 0;
  font-size: 1rem; font-weight: 600; line-height: 1.5;
}
.wdl-quiz-number { color: var(--pst-color-text-muted, #48566b); font-weight: 600; }
.wdl-quiz-choices { clear: both; }
.wdl-quiz-choice {
  display: flex; align-items: flex-start; gap: .6rem;
  margin: .2rem 0; padding: .3rem .4rem; border-radius: .25rem;
}
.wdl-quiz-choice:hover { background: var(--pst-color-surface, #f3f4f5); }
.wdl-quiz-choice input {
  flex: none; width: 1.1rem; height: 1.1rem; margin: .2rem 0 0; cursor: pointer;
  accent-color: var(--pst-color-primary, #0a7d91);
}
.wdl-quiz-choice label { flex: 1 1 auto; min-width: 0; line-height: 1.5; cursor: pointer; overflow-wrap: break-word; }
.wdl-quiz-letter { font-weight: 600; }
.wdl-quiz-choice input:focus-visible, .wdl-quiz-check:focus-visible {
  outline: .1875rem solid var(--pst-color-accent, #c132af); outline-offset: .125rem;
}
.wdl-quiz-check {
  margin-top: .6rem; padding: .35rem 1.1rem; font: inherit; font-weight: 600;
  color: var(--pst-color-text-base, #222832); background: var(--pst-color-surface, #f3f4f5);
  border: 2px solid var(--pst-color-primary, #0a7d91); border-radius: .3rem; cursor: pointer;
}
.wdl-quiz-check:hover { background: var(--pst-color-primary-bg, #d0ecf1); }
.wdl-quiz:not(.wdl-quiz-ready) .wdl-quiz-check { display: none; }
.wdl-quiz-feedback:empty { display: none; }
.wdl-quiz-feedback {
  margin-top: .75rem; padding: .5rem .75rem; border-left: .3rem solid var(--pst-color-border, #d1d5da);
  background: var(--pst-color-surface, #f3f4f5);
}
.wdl-quiz-feedback p { margin: .25rem 0; }
.wdl-quiz-feedback.is-right { border-left-color: var(--pst-color-success, #00843f); }
.wdl-quiz-feedback.is-wrong { border-left-color: var(--pst-color-danger, #d72d47); }
.wdl-quiz-feedback.is-empty { font-weight: 600; }
.wdl-quiz-score { font-weight: 600; }
@media print { .wdl-quiz-check, .wdl-quiz-score { display: none; } }
"""


# --------------------------------------------------------------------------- #
# The node, the directive, and the print version
# --------------------------------------------------------------------------- #


class quiz_node(nodes.container):
    """A quiz. Its children are the print version (questions, then answers), which every
    builder but HTML renders as it renders a container; HTML writes ``node["html"]`` instead."""


def _paragraph(*children) -> nodes.paragraph:
    para = nodes.paragraph()
    for child in children:
        para += nodes.Text(child) if isinstance(child, str) else child
    return para


def print_version(quiz_questions: list[Question]) -> list[nodes.Node]:
    """Every question with its choices, then the answers with explanations and sources."""
    asked = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    for question in quiz_questions:
        item = nodes.list_item()
        item += _paragraph(question.text)
        choices = nodes.enumerated_list(enumtype="loweralpha", prefix="(", suffix=")")
        for _, text in question.choices:
            choices += nodes.list_item("", _paragraph(text))
        item += choices
        asked += item
    answers = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    for question in quiz_questions:
        cited: list = [nodes.emphasis(text="Source:" if len(question.sources) == 1 else "Sources:"), " "]
        for index, source in enumerate(question.sources):
            if index:
                cited.append("; ")
            cited += [
                f"{source.publisher}, \u201c",
                nodes.reference(text=source.title, refuri=source.url),
                f"\u201d ({source.published})",
            ]
        answers += nodes.list_item("", _paragraph(
            nodes.strong(text=f"({question.answer}) {question.answer_text}."), " ",
            question.explanation, " ", *cited, "."))
    return [_paragraph(summary(quiz_questions)), asked, nodes.rubric(text="Answers"), answers]


class QuizDirective(SphinxDirective):
    """```{quiz} <quiz name>``` : the questions of that quiz in ``data/quizzes.csv``."""

    required_arguments = 1
    has_content = False

    def run(self):
        name = self.arguments[0]
        data_dir = Path(self.env.srcdir) / "data"
        for file in DATA_FILES:
            self.env.note_dependency(str(data_dir / file))
        try:
            quiz_questions = questions(_tables(data_dir), name)
        except DataValidationError as exc:
            raise self.error(f"the quiz data do not validate:\n{exc}") from None
        except KeyError as exc:
            raise self.error(str(exc.args[0])) from None
        node = quiz_node()
        node["quiz"] = name
        node["html"] = quiz_html(name, quiz_questions)
        node += print_version(quiz_questions)
        self.set_source_info(node)
        return [node]


def _visit_quiz_html(self, node):
    self.body.append(node["html"])
    raise nodes.SkipNode


def _add_assets(app: Sphinx, pagename, templatename, context, doctree):
    """Load the quiz script and style only on pages that have a quiz."""
    if doctree is not None and next(iter(doctree.findall(quiz_node)), None) is not None:
        app.add_css_file(f"{STATIC_DIR}/quiz.css")
        app.add_js_file(f"{STATIC_DIR}/quiz.js", loading_method="defer")


def _write_assets(app: Sphinx, exception):
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / STATIC_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for filename, text in (("quiz.js", SCRIPT), ("quiz.css", STYLE)):
        path = folder / filename
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def setup(app: Sphinx):
    app.add_node(quiz_node, html=(_visit_quiz_html, None))
    app.add_directive("quiz", QuizDirective)
    app.connect("html-page-context", _add_assets)
    app.connect("build-finished", _write_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
