"""Instructor material made from the lesson metadata and the notebooks.

The instructor guide's pages, the instructor copies of the notebooks (``upstream
export --instructor``) and the CLI all call these functions, so timings, live
demos and answer keys come from one source (:data:`upstream.course.lessons.LESSONS` and
the notebooks) and cannot drift.

Discussion prompts, common misconceptions and the knowledge check are for
instructors only; their words are in ``src/upstream/content/lesson-NN.yml``. Claims in the answers cite keys from
``book/references.bib`` with MyST ``{cite:p}`` roles; :func:`upstream.course.markdown.plain_text` turns
those into bracketed keys for places that are not the built book (notebooks,
terminals).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import content
from .lessons import LESSONS, Lesson
from .markdown import plain_text
from .notebooks import exercises, load_notebook

__all__ = [
    "NOTES",
    "KNOWLEDGE_CHECK",
    "LessonNotes",
    "Question",
    "answer_key_markdown",
    "exercise_numbers",
    "facilitation_markdown",
    "knowledge_check_markdown",
    "lesson_timings",
]


@dataclass(frozen=True)
class LessonNotes:
    """Facilitation notes for one lesson.

    Attributes
    ----------
    prompts : discussion prompts (never ask for personal stories).
    misconceptions : ``(what participants may believe, how to answer)`` pairs.
    """

    prompts: tuple[str, ...]
    misconceptions: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Question:
    """A knowledge-check question, asked before and after the workshop.

    Attributes
    ----------
    lesson : the lesson that teaches the answer.
    text : the question (true/false or short answer).
    answer : the answer, with a short reason.
    """

    lesson: int
    text: str
    answer: str


#: Discussion prompts and misconceptions per lesson number, from ``content/lesson-NN.yml``.
NOTES: dict[int, LessonNotes] = {
    d["number"]: LessonNotes(
        prompts=tuple(d["prompts"]),
        misconceptions=tuple((m["belief"], m["answer"]) for m in d["misconceptions"]),
    )
    for d in content.lessons()
}

#: Knowledge-check questions, in lesson order; the guide shows those for lessons that exist.
KNOWLEDGE_CHECK: tuple[Question, ...] = tuple(
    Question(d["number"], q["question"], q["answer"]) for d in content.lessons() for q in d["knowledge_check"]
)


def lesson_timings(lesson: Lesson) -> list[tuple[int, int, str, bool]]:
    """``(start, minutes, title, live_demo)`` for each section, start in minutes from the lesson start
    (in notebook order, counting optional sections as taught)."""
    rows, t = [], 0
    for s in lesson.sections:
        rows.append((t, s.minutes, s.title, s.live_demo))
        t += s.minutes
    return rows


def facilitation_markdown(lesson: Lesson, *, myst: bool = True, heading: bool = False) -> str:
    """Facilitation notes for one lesson: timings, live demos, prompts, misconceptions.

    ``myst=False`` gives plain Markdown (for a notebook opened in Jupyter).
    """
    notes = NOTES.get(lesson.number)
    lines = []
    if heading:
        lines += [
            f"**Instructor notes: lesson {lesson.number}. {lesson.title}**",
            "",
            "This cell is in the instructor copy only (made by `upstream export --instructor`).",
            "",
        ]
    pre = ", ".join(str(p) for p in lesson.prerequisites) or "none"
    optional = [s for s in lesson.sections if s.optional]
    extra = (
        f" (plus {lesson.optional_minutes} minutes of optional sections, not scheduled in the agendas)"
        if optional
        else ""
    )
    lines += [
        f"**Time:** {lesson.minutes} minutes{extra}. **Priority:** {lesson.priority} "
        f"(1 = essential in the shortest workshop). **Prerequisites:** {pre}.",
        "",
    ]
    if optional:
        lines += ["| Start | Minutes | Section | Run live? | Optional? |", "|---:|---:|---|---|---|"]
        for (start, minutes, title, live), sec in zip(lesson_timings(lesson), lesson.sections):
            lines.append(
                f"| {start} | {minutes} | {title} | {'**yes, demo live**' if live else ''} | "
                f"{f'optional: skip it to save {minutes} min' if sec.optional else ''} |"
            )
        lines += [
            "",
            "Start times assume the optional sections are taught; skip "
            + ("it" if len(optional) == 1 else "them")
            + " to keep the lesson to "
            f"{lesson.minutes} minutes.",
        ]
    else:
        lines += ["| Start | Minutes | Section | Run live? |", "|---:|---:|---|---|"]
        for start, minutes, title, live in lesson_timings(lesson):
            lines.append(f"| {start} | {minutes} | {title} | {'**yes, demo live**' if live else ''} |")
    demos = [s.title for s in lesson.sections if s.live_demo]
    lines += [
        "",
        "**Demonstrate live:** " + ("; ".join(demos) if demos else "nothing; the static pages are enough") + ".",
    ]
    if notes is not None:
        lines += ["", "### Discussion prompts", ""]
        lines += [f"- {p}" for p in notes.prompts]
        lines += ["", "### Common misconceptions and how to answer them", ""]
        for belief, answer in notes.misconceptions:
            lines.append(f'- *"{belief}"* {answer}')
    text = "\n".join(lines)
    return text if myst else plain_text(text)


def _lessons(lessons):
    return sorted(LESSONS if lessons is None else lessons, key=lambda l: l.number)


def knowledge_check_markdown(lessons=None, *, answers: bool = True) -> str:
    """The knowledge-check questions for the lessons given (default: every lesson)."""
    numbers = {l.number for l in _lessons(lessons)}
    qs = [q for q in KNOWLEDGE_CHECK if q.lesson in numbers]
    lines = []
    for i, q in enumerate(qs, 1):
        lines.append(f"{i}. {q.text} *(lesson {q.lesson})*")
        if answers:
            lines += ["", f"   **Answer:** {q.answer}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _toc_files(root: Path) -> list[str]:
    """Files of the book's table of contents (``_toc.yml``), in reading order."""
    import yaml

    toc_path = Path(root) / "_toc.yml"
    if not toc_path.is_file():
        return []
    out: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                out.append(str(node["file"]))
            for key in ("root", "parts", "chapters", "sections"):
                if key == "root" and key in node:
                    out.append(str(node["root"]))
                elif key in node:
                    walk(node[key])
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load(toc_path.read_text(encoding="utf-8")))
    return out


def exercise_numbers(root: Path, lessons=None) -> dict[str, int]:
    """Book-wide exercise numbers (1..N in table-of-contents order), by exercise label.

    The book numbers exercises across the whole book, so lesson 2's first exercise
    follows lesson 1's last. Lessons not in the table of contents follow, in lesson order.
    """
    by_path = {l.path.removesuffix(".ipynb"): l for l in _lessons(lessons)}
    order = [by_path[f.removesuffix(".ipynb")] for f in _toc_files(root) if f.removesuffix(".ipynb") in by_path]
    order += [l for l in _lessons(lessons) if l not in order]
    numbers: dict[str, int] = {}
    for lesson in order:
        for ex in exercises(load_notebook(Path(root) / lesson.path)):
            numbers[ex.label] = len(numbers) + 1
    return numbers


def answer_key_markdown(root: Path, lessons=None) -> str:
    """The answer key for every exercise, read from the notebooks under ``root``.

    Each exercise links to its place in the lesson (``{ref}`` to its label), then
    shows the prompt and the solution (prose and code) as written in the notebook.
    """
    numbers = exercise_numbers(root, lessons)
    parts = []
    for lesson in _lessons(lessons):
        nb = load_notebook(Path(root) / lesson.path)
        parts += [f"## Lesson {lesson.number}. {lesson.title}", ""]
        for k, ex in enumerate(exercises(nb), 1):
            parts += [
                f"**Exercise {numbers[ex.label]}** (lesson {lesson.number}, no. {k}; "
                f"{{ref}}`open it in the lesson <{ex.label}>`)",
                "",
            ]
            parts += ["> " + line if line.strip() else ">" for line in ex.prompt.split("\n")]
            parts += ["", "::::{admonition} Answer", ":class: tip", ""]
            if not ex.solution:
                parts.append("*This exercise has no solution in the notebook yet.*")
            for kind, text in ex.solution:
                if kind == "code":
                    parts += ["```python", text, "```", ""]
                else:
                    parts += [text, ""]
            parts += ["::::", ""]
    return "\n".join(parts).rstrip() + "\n"
