"""Lesson metadata: the one place that lists lessons, timings and objectives.

The agenda generator, the instructor guide and the tests read this module; each
lesson notebook's "Learning objectives" list must match :attr:`Lesson.objectives`
(a test checks it), so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LESSONS", "Lesson", "Section", "get_lesson"]


@dataclass(frozen=True)
class Section:
    """A timed part of a lesson in a workshop.

    Attributes
    ----------
    title : heading of the section in the notebook.
    minutes : workshop minutes for the section (> 0).
    live_demo : whether the instructor should run it live.
    """

    title: str
    minutes: int
    live_demo: bool = False


@dataclass(frozen=True)
class Lesson:
    """One lesson notebook.

    Attributes
    ----------
    number : lesson number (1-8).
    slug : notebook file name without ``.ipynb`` (in ``notebooks/``).
    title : title as shown in the book.
    priority : 1 = essential for the shortest workshop, 3 = optional.
    objectives : learning objectives, as written in the notebook.
    sections : timed sections; their minutes add up to the lesson's length.
    prerequisites : numbers of lessons to take first.
    """

    number: int
    slug: str
    title: str
    priority: int
    objectives: tuple[str, ...]
    sections: tuple[Section, ...]
    prerequisites: tuple[int, ...] = ()

    @property
    def minutes(self) -> int:
        """Workshop length in minutes."""
        return sum(s.minutes for s in self.sections)

    @property
    def path(self) -> str:
        """Path of the notebook from the repository root."""
        return f"notebooks/{self.slug}.ipynb"


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        number=4,
        slug="lesson-04-prevention-vs-rescue",
        title="Prevention versus rescue: a model you can push",
        priority=1,
        objectives=(
            "Describe the stocks and flows of an illustrative model of child exploitation in a community.",
            "Compare what prevention, identification, aftercare and prosecution change in the model, and why.",
            "Explain why the number of children identified (\"rescued\") is a misleading headline on its own.",
            "Explain how diminishing returns make a mixed portfolio of responses outperform any single lever in the model.",
            "State the model's assumptions and why its outputs are comparisons, not measurements.",
        ),
        sections=(
            Section("Why a model?", 5),
            Section("The model", 10),
            Section("One lever at a time", 10, live_demo=True),
            Section("The revolving door", 5),
            Section("A mixed portfolio", 5),
            Section("Push the model yourself", 10, live_demo=True),
            Section("Exercises", 10),
        ),
        prerequisites=(),
    ),
)


def get_lesson(number: int) -> Lesson:
    """The lesson with this number; ``ValueError`` naming the valid numbers otherwise."""
    for lesson in LESSONS:
        if lesson.number == number:
            return lesson
    valid = ", ".join(str(l.number) for l in sorted(LESSONS, key=lambda l: l.number))
    raise ValueError(f"lesson number must be one of {valid}; got {number!r}")
