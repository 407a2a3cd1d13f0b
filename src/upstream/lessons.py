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
    core : essential in a short session: when whole lessons do not fit, short
        agendas teach only the core sections of the priority-1 lessons.
    """

    title: str
    minutes: int
    live_demo: bool = False
    core: bool = False


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
            Section("What the law says", 10, core=True),
            Section("The main US laws", 8),
            Section("How recruitment usually happens", 8, core=True),
            Section("Myths and evidence", 8, core=True),
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
            "Explain why published estimates of minors involved in commercial sex in the United States range from about 1,400 to 2.4 million.",
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
            "Classify child-trafficking interventions as primary, secondary or tertiary prevention, or as a response after harm that is not prevention.",
            "Describe the 4Ps framework and where it comes from.",
            "Place sourced risk factors at the levels of the social-ecological model, and say what is known about protective factors.",
            "Explain why risk factors describe populations and must never be used to profile an individual child.",
        ),
        sections=(
            Section("The upstream parable", 5, core=True),
            Section("Three levels of prevention", 8),
            Section("The 4Ps", 5),
            Section("The social-ecological model", 10),
            Section("Sort the factors and the interventions", 10, live_demo=True),
            Section("Risk factors are not profiles", 5, core=True),
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
            Section("The revolving door", 5, core=True),
            Section("A mixed portfolio", 5),
            Section("Push the model yourself", 10, live_demo=True),
            Section("Exercises", 10),
        ),
        prerequisites=(),
    ),
    Lesson(
        number=5,
        slug="lesson-05-spending-a-budget",
        title="Spending a budget",
        priority=2,
        objectives=(
            "Split a fixed budget across prevention, identification, aftercare and prosecution, and compare the outcomes with spending nothing.",
            "Explain what each model outcome counts, and why the number of children identified is misleading on its own.",
            "Describe how uncertain assumptions are turned into uncertainty bands by drawing many parameter sets.",
            "Judge how robust a budget split is when the assumptions change.",
            "Find the best split under two sets of assumptions and explain why they differ.",
        ),
        sections=(
            Section("Splitting a fixed budget", 10, live_demo=True),
            Section("What each outcome counts", 5),
            Section("Uncertain assumptions", 10),
            Section("Every split at once", 5, live_demo=True),
            Section("How robust is a choice?", 10),
            Section("Exercises", 15),
        ),
        prerequisites=(4,),
    ),
    Lesson(
        number=6,
        slug="lesson-06-justice-as-prevention",
        title="Justice as prevention?",
        priority=2,
        objectives=(
            "Distinguish deterrence, incapacitation and disruption as ways the justice system might prevent trafficking.",
            "Explain why the certainty of punishment deters more than its severity, using a simple model of discounted costs.",
            "Describe how few trafficking cases are prosecuted as trafficking, and what task forces and specialised courts do.",
            "Explain what Safe Harbor laws do and why exploited children should not be treated as offenders.",
            "Weigh the claim that longer sentences are the answer against the evidence.",
        ),
        sections=(
            Section("Three ways justice might prevent harm", 5),
            Section("Certainty or severity?", 15, live_demo=True),
            Section("How often cases reach court", 8),
            Section("Task forces and specialised courts", 5),
            Section("Safe Harbor: children are not offenders", 7),
            Section("Are longer sentences the answer?", 5),
            Section("Exercises", 10),
        ),
        prerequisites=(4,),
    ),
    Lesson(
        number=7,
        slug="lesson-07-signs-and-responding",
        title="Recognising signs and responding well",
        priority=1,
        objectives=(
            "Describe common indicators of trafficking from official sources, and why no single sign proves anything.",
            "Turn a screening tool's sensitivity, specificity and the prevalence into the chance that a positive screen is right.",
            "Choose a safe response to a concern: the National Human Trafficking Hotline, NCMEC's CyberTipline, or 911 in an emergency, and never a confrontation or rescue attempt.",
            "Explain that mandated-reporter duties vary by state and how to find your own.",
        ),
        sections=(
            Section("Indicators and their limits", 8, core=True),
            Section("What a positive screen means", 12, live_demo=True),
            Section("How to respond", 8, core=True),
            Section("Mandated reporters", 5),
            Section("Practise: sort the scenarios", 10, live_demo=True, core=True),
            Section("Exercises", 10),
        ),
        prerequisites=(1,),
    ),
    Lesson(
        number=8,
        slug="lesson-08-what-works",
        title="What works, and a local prevention plan",
        priority=2,
        objectives=(
            "Explain the chain from awareness and knowledge to behaviour to victimisation, and which links prevention evaluations have measured.",
            "Describe what the evaluations of Not a Number and PROTECT found, and what they did not measure.",
            "Build a local prevention plan with levers, a budget, partners and measures, and run the illustrative model on it.",
            "Decide what a local plan should measure to learn whether it works.",
        ),
        sections=(
            Section("How prevention programmes are evaluated", 10),
            Section("What the evaluations found", 10),
            Section("Your local plan", 20, live_demo=True),
            Section("What to measure", 5),
            Section("Exercises", 10),
        ),
        prerequisites=(4, 5),
    ),
)


def get_lesson(number: int) -> Lesson:
    """The lesson with this number; ``ValueError`` naming the valid numbers otherwise."""
    for lesson in LESSONS:
        if lesson.number == number:
            return lesson
    valid = ", ".join(str(l.number) for l in sorted(LESSONS, key=lambda l: l.number))
    raise ValueError(f"lesson number must be one of {valid}; got {number!r}")
