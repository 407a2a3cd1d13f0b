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
        number=1,
        slug="lesson-01-what-it-is",
        title="What child trafficking is",
        priority=1,
        objectives=(
            "State the US federal definition of sex trafficking of a child, and explain why no force, fraud or coercion needs to be shown.",
            "Distinguish sex trafficking from labor trafficking, in US law and in the Palermo Protocol.",
            "Place the main US federal laws on child trafficking on a timeline and say what each did.",
            "Describe how children are usually recruited, and by whom.",
            "Correct common myths about child trafficking with evidence.",
        ),
        sections=(
            Section("What the law says", 10),
            Section("The main US laws", 8),
            Section("How recruitment usually happens", 8),
            Section("Myths and evidence", 8),
            Section("Check yourself: myths and facts", 8, live_demo=True),
            Section("Exercises", 10),
        ),
        prerequisites=(),
    ),
    Lesson(
        number=2,
        slug="lesson-02-counting-the-hidden",
        title="Counting the hidden",
        priority=2,
        objectives=(
            "Explain what hotline, federal prosecution, NCMEC, State Department and UNODC figures each measure, and what they cannot tell us.",
            "Explain why published national estimates range from about 1,400 to 2.4 million.",
            "Estimate the size of a hidden population from two lists with the Lincoln-Petersen and Chapman estimators.",
            "Recognise when a two-list estimate is biased (dependent lists, unequal catchability) and in which direction.",
        ),
        sections=(
            Section("Why counting is hard", 5),
            Section("What each source measures", 12),
            Section("Why estimates range so widely", 8),
            Section("Capture-recapture: counting from two lists", 10),
            Section("Explore the estimator", 10, live_demo=True),
            Section("Exercises", 12),
        ),
        prerequisites=(1,),
    ),
    Lesson(
        number=3,
        slug="lesson-03-risk-and-protection",
        title="Risk, protection and the upstream view",
        priority=1,
        objectives=(
            "Tell the upstream parable and what is known about its origin.",
            "Classify child-trafficking interventions as primary, secondary or tertiary prevention.",
            "Describe the 4Ps framework and where it comes from.",
            "Place sourced risk factors at the levels of the socio-ecological model, and say what is known about protective factors.",
            "Explain why risk factors describe populations and must never be used to profile an individual child.",
        ),
        sections=(
            Section("The upstream parable", 5),
            Section("Three levels of prevention", 8),
            Section("The 4Ps", 5),
            Section("The socio-ecological model", 10),
            Section("Sort the factors and the interventions", 10, live_demo=True),
            Section("Risk factors are not profiles", 5),
            Section("Exercises", 10),
        ),
        prerequisites=(1,),
    ),
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
