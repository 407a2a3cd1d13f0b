"""Instructor tools: agendas, student/instructor exports, links, handouts, the CLI.

Every test reads the lessons from upstream.course.lessons.LESSONS (or builds its own
fake lessons), so they keep holding as lessons are added.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, execute_notebook
from test_lessons import BANNED_RE
from upstream.course import agenda as ag
from upstream.course.agenda import FORMATS, plan, plan_weeks
from upstream.course.cli import main
from upstream.course.export import export, instructor_notebook, student_notebook
from upstream.course.handout import handout_html, handout_markdown, key_takeaways, support_from_data
from upstream.course.instructor import (
    KNOWLEDGE_CHECK,
    NOTES,
    answer_key_markdown,
    facilitation_markdown,
    knowledge_check_markdown,
)
from upstream.course.lessons import LESSONS, Lesson, Section
from upstream.course.links import binder_link, nbgitpuller_link
from upstream.course.markdown import plain_text
from upstream.course.notebooks import exercises, load_notebook

BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "book/references.bib").read_text(encoding="utf-8"), re.M))


def fake(number, priority, minutes, prereq=()):
    return Lesson(number, f"lesson-0{number}-x", f"Title {number}", priority, ("o",), (Section("s", minutes),), prereq)


#: eight lessons shaped like the outline (45-60 minutes, priorities, prerequisites)
FAKE = [
    fake(1, 1, 45),
    fake(2, 2, 50, (1,)),
    fake(3, 2, 45),
    fake(4, 1, 55),
    fake(5, 2, 50, (4,)),
    fake(6, 3, 45),
    fake(7, 1, 50),
    fake(8, 2, 60, (4, 5)),
]


# --------------------------------------------------------------------------- agenda


def check_agenda(a, lessons, before=(), weekly=False):
    """Invariants every agenda must satisfy (``before``: lessons taught in earlier sessions)."""
    by = {l.number: l for l in lessons}
    assert a.segments[0].kind == "opening" and a.segments[-1].kind == "closing"
    t = 0
    for s in a.segments:
        assert s.start == t and s.minutes > 0
        t = s.end
    assert t == a.minutes, "the agenda fills the session exactly"
    taught = a.lessons
    assert len(set(taught)) == len(taught)
    for i, n in enumerate(taught):
        assert all(p in taught[:i] or p in before for p in by[n].prerequisites), f"lesson {n} before its prerequisites"
        seg = next(s for s in a.segments if s.lesson == n)
        if seg.sections:  # only the lesson's core part
            part = [s for s in by[n].sections if s.title in seg.sections]
            assert [s.title for s in part] == list(seg.sections)
            # the core sections, grown by adjacent ones when the core alone is under
            # ag.MIN_LESSON_PART minutes (tests/test_agenda_rules.py)
            scheduled = [s for s in by[n].sections if not s.optional]
            assert all(s in part for s in scheduled if s.core) and all(s in scheduled for s in part)
            assert seg.minutes == sum(s.minutes for s in part)
        else:
            assert seg.minutes == by[n].minutes
    kinds = [s.kind for s in a.segments]
    if a.minutes <= ag.BREAKS_ABOVE:
        assert "break" not in kinds and "lunch" not in kinds
    else:
        stretch = 0
        for s in a.segments:
            if s.kind in {"break", "lunch"}:
                stretch = 0
            elif s.kind in {"opening", "lesson"}:
                stretch += s.minutes
                assert stretch <= max(ag.MAX_STRETCH, s.minutes), "too long without a break"
    if not weekly:
        assert set(taught) | {n for n, _ in a.left_out} == set(by), "every lesson is taught or listed as left out"


@pytest.mark.parametrize("minutes", [90, 240, 420])
def test_standard_formats_fit_with_the_real_lessons(minutes):
    a = plan(minutes)
    check_agenda(a, LESSONS)
    assert a.lessons, "at least one lesson"
    assert any(l.priority == 1 for l in LESSONS if l.number in a.lessons)


@pytest.mark.parametrize("minutes", [90, 240, 420, 480])
def test_formats_with_eight_lessons(minutes):
    a = plan(minutes, FAKE)
    check_agenda(a, FAKE)
    if minutes == 90:
        assert a.lessons == (1,) and "break" not in [s.kind for s in a.segments]
    if minutes >= 240:
        assert {1, 4, 7} <= set(a.lessons), "priority-1 lessons come first"
        assert "break" in [s.kind for s in a.segments]
    if minutes >= 360:
        assert [s.kind for s in a.segments].count("lunch") == 1


@pytest.mark.parametrize("minutes", [90, 240])
def test_short_formats_cover_every_priority_one_lesson(minutes):
    a = plan(minutes)
    check_agenda(a, LESSONS)
    assert {l.number for l in LESSONS if l.priority == 1} <= set(a.lessons), "whole or core"
    assert a.minutes == minutes == a.segments[-1].end


def test_awareness_session_teaches_how_to_respond():
    a = plan(FORMATS["awareness"])
    seg = next(s for s in a.segments if s.lesson == 7)
    assert "How to respond" in seg.sections and "How to respond" in seg.title
    assert seg.title.startswith(
        "Lesson 7. Recognising signs and responding well: Indicators and their limits; How to respond"
    )
    text = a.to_text()
    assert text.count("Not covered") == 1 and "Not scheduled" not in text
    assert "Not covered: lessons 2, 5, 6, 8 (see the half day, full day or multi-week plans)." in text


def test_core_parts_only_when_whole_lessons_do_not_cover_priority_one():
    def core(n, p, pre=()):
        return Lesson(n, f"l{n}", f"T{n}", p, ("o",), (Section("a", 20, core=True), Section("b", 30)), pre)

    lessons = [core(1, 1), core(2, 1, (1,)), core(3, 2)]
    short = plan(90, lessons)
    assert short.lessons == (1, 2) and all(s.sections == ("a",) for s in short.segments if s.kind == "lesson")
    assert "Lesson 2. T2: a" in [s.title for s in short.segments]
    check_agenda(short, lessons)
    long = plan(300, lessons)
    assert long.lessons == (1, 2, 3) and not any(s.sections for s in long.segments)
    check_agenda(long, lessons)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=75, max_value=ag.MAX_SESSION_MINUTES))
def test_any_length_with_the_real_lessons(minutes):
    check_agenda(plan(minutes), LESSONS)


def test_priority_pulls_in_prerequisites_first():
    lessons = [fake(1, 3, 45), fake(2, 3, 45), fake(3, 1, 45, (2,))]
    a = plan(120, lessons)
    assert a.lessons == (2, 3), "lesson 3 (priority 1) brings its prerequisite 2 before it"
    check_agenda(a, lessons)


def test_lesson_with_a_missing_prerequisite_is_left_out_with_a_reason():
    a = plan(240, [fake(1, 1, 45), fake(5, 1, 45, (4,))])
    assert a.lessons == (1,)
    assert a.left_out == ((5, "prerequisite lesson 4 is not available"),)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=75, max_value=ag.MAX_SESSION_MINUTES))
def test_any_valid_length_gives_a_consistent_agenda(minutes):
    check_agenda(plan(minutes, FAKE), FAKE)


@pytest.mark.parametrize("bad", [-5, 0, 30, 481, 10_000, 90.5, "90", None, True, float("nan")])
def test_bad_minutes_raise_a_clear_error(bad):
    # numbers only: a string, None or a bool is a TypeError, a bad number a ValueError
    expected = TypeError if isinstance(bad, (str, bool)) or bad is None else ValueError
    with pytest.raises(expected, match="minutes"):
        plan(bad, FAKE)


@pytest.mark.parametrize("weeks", [1, 3, 4, 8, 10])
def test_multi_week_plans(weeks):
    m = plan_weeks(weeks, 120, FAKE)
    assert len(m.weeks) == weeks
    earlier = []
    for week in m.weeks:
        check_agenda(week, FAKE, before=tuple(earlier), weekly=True)
        earlier += week.lessons
    taught = m.lessons
    assert sorted(taught) == sorted(set(taught))
    assert set(taught) | {n for n, _ in m.left_out} == {l.number for l in FAKE}
    if weeks >= 4:
        assert set(taught) >= {1, 4, 7}, "priority 1 first"
    if weeks >= 8:
        assert set(taught) >= {1, 2, 3, 4, 5, 7, 8}
    if weeks >= 8:
        assert len(taught) == 8 and all(len(w.lessons) <= 1 for w in m.weeks)


def test_multi_week_with_the_real_lessons_and_errors():
    m = plan_weeks(4)
    assert set(m.lessons) | {n for n, _ in m.left_out} == {l.number for l in LESSONS}
    for bad in (0, -1, 53, 2.5):
        with pytest.raises(ValueError, match="weeks"):
            plan_weeks(bad)
    with pytest.raises(TypeError, match="weeks"):  # numbers only
        plan_weeks("x")
    with pytest.raises(ValueError, match="session minutes"):
        plan_weeks(4, 30)


def test_agenda_markdown_and_text_show_every_segment():
    a = plan(240, FAKE)
    md, text = a.to_markdown(), a.to_text()
    for s in a.segments:
        assert s.title in md.replace("*", "") and s.title in text
    assert "4:00" in md and "240 min" in text


# --------------------------------------------------------------------------- export

SYNTHETIC = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {},
    "cells": [
        {
            "cell_type": "markdown",
            "id": "a",
            "metadata": {},
            "source": "# Lesson 9. Test\n\n:::{exercise}\n:label: ex-a\n\nPrompt A.\n:::\n\n"
            "::::{solution} ex-a\n:class: dropdown\n\nSECRET-A\n\n:::{note}\nnested SECRET-N\n:::\n::::\n\nAfter A.",
        },
        {
            "cell_type": "markdown",
            "id": "b",
            "metadata": {},
            "source": "```{exercise}\n:label: ex-b\n\nPrompt B.\n```\n\n```{solution} ex-b\n:class: dropdown\nSECRET-B\n```",
        },
        {
            "cell_type": "markdown",
            "id": "c",
            "metadata": {},
            "source": ":::{exercise}\n:label: ex-c\nPrompt C.\n:::\n\n:::{solution-start} ex-c\n:class: dropdown\n:::\nSECRET-C1",
        },
        {
            "cell_type": "code",
            "id": "d",
            "metadata": {},
            "execution_count": 3,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": "x"}],
            "source": "secret_c = 'SECRET-C2'",
        },
        {
            "cell_type": "markdown",
            "id": "e",
            "metadata": {},
            "source": "SECRET-C3\n\n:::{solution-end}\n:::\n\n## Key takeaways\n\n- one",
        },
        {
            "cell_type": "code",
            "id": "f",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": "print('kept')",
        },
    ],
}


def test_student_copy_removes_every_kind_of_solution_and_keeps_prompts():
    out = student_notebook(SYNTHETIC)
    text = json.dumps(out)
    assert "SECRET" not in text and "{solution" not in text
    for prompt in ("Prompt A.", "Prompt B.", "Prompt C.", "After A.", "## Key takeaways", "print('kept')"):
        assert prompt in text
    assert [e.label for e in exercises(out)] == ["ex-a", "ex-b", "ex-c"]
    assert all(not e.solution for e in exercises(out))
    assert all(c.get("outputs") == [] for c in out["cells"] if c["cell_type"] == "code")
    assert "SECRET" in json.dumps(SYNTHETIC), "the source notebook is not modified"


def test_exercises_reads_prompts_and_solutions():
    exs = {e.label: e for e in exercises(SYNTHETIC)}
    assert exs["ex-a"].prompt == "Prompt A."
    assert "SECRET-A" in exs["ex-a"].solution[0][1] and "nested SECRET-N" in exs["ex-a"].solution[0][1]
    assert exs["ex-b"].solution == (("markdown", "SECRET-B"),)
    assert [k for k, _ in exs["ex-c"].solution] == ["markdown", "code", "markdown"]
    assert "SECRET-C2" in exs["ex-c"].solution[1][1]


def test_unclosed_solution_start_is_an_error():
    nb = {"cells": [{"cell_type": "markdown", "source": ":::{solution-start} x\n:::\nsecret"}]}
    with pytest.raises(ValueError, match="solution-end"):
        student_notebook(nb)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.slug)
def test_real_lessons_student_and_instructor_copies(lesson):
    nb = load_notebook(ROOT / lesson.path)
    exs = exercises(nb)
    assert len(exs) >= 2 and all(e.solution for e in exs), "every exercise has a solution to remove"
    student = student_notebook(nb)
    stext = "\n".join("".join(c["source"]) for c in student["cells"])
    assert "{solution" not in stext
    for e in exs:
        # intact, less the "No Python? Open the solution ..." note (tests/test_export_copies.py)
        assert e.prompt.split("\n\nNo Python?")[0] in stext, f"prompt of {e.label} kept intact"
        for _kind, body in e.solution:
            assert body not in stext, f"solution of {e.label} leaked"
    instr = instructor_notebook(nb, lesson)
    first = instr["cells"][0]["source"]
    for s in lesson.sections:
        assert s.title in first
    assert instr["cells"][1:] == nb["cells"] or all(
        a["source"] == b["source"] for a, b in zip(instr["cells"][1:], nb["cells"])
    )
    assert "{cite:" not in first, "plain Markdown for Jupyter"


def test_export_writes_never_overwrites_without_force(tmp_path):
    out = tmp_path / "student"
    written = export("student", out, root=ROOT)
    assert sorted(p.name for p in written) == sorted(f"{l.slug}.ipynb" for l in LESSONS)
    before = {p: p.read_text() for p in written}
    written[0].write_text("mine")
    with pytest.raises(ValueError, match="--force"):
        export("student", out, root=ROOT)
    assert written[0].read_text() == "mine", "an existing file is left alone"
    export("instructor", out, root=ROOT, force=True)
    assert written[0].read_text() != "mine"
    assert "Instructor notes" in written[0].read_text()
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temporary files left"
    assert set(before) == set(out.iterdir())


def test_export_errors(tmp_path):
    with pytest.raises(ValueError, match="kind"):
        export("teacher", tmp_path, root=ROOT)
    with pytest.raises(ValueError, match="lesson number"):
        export("student", tmp_path, root=ROOT, numbers=[99])
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValueError, match="not a folder"):
        export("student", tmp_path / "file", root=ROOT)


@pytest.mark.notebooks
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.slug)
def test_student_copy_still_executes(lesson, tmp_path, executed_notebooks):
    """The student copy runs: its code cells are the first code cells of the lesson, which ran
    cleanly in the session's one execution of the notebook. (If a solution ever sat between
    lesson cells, the copy is executed on its own instead.)"""
    import nbformat

    (path,) = export("student", tmp_path, root=ROOT, numbers=[lesson.number])
    student = nbformat.read(path, as_version=4)
    nbformat.validate(student)
    run = executed_notebooks[lesson.slug]
    ran = [(i, c) for i, c in enumerate(run.nb.cells) if c.cell_type == "code"]
    mine = [c for c in student.cells if c.cell_type == "code"]
    assert mine, f"{lesson.slug}: the student copy has no code cells"
    if [(c.get("id"), c.source) for _, c in ran[: len(mine)]] == [(c.get("id"), c.source) for c in mine]:
        last = ran[len(mine) - 1][0]
        assert run.error is None or run.error[0] > last, (
            f"{lesson.slug}: the student copy's cells raised in the session run: {run.error}"
        )
        assert all(c.execution_count for _, c in ran[: len(mine)] if c.source.strip())
    else:
        error = execute_notebook(student, ROOT / lesson.path)
        assert error is None, f"{lesson.slug}: the student copy raised {error}"


# --------------------------------------------------------------------------- facilitation notes


def test_every_lesson_has_facilitation_notes_and_knowledge_check():
    for lesson in LESSONS:
        assert lesson.number in NOTES, (
            f"lesson {lesson.number} has no discussion prompts in upstream.course.instructor.NOTES"
        )
        notes = NOTES[lesson.number]
        assert len(notes.prompts) >= 2 and len(notes.misconceptions) >= 2
        assert any(q.lesson == lesson.number for q in KNOWLEDGE_CHECK)


def test_facilitation_timings_come_from_the_metadata():
    lesson = LESSONS[0]
    md = facilitation_markdown(lesson)
    start = 0
    for s in lesson.sections:
        assert re.search(rf"\| {start} \| {s.minutes} \| {re.escape(s.title)} \|", md)
        start += s.minutes
    assert f"**Time:** {lesson.minutes} minutes" in md
    for s in lesson.sections:
        if s.live_demo:
            assert s.title in md.split("**Demonstrate live:**")[1].split("\n")[0]
    changed = Lesson(
        lesson.number,
        lesson.slug,
        lesson.title,
        lesson.priority,
        lesson.objectives,
        (Section("Only part", 33, live_demo=True),),
    )
    md2 = facilitation_markdown(changed)
    assert "| 0 | 33 | Only part |" in md2 and "33 minutes" in md2


def test_instructor_content_cites_known_keys_and_uses_safe_words():
    texts = [p for n in NOTES.values() for p in n.prompts]
    texts += [x for n in NOTES.values() for pair in n.misconceptions for x in pair]
    texts += [x for q in KNOWLEDGE_CHECK for x in (q.text, q.answer)]
    for text in texts:
        assert not BANNED_RE.search(text), text
        for keys in re.findall(r"\{cite:[pt]\}`([^`]+)`", text):
            for key in keys.split(","):
                assert key.strip() in BIB_KEYS, f"unknown citation key {key!r}"
    assert plain_text("a {cite:p}`x,y` b {ref}`text <lbl>`") == "a [x, y] b text"


def test_knowledge_check_lists_questions_for_existing_lessons():
    md = knowledge_check_markdown()
    numbers = {l.number for l in LESSONS}
    expected = [q for q in KNOWLEDGE_CHECK if q.lesson in numbers]
    assert md.count("**Answer:**") == len(expected) > 0
    assert "**Answer:**" not in knowledge_check_markdown(answers=False)


def test_answer_key_is_read_from_the_notebooks():
    md = answer_key_markdown(ROOT)
    for lesson in LESSONS:
        for e in exercises(load_notebook(ROOT / lesson.path)):
            assert f"<{e.label}>" in md
            for _kind, body in e.solution:
                assert body in md


def test_answer_key_numbers_exercises_as_the_book_does(tmp_path):
    from upstream.course.instructor import exercise_numbers

    numbers = exercise_numbers(ROOT)
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    md = answer_key_markdown(ROOT)
    n = 0
    for lesson in sorted(LESSONS, key=lambda l: l.number):  # lessons are in number order in the toc
        for k, e in enumerate(exercises(load_notebook(ROOT / lesson.path)), 1):
            n += 1
            assert numbers[e.label] == n
            assert f"**Exercise {n}** (lesson {lesson.number}, no. {k}; " in md
    assert not re.search(r"Exercise \d+\.\d+", md)
    # the order comes from the toc: put lesson 2 first and its exercises become 1..
    (tmp_path / "notebooks").mkdir()
    for l in LESSONS[:2]:
        (tmp_path / l.path).write_text((ROOT / l.path).read_text())
    (tmp_path / "_toc.yml").write_text(
        f"root: intro\nchapters:\n- file: {LESSONS[1].path[:-6]}\n- file: {LESSONS[0].path}\n"
    )
    swapped = exercise_numbers(tmp_path, LESSONS[:2])
    first2 = exercises(load_notebook(ROOT / LESSONS[1].path))[0].label
    assert swapped[first2] == 1


# --------------------------------------------------------------------------- links


def test_nbgitpuller_link():
    lesson = LESSONS[0]
    link = nbgitpuller_link("https://hub.example.edu/", "https://github.com/owner/upstream.git", "main", lesson)
    parts = urlsplit(link)
    assert link.startswith("https://hub.example.edu/hub/user-redirect/git-pull?")
    q = parse_qs(parts.query)
    assert q["repo"] == ["https://github.com/owner/upstream.git"]
    assert q["branch"] == ["main"]
    assert q["urlpath"] == [f"lab/tree/upstream/{lesson.path}"]


def test_binder_link():
    lesson = LESSONS[0]
    link = binder_link("https://github.com/owner/upstream", "dev", lesson)
    assert link.startswith("https://mybinder.org/v2/gh/owner/upstream/dev?urlpath=")
    assert unquote(link.split("urlpath=")[1]) == f"lab/tree/{lesson.path}"


@pytest.mark.parametrize(
    "hub, repo, branch",
    [
        ("hub.example.edu", "https://github.com/o/r", "main"),
        ("https://hub.example.edu", "not a url", "main"),
        ("https://hub.example.edu", "https://github.com/o/r", "bad branch"),
        ("https://hub.example.edu", "https://github.com/o/r", "../x"),
    ],
)
def test_bad_link_values_raise(hub, repo, branch):
    with pytest.raises(ValueError):
        nbgitpuller_link(hub, repo, branch, LESSONS[0])


def test_binder_needs_a_github_repository():
    with pytest.raises(ValueError, match="GitHub"):
        binder_link("https://gitlab.com/o/r", "main", LESSONS[0])


# --------------------------------------------------------------------------- handouts


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.slug)
def test_handout_holds_the_takeaways_and_support(lesson):
    takeaways = key_takeaways(load_notebook(ROOT / lesson.path))
    md = handout_markdown(lesson, ROOT)
    for t in takeaways:
        assert re.sub(r"NCMEC('s)?", "NCMEC", t).replace("NCMEC", "") in md.replace(
            "NCMEC (National Center for Missing & Exploited Children)", ""
        ).replace("NCMEC", "")
    for needle in ("1-888-373-7888", "233733", "988", "911", "report.cybertip.org"):
        assert needle in md
    assert "{cite" not in md and "](" not in md
    assert len(md.split()) < 600, "fits one printed page"
    from bs4 import BeautifulSoup

    html = handout_html(lesson, ROOT)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.title and soup.find("h1").get_text().startswith(f"Lesson {lesson.number}.")
    assert len(soup.select("main > ul li")) == len(takeaways)
    assert "@page" in soup.style.get_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "loads nothing from other hosts"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.slug)
def test_handout_spells_out_ncmec_at_first_use(lesson):
    md = handout_markdown(lesson, ROOT)
    first = md.index("NCMEC")
    assert md[first:].startswith("NCMEC (National Center for Missing & Exploited Children)")
    assert md.count("National Center for Missing") == 1
    html = handout_html(lesson, ROOT)
    assert "NCMEC (National Center for Missing &amp; Exploited Children)" in html


def test_handout_support_comes_from_the_data_file():
    from upstream.course.support import load_support

    ((heading, items),) = support_from_data()
    data = load_support()
    listed = [r for g in data.groups for r in (data.resource(i) for i in g.resources) if r.handout]
    assert heading == "" and len(items) == len(listed) + 1, "one line per handout resource, then the pointer"
    for r, item in zip(listed, items):
        assert item.startswith(f"**{r.name}**") and all(c.label in item for c in r.contacts)
    assert "If this is happening to you" in items[-1]


@pytest.mark.browser
def test_handout_prints_on_one_page(tmp_path):
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS, require_chromium

    require_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for lesson in LESSONS:
                page.set_content(handout_html(lesson, ROOT))
                for fmt in ("Letter", "A4"):
                    pdf = page.pdf(format=fmt, print_background=True)
                    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
                    assert pages == 1, f"lesson {lesson.number} handout prints on {pages} {fmt} pages"
        finally:
            browser.close()


# --------------------------------------------------------------------------- CLI


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "upstream", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_cli_help_in_a_subprocess():
    proc = run_cli("--help")
    assert proc.returncode == 0 and "examples:" in proc.stdout
    for cmd in ("agenda", "export", "links", "handout"):
        assert cmd in proc.stdout
        sub = run_cli(cmd, "--help")
        assert sub.returncode == 0 and "example" in sub.stdout and f"upstream {cmd}" in sub.stdout


def test_console_script_is_installed():
    import shutil

    exe = shutil.which("upstream", path=str(Path(sys.executable).parent))
    assert exe, "pip install -e . creates the 'upstream' command"
    proc = subprocess.run([exe, "agenda", "--minutes", "90"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0 and "total" in proc.stdout


def run_cli_in_process(*args) -> tuple[int, str, str]:
    """``main(args)`` as the console script runs it: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    return main(list(args), stdout=out, stderr=err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("minutes", ["90", "240", "420"])
def test_cli_agenda_matches_the_function(minutes):
    status, stdout, _ = run_cli_in_process("agenda", "--minutes", minutes)
    assert status == 0
    assert stdout == plan(int(minutes)).to_text() + "\n"


@pytest.mark.parametrize(
    "args, status, words",
    [
        (("agenda", "--minutes", "x"), 2, "invalid int"),
        (("agenda", "--minutes", "-5"), 2, "minutes"),
        (("agenda", "--minutes", "20"), 2, "no format fits"),
        (("agenda",), 2, "--minutes"),
        (("agenda", "--weeks", "0"), 2, "in the range [1, 52] weeks"),
        (("agenda", "--format", "week"), 2, "invalid choice"),
        (("agenda", "--minutes", "90", "--bogus"), 2, "unrecognized"),
        (("frobnicate",), 2, "invalid choice"),
        (("export",), 2, "--student"),
        (("export", "--student", "x", "--root", "/no/such/folder"), 2, "not a folder"),
        (("links", "--hub", "https://hub.example.edu"), 2, "--repo"),
        (("links", "--binder", "--repo", "https://gitlab.com/o/r"), 2, "GitHub"),
        (("handout", "99"), 2, "lesson number"),
        (("handout", "four"), 2, "invalid int"),
    ],
)
def test_cli_errors_are_one_line_without_traceback(args, status, words):
    code, stdout, stderr = run_cli_in_process(*args)
    assert code == status, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert words in lines[0] and "Traceback" not in stderr and not stdout


def test_cli_error_in_a_subprocess_is_one_line_and_status_2():
    """The console script's process as a shell sees it (the cases above run ``main`` in this process)."""
    proc = run_cli("agenda", "--minutes", "x")
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "invalid int" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_cli_in_process(tmp_path, capsys):
    out, err = io.StringIO(), io.StringIO()
    assert main(["agenda", "--format", "half-day", "--markdown"], stdout=out, stderr=err) == 0
    assert out.getvalue() == plan(FORMATS["half-day"]).to_markdown() + "\n"
    out = io.StringIO()
    assert main(["agenda", "--weeks", "3"], stdout=out, stderr=err) == 0
    assert out.getvalue().count("Week ") == 3
    out = io.StringIO()
    assert main(["links", "--binder", "--repo", "https://github.com/o/upstream", "--branch", "main"], stdout=out) == 0
    assert out.getvalue().count("https://mybinder.org/v2/gh/o/upstream/main?urlpath=") == len(LESSONS)
    target = tmp_path / "stu"
    assert main(["export", "--student", str(target), "--root", str(ROOT)], stdout=io.StringIO()) == 0
    err = io.StringIO()
    assert main(["export", "--student", str(target), "--root", str(ROOT)], stdout=io.StringIO(), stderr=err) == 1
    assert "--force" in err.getvalue()
    assert main(["export", "--student", str(target), "--root", str(ROOT), "--force"], stdout=io.StringIO()) == 0
    lesson = LESSONS[0]
    html = tmp_path / "h.html"
    assert (
        main(["handout", str(lesson.number), "--html", "-o", str(html), "--root", str(ROOT)], stdout=io.StringIO()) == 0
    )
    assert html.read_text().startswith("<!DOCTYPE html>")
    err = io.StringIO()
    assert (
        main(["handout", str(lesson.number), "-o", str(html), "--root", str(ROOT)], stdout=io.StringIO(), stderr=err)
        == 1
    )
    assert "exists" in err.getvalue()
    assert main(["--help"]) == 0
    assert "upstream" in capsys.readouterr().out
