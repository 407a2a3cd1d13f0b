"""Instructor material made from the lesson metadata and the notebooks.

The instructor guide's pages, the instructor copies of the notebooks (``upstream
export --instructor``) and the CLI all call these functions, so timings, live
demos and answer keys come from one source (:data:`upstream.lessons.LESSONS` and
the notebooks) and cannot drift.

Discussion prompts and common misconceptions are kept here, per lesson number,
because they are for instructors only. Claims in the answers cite keys from
``book/references.bib`` with MyST ``{cite:p}`` roles; :func:`plain_text` turns
those into bracketed keys for places that are not the built book (notebooks,
terminals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .lessons import LESSONS, Lesson

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
    "plain_text",
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


#: Discussion prompts and misconceptions per lesson number (lessons 1-8 of the outline).
NOTES: dict[int, LessonNotes] = {
    1: LessonNotes(
        prompts=(
            "Before today, what picture came to mind when you heard \"child trafficking\"? Where did that "
            "picture come from: news, films, social media? (Ask about images in the media, never about "
            "anyone's own experience.)",
            "Why might the law treat a child induced into a commercial sex act as a victim without any proof "
            "of force, fraud or coercion?",
            "What is the difference between sex trafficking and labor trafficking, and why is labor "
            "trafficking of children discussed less often?",
        ),
        misconceptions=(
            (
                "Child trafficking usually starts with a kidnapping by a stranger.",
                "Stereotypical kidnappings are rare: a national study estimated 115 in 1999, counting "
                "kidnappings for any purpose, not only trafficking {cite:p}`finkelhor2002nismart`. In global "
                "data on identified child victims, about two-thirds of recruitment involved someone the child "
                "knew: a family member in 41 % of cases, an intimate partner in 14 % and friends in 11 % "
                "{cite:p}`ctdc2017family`; in a Kentucky child-welfare study, most alleged child victims were "
                "reportedly trafficked by a family member {cite:p}`middleton2020kentucky`.",
            ),
            (
                "A child who is sexually exploited for money must have been forced, or else it is not trafficking.",
                "Under federal law a person under 18 induced into a commercial sex act is a victim of sex "
                "trafficking without any proof of force, fraud or coercion {cite:p}`usc22_7102`; a child "
                "cannot consent to being bought or sold {cite:p}`ncmec_cst`.",
            ),
        ),
    ),
    2: LessonNotes(
        prompts=(
            "A headline says reports of trafficking doubled. What else, besides more trafficking, could "
            "make the number of reports rise?",
            "Which children are least likely to appear in hotline, police or court data, and why?",
        ),
        misconceptions=(
            (
                "Hotline figures tell us how many children are trafficked.",
                "Hotline statistics count situations reported to the hotline; they are not prevalence "
                "estimates {cite:p}`polaris2019hotline2018`. Nobody knows the true number: published "
                "estimates of minors involved in commercial sex in the United States range from about "
                "1,400 to 2.4 million {cite:p}`iomnrc2013confronting`.",
            ),
            (
                "A rise in identified cases means trafficking is rising.",
                "Counts of identified cases also track how hard agencies look and how they report; part of "
                "one year's rise in global figures reflected better data-sharing by governments "
                "{cite:p}`hrf_tip2016`.",
            ),
        ),
    ),
    3: LessonNotes(
        prompts=(
            "Pick one level of the social-ecological model (individual, relationship, community, societal). "
            "What could a school or youth program do at that level?",
            "What is the difference between a risk factor and a cause? Why does it matter when we talk "
            "about groups of young people?",
        ),
        misconceptions=(
            (
                "Prevention means awareness campaigns.",
                "Raising awareness alone is not enough to prevent trafficking {cite:p}`rpc_scra_brief`; "
                "prevention acts at several levels at once, from individuals and relationships to "
                "communities and the societal level {cite:p}`cdc_sem`.",
            ),
            (
                "A young person with risk factors will be trafficked.",
                "Risk factors are associations measured across groups, such as the higher odds linked to a "
                "history of childhood sexual abuse in a meta-analysis {cite:p}`laird2020metaanalysis`. They "
                "do not predict what happens to an individual child, and labelling a child \"at risk\" can "
                "stigmatise.",
            ),
        ),
    ),
    4: LessonNotes(
        prompts=(
            "The identification lever produces the most \"rescues\" in the model. Why is that not the "
            "same as doing the most good?",
            "Which assumption of the model would you most want evidence on before using it to argue for a "
            "budget, and why?",
        ),
        misconceptions=(
            (
                "The model's outputs are estimates of real children.",
                "The model is illustrative: its structure and parameters are teaching assumptions, and its "
                "outputs are comparisons between scenarios, not counts (see the lesson's caveats and "
                "[About the models](about-models.md)).",
            ),
            (
                "The lesson says rescue is bad.",
                "No. In the model, identification helps every child who is found. The point is that on its "
                "own it leaves first-time exploitation unchanged, so it cannot be the whole response.",
            ),
        ),
    ),
    5: LessonNotes(
        prompts=(
            "If the best split of the budget changes when an uncertain parameter changes, what should a "
            "funder do?",
            "What evidence would make you move money from one lever to another?",
        ),
        misconceptions=(
            (
                "The model's best split is what a community should spend.",
                "The best split depends on the model's assumptions, which are illustrative. It shows how to "
                "reason about trade-offs under uncertainty, not a recommendation for a real budget.",
            ),
            (
                "Uncertainty bands show the range of real outcomes.",
                "They show the spread of the model's outputs when its assumed parameters vary over assumed "
                "ranges; they say nothing about uncertainty the model leaves out.",
            ),
        ),
    ),
    6: LessonNotes(
        prompts=(
            "Why might the certainty of being caught matter more to a would-be offender than the length of "
            "the sentence?",
            "What changes for a young person when the law treats them as a victim rather than an offender?",
        ),
        misconceptions=(
            (
                "Longer sentences are the best way to deter traffickers.",
                "Deterrence research finds that the certainty of being caught deters more than the severity "
                "of punishment, and that lengthening already long sentences adds little deterrence "
                "{cite:p}`nagin2013deterrence,nagin_reforming`.",
            ),
            (
                "Children who are sexually exploited for money are offenders.",
                "Under federal law they are victims of sex trafficking {cite:p}`usc22_7102`. Safe Harbor laws "
                "aim to treat sexually exploited minors as victims rather than offenders and route them to "
                "services {cite:p}`hhs_safeharbor`.",
            ),
        ),
    ),
    7: LessonNotes(
        prompts=(
            "Which indicators in the lesson could also have an innocent explanation? What does that mean "
            "for how we respond?",
            "Who would you contact, in your own role, if you were worried about a young person? (Answer "
            "with roles and services, never with a real case.)",
        ),
        misconceptions=(
            (
                "If I see signs of trafficking I should step in or confront the person.",
                "Do not confront a suspected trafficker or attempt a rescue: report what you saw to the "
                "hotline, the CyberTipline or law enforcement, and call 911 in an emergency "
                "{cite:p}`texasag_report,dhs2022report`.",
            ),
            (
                "Victims will ask for help when they are in public.",
                "Trafficking is often a hidden crime, and many victims do not seek help in public "
                "{cite:p}`dhs2019myths`.",
            ),
            (
                "A screening tool or checklist can tell us who is a victim.",
                "Screens are for deciding who needs a careful assessment, not for labelling: in one emergency "
                "department study only about one in five positive screens was a true positive "
                "{cite:p}`pediatrics2021escreen`.",
            ),
            (
                "Sharing viral posts about trafficking helps.",
                "In 2020, hundreds of reports about a viral conspiracy theory reached the hotline with no new "
                "information and made it harder to help people in need {cite:p}`polaris2020wayfair`.",
            ),
        ),
    ),
    8: LessonNotes(
        prompts=(
            "A program reports that participants know more about trafficking after it. What would you "
            "still want to know before calling it effective?",
            "What is one upstream change your community could make, and how would you know if it worked?",
        ),
        misconceptions=(
            (
                "If participants learned a lot, the program prevents trafficking.",
                "Knowledge and awareness are not the same as less victimisation; awareness alone is not "
                "enough to prevent trafficking {cite:p}`rpc_scra_brief`. Ask what outcome was measured.",
            ),
            (
                "There is a proven national model we can simply copy.",
                "In 2013 the National Academies found no well-established evidence base for virtually every "
                "aspect of the field {cite:p}`iomnrc2013confronting`, and we found no evaluation since that "
                "measured victimisation: plan to evaluate what you do.",
            ),
        ),
    ),
}

#: Knowledge-check questions; the guide shows those for lessons that exist.
KNOWLEDGE_CHECK: tuple[Question, ...] = (
    Question(1, "True or false: under federal law, a 16-year-old induced into a commercial sex act is a victim "
             "of sex trafficking only if force, fraud or coercion can be proved.",
             "False. For a person under 18, no proof of force, fraud or coercion is needed {cite:p}`usc22_7102`."),
    Question(1, "True or false: most exploited children are kidnapped by strangers.",
             "False. Stranger kidnappings are rare {cite:p}`finkelhor2002nismart`; in global data on identified "
             "child victims, about two-thirds of recruitment involved a family member, intimate partner or "
             "friend {cite:p}`ctdc2017family`."),
    Question(2, "Does the number of situations reported to the National Human Trafficking Hotline measure how many "
             "children are trafficked?",
             "No. It counts what was reported to the hotline, not prevalence {cite:p}`polaris2019hotline2018`."),
    Question(3, "Name the four levels of the social-ecological model.",
             "Individual, relationship, community and societal {cite:p}`cdc_sem`."),
    Question(4, "In the lesson's model, which lever produces the most identifications, and what does it do to "
             "first-time exploitations?",
             "Identification; it leaves first-time exploitations unchanged (and raises re-exploitation), because "
             "it acts only after a child is exploited."),
    Question(4, "True or false: the model in lesson 4 estimates how many children are exploited in a real "
             "community.",
             "False. It is illustrative; its outputs compare scenarios under stated assumptions."),
    Question(5, "Why can a mixed budget beat spending everything on one lever in the model?",
             "Because each lever has diminishing returns, the first dollars on each lever buy more than the last "
             "dollars on any one lever."),
    Question(6, "Which deters crime more, the certainty of being caught or the severity of the sentence?",
             "Certainty {cite:p}`nagin2013deterrence`."),
    Question(7, "You suspect a child is being trafficked. Should you confront the person you suspect?",
             "No. Report to the hotline, the CyberTipline or law enforcement, and call 911 in an emergency "
             "{cite:p}`texasag_report,dhs2022report`."),
    Question(7, "What number do you call or text to reach the National Human Trafficking Hotline?",
             "Call 1-888-373-7888 or text 233733 {cite:p}`hotline_contact,wickedlocal2017`."),
    Question(8, "A program raised participants' knowledge. Has it been shown to prevent trafficking?",
             "Not by that alone: awareness is not enough {cite:p}`rpc_scra_brief`; ask whether victimisation "
             "itself was measured."),
)

_ROLE = re.compile(r"\{cite:[pt]\}`([^`]+)`")
_ANY_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^`]*>)?`")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\.md\)")


def plain_text(markdown: str) -> str:
    """Markdown without MyST roles: citations become ``[key]``, other roles their text,
    and links to book pages their text (for notebooks and terminals)."""
    text = _ROLE.sub(lambda m: "[" + ", ".join(k.strip() for k in m.group(1).split(",")) + "]", markdown)
    text = _ANY_ROLE.sub(lambda m: m.group(1), text)
    return _LINK.sub(lambda m: m.group(1), text)


def lesson_timings(lesson: Lesson) -> list[tuple[int, int, str, bool]]:
    """``(start, minutes, title, live_demo)`` for each section, start in minutes from the lesson start."""
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
        lines += [f"**Instructor notes: lesson {lesson.number}. {lesson.title}**", "",
                  "This cell is in the instructor copy only (made by `upstream export --instructor`).", ""]
    pre = ", ".join(str(p) for p in lesson.prerequisites) or "none"
    lines += [f"**Time:** {lesson.minutes} minutes. **Priority:** {lesson.priority} "
              f"(1 = essential in the shortest workshop). **Prerequisites:** {pre}.", ""]
    lines += ["| Start | Minutes | Section | Run live? |", "|---:|---:|---|---|"]
    for start, minutes, title, live in lesson_timings(lesson):
        lines.append(f"| {start} | {minutes} | {title} | {'**yes, demo live**' if live else ''} |")
    demos = [s.title for s in lesson.sections if s.live_demo]
    lines += ["", "**Demonstrate live:** " + ("; ".join(demos) if demos else "nothing; the static pages are enough") + "."]
    if notes is not None:
        lines += ["", "### Discussion prompts", ""]
        lines += [f"- {p}" for p in notes.prompts]
        lines += ["", "### Common misconceptions and how to answer them", ""]
        for belief, answer in notes.misconceptions:
            lines.append(f"- *\"{belief}\"* {answer}")
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
    from .export import exercises, load_notebook

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
    from .export import exercises, load_notebook

    numbers = exercise_numbers(root, lessons)
    parts = []
    for lesson in _lessons(lessons):
        nb = load_notebook(Path(root) / lesson.path)
        parts += [f"## Lesson {lesson.number}. {lesson.title}", ""]
        for k, ex in enumerate(exercises(nb), 1):
            parts += [f"**Exercise {numbers[ex.label]}** (lesson {lesson.number}, no. {k}; "
                      f"{{ref}}`open it in the lesson <{ex.label}>`)", ""]
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
