"""A multiple-choice quiz with explanatory feedback for every option.

Content is plain data (a list of question dicts), so any lesson can reuse the
widget with its own questions::

    {"prompt": "...",
     "options": [{"text": "...", "correct": false, "feedback": "why not ..."},
                 {"text": "...", "correct": true,  "feedback": "yes, because ..."}],
     "explanation": "optional summary shown with the answer",
     "sources": ["bibtex_key", ...]}          # optional

The grading is a pure function (:func:`grade`); the widget only wires radio
buttons and a "Check" button to it. In the static book the quiz shows as the
questions with the answer and every explanation inside ``<details>``
dropdowns. Answers never leave the kernel.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .base import Feedback, StaticFallback, explorer_html, heading

__all__ = ["Feedback", "Quiz", "grade", "validate_questions"]

LETTERS = "ABCDEFGHIJ"
#: what the quiz says (``str.format`` templates), here and in the book's in-page quiz
TEXT = {
    "question": "Question {n}.",
    "answer_label": "Answer {n}",
    "check": "Check answer",
    "check_tooltip": "Check your answer to question {n}",
    "correct": "Correct.",
    "wrong": "Not quite. The answer is {letter}.",
    "choose_first": "Choose an option first, then check.",
    "score": "{right} of {answered} answered correctly ({total} questions).",
}
#: feedback colours (contrast >= 7:1 on white)
COLORS = {"ok": "#005a32", "wrong": "#7a3e00", "error": "#8B0000", "info": "#1a1a1a"}


def validate_questions(questions) -> list[dict]:
    """Check quiz content; return it as a list of dicts.

    Every question needs a non-empty ``prompt``, 2 to 10 ``options`` each with
    ``text`` and ``feedback``, and exactly one option with ``"correct": true``.

    Raises
    ------
    ValueError
        Naming the question (0-based) and what is wrong.
    """
    if isinstance(questions, dict) and "questions" in questions:
        questions = questions["questions"]
    if not isinstance(questions, (list, tuple)) or not questions:
        raise ValueError(f"questions must be a non-empty list of question dicts; got {type(questions).__name__}")
    out = []
    for qi, q in enumerate(questions):
        if not isinstance(q, dict) or not str(q.get("prompt", "")).strip():
            raise ValueError(f"question {qi} must be a dict with a non-empty 'prompt'")
        opts = q.get("options")
        if not isinstance(opts, (list, tuple)) or not 2 <= len(opts) <= len(LETTERS):
            raise ValueError(f"question {qi}: options must be a list of 2 to {len(LETTERS)} options")
        for oi, o in enumerate(opts):
            if not isinstance(o, dict) or not str(o.get("text", "")).strip() or not str(o.get("feedback", "")).strip():
                raise ValueError(f"question {qi}, option {oi}: needs non-empty 'text' and 'feedback'")
        n_correct = sum(bool(o.get("correct")) for o in opts)
        if n_correct != 1:
            raise ValueError(f"question {qi}: exactly one option must be correct; got {n_correct}")
        out.append(dict(q))
    return out


def _answer_index(q: dict) -> int:
    return next(i for i, o in enumerate(q["options"]) if o.get("correct"))


def grade(questions: list[dict], question: int, option: int) -> Feedback:
    """Grade one answer.

    Parameters
    ----------
    questions : list of dict
        Quiz content (see :func:`validate_questions`).
    question : int
        Question index, in [0, len(questions) - 1].
    option : int
        Chosen option index, in [0, number of options - 1].

    Returns
    -------
    Feedback
        Whether it is correct, and the option's explanation.
    """
    if isinstance(question, bool) or not isinstance(question, int) or not 0 <= question < len(questions):
        raise ValueError(f"question must be a whole number in the range [0, {len(questions) - 1}]; got {question!r}")
    q = questions[question]
    n = len(q["options"])
    if isinstance(option, bool) or not isinstance(option, int) or not 0 <= option < n:
        raise ValueError(
            f"option for question {question} must be a whole number in the range [0, {n - 1}]; got {option!r}"
        )
    ans = _answer_index(q)
    return Feedback(
        item=question, choice=option, correct=option == ans, answer=ans, text=q["options"][option]["feedback"]
    )


class Quiz(StaticFallback, widgets.VBox):
    """Multiple-choice quiz with per-option feedback.

    Each question has radio buttons (keyboard-operable: Tab to the group, arrow
    keys to choose) labelled with the question number, and a "Check answer"
    button; the feedback line is a live status region.

    Parameters
    ----------
    questions : list of dict
        Quiz content (see :func:`validate_questions`); a dict with a
        ``"questions"`` key (as stored in the package JSON) also works.
    title : str, optional
        Shown above the questions.
    grade_fn : callable, optional
        ``grade_fn(questions, question, option) -> Feedback``; tests pass a spy.
    """

    def __init__(self, questions, title: str | None = None, grade_fn=grade):
        self.questions = validate_questions(questions)
        self.title = title
        self._grade = grade_fn
        self.results: dict[int, Feedback] = {}
        self.choices, self.buttons, self.feedback = [], [], []
        children = heading(title)
        for qi, q in enumerate(self.questions):
            prompt = widgets.HTML(
                f"<p><strong>{TEXT['question'].format(n=qi + 1)}</strong> {html.escape(q['prompt'])}</p>"
            )
            radio = widgets.RadioButtons(
                options=[(f"{LETTERS[oi]}. {o['text']}", oi) for oi, o in enumerate(q["options"])],
                value=None,
                description=TEXT["answer_label"].format(n=qi + 1),
                layout=widgets.Layout(width="auto"),
                style={"description_width": "initial"},
            )
            button = widgets.Button(description=TEXT["check"], tooltip=TEXT["check_tooltip"].format(n=qi + 1))
            fb = widgets.HTML(value="", layout=widgets.Layout(min_height="1.5em"))
            button.on_click(lambda _b, qi=qi: self._check(qi))
            self.choices.append(radio)
            self.buttons.append(button)
            self.feedback.append(fb)
            children.append(widgets.VBox([prompt, radio, button, fb]))
        self.score_line = widgets.HTML(value="")
        children.append(self.score_line)
        super().__init__(children=children)

    # -- interaction --------------------------------------------------------
    def _check(self, qi: int):
        choice = self.choices[qi].value
        if choice is None:
            self._show(qi, TEXT["choose_first"], kind="info")
            return None
        return self.answer(qi, choice)

    def answer(self, question: int, option: int) -> Feedback:
        """Choose ``option`` for ``question`` (both 0-based) and show the feedback.

        Raises ValueError naming the parameter and its range for an unknown
        index (and shows the same message under the question if it exists).
        """
        try:
            fb = self._grade(self.questions, question, option)
        except ValueError as err:
            if isinstance(question, int) and 0 <= question < len(self.questions):
                self._show(question, f"Not checked: {err}", kind="error")
            raise
        self.results[question] = fb
        if self.choices[question].value != option:
            self.choices[question].value = option  # no observer: only "Check answer" grades
        verdict = TEXT["correct"] if fb.correct else TEXT["wrong"].format(letter=LETTERS[fb.answer])
        self._show(question, f"{verdict} {fb.text}", kind="ok" if fb.correct else "wrong")
        right = sum(r.correct for r in self.results.values())
        score = TEXT["score"].format(right=right, answered=len(self.results), total=len(self.questions))
        self.score_line.value = f'<div role="status">{html.escape(score)}</div>'

        return fb

    def _show(self, qi: int, text: str, kind: str):
        style = f"color:{COLORS[kind]}" + (";font-weight:bold" if kind == "error" else "")
        role = "alert" if kind == "error" else "status"
        self.feedback[qi].value = f'<div role="{role}" style="{style}">{html.escape(text)}</div>'

    # -- static book ----------------------------------------------------------
    def static_html(self) -> str:
        """Questions with the answer and every option's explanation in dropdowns."""
        parts = ['<div class="upstream-quiz">']
        if self.title:
            parts.append(f"<p><strong>{html.escape(self.title)}</strong></p>")
        for qi, q in enumerate(self.questions):
            ans = _answer_index(q)
            parts.append(f"<p><strong>Question {qi + 1}.</strong> {html.escape(q['prompt'])}</p>")
            parts.append(
                '<ol type="A">' + "".join(f"<li>{html.escape(o['text'])}</li>" for o in q["options"]) + "</ol>"
            )
            items = "".join(
                f"<li><strong>{LETTERS[oi]}</strong> ({'correct' if oi == ans else 'not correct'}): "
                f"{html.escape(o['feedback'])}</li>"
                for oi, o in enumerate(q["options"])
            )
            summary = f"<p>{html.escape(q['explanation'])}</p>" if q.get("explanation") else ""
            parts.append(
                '<details style="margin-bottom:1em"><summary>Show answer</summary>'
                f"<p><strong>Answer: {LETTERS[ans]}.</strong> {html.escape(q['options'][ans]['text'])}</p>"
                f"{summary}<ul>{items}</ul></details>"
            )
        parts.append("</div>")
        config = {"title": self.title, "questions": self.questions, "letters": LETTERS, "text": TEXT, "colors": COLORS}
        return explorer_html("quiz", config, "".join(parts))
