"""Lesson metadata: the one place that lists lessons, timings and objectives.

The words live in ``src/upstream/content/lesson-NN.yml`` (one file per lesson,
validated on load); this module turns them into :class:`Lesson` records. The
agenda generator, the instructor guide and the tests read :data:`LESSONS`; each
lesson notebook's "Learning objectives" list must match :attr:`Lesson.objectives`
(a test checks it), so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import content

__all__ = ["LESSONS", "Lesson", "Section", "get_lesson"]


@dataclass(frozen=True)
class Section:
    """A timed part of a lesson in a workshop.

    Attributes
    ----------
    title : heading of the section in the notebook.
    minutes : workshop minutes for the section (> 0).
    live_demo : whether the instructor should run it live.
    core : essential in a short session: when whole lessons do not fit, short
        agendas teach only the core sections of the priority-1 lessons.
    optional : may be skipped to keep the lesson to its timed length: not
        counted in :attr:`Lesson.minutes` and not scheduled by the agendas (the
        instructor notes list it with its minutes). Never also ``core``.
    """

    title: str
    minutes: int
    live_demo: bool = False
    core: bool = False
    optional: bool = False

    def __post_init__(self):
        if self.optional and self.core:
            raise ValueError(f"section {self.title!r}: a section cannot be both optional and core")


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
    sections : timed sections; the minutes of those not optional add up to the lesson's length.
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
        """Workshop length in minutes, without the optional sections."""
        return sum(s.minutes for s in self.sections if not s.optional)

    @property
    def optional_minutes(self) -> int:
        """Minutes of the optional sections (taught when a session allows)."""
        return sum(s.minutes for s in self.sections if s.optional)

    @property
    def path(self) -> str:
        """Path of the notebook from the repository root."""
        return f"notebooks/{self.slug}.ipynb"


def _lesson(data: dict) -> Lesson:
    return Lesson(
        number=data["number"],
        slug=data["slug"],
        title=data["title"],
        priority=data["priority"],
        objectives=tuple(data["objectives"]),
        sections=tuple(Section(**s) for s in data["sections"]),
        prerequisites=tuple(data["prerequisites"]),
    )


#: Every lesson, in order, from ``src/upstream/content/lesson-NN.yml``.
LESSONS: tuple[Lesson, ...] = tuple(_lesson(d) for d in content.lessons())


def get_lesson(number: int) -> Lesson:
    """The lesson with this number; ``ValueError`` naming the valid numbers otherwise."""
    for lesson in LESSONS:
        if lesson.number == number:
            return lesson
    valid = ", ".join(str(l.number) for l in sorted(LESSONS, key=lambda l: l.number))
    raise ValueError(f"lesson number must be one of {valid}; got {number!r}")
