"""Student and instructor copies say only what they contain.

A student copy (``upstream export --student``) has no solutions, so it must
never point to one ("No Python? Open the solution ...", "the solution's
function ..."). An instructor copy keeps every solution and opens with the
lesson's facilitation notes. Both are checked on the copies the command line
writes, for every lesson.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import NOTEBOOKS, ROOT
from upstream.course.export import student_notebook
from upstream.course.instructor import NOTES
from upstream.course.lessons import LESSONS
from upstream.course.notebooks import exercises

SOLUTION_WORD = re.compile(r"\bsolutions?\b|\bsolution's\b", re.I)


def _source(cell) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """Run the CLI as an instructor would: one folder of student copies, one of instructor copies."""
    out = tmp_path_factory.mktemp("copies")
    env_path = str(ROOT / "src")
    for kind in ("student", "instructor"):
        proc = subprocess.run(
            [sys.executable, "-m", "upstream", "export", f"--{kind}", str(out / kind)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
        )
        assert proc.returncode == 0, proc.stderr
    return out


def _lesson_notebook(number: int):
    path = next(p for p in NOTEBOOKS if p.name.startswith(f"lesson-{number:02d}"))
    return path, json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: f"lesson-{l.number}")
def test_student_copy_never_refers_to_a_solution(copies, lesson):
    path, source = _lesson_notebook(lesson.number)
    copy = json.loads((copies / "student" / path.name).read_text(encoding="utf-8"))
    text = "\n".join(_source(c) for c in copy["cells"] if c["cell_type"] == "markdown")
    mentions = [m.group(0) for m in re.finditer(r"[^\n]*(?:" + SOLUTION_WORD.pattern + r")[^\n]*", text, re.I)]
    assert not mentions, f"{path.name}: the student copy refers to solutions it does not have: {mentions}"
    assert "No Python?" not in text
    # every exercise is still there, and no solution code
    labels = [e.label for e in exercises(source)]
    assert labels and all(f":label: {label}" in text for label in labels), f"{path.name}: an exercise went missing"
    solution_code = {part for e in exercises(source) for kind, part in e.solution if kind == "code"}
    kept_code = {_source(c).strip("\n") for c in copy["cells"] if c["cell_type"] == "code"}
    assert not solution_code & kept_code, f"{path.name}: solution code left in the student copy"


def test_the_source_notebooks_do_point_readers_to_solutions():
    """So the check above is not empty: the book's notebooks carry such notes."""
    notes = sum(
        _source(c).count("No Python? Open the solution")
        for p in NOTEBOOKS
        for c in json.loads(p.read_text(encoding="utf-8"))["cells"]
    )
    assert notes >= 5, notes


def test_student_copy_drops_only_the_note_that_points_to_a_solution():
    nb = {
        "cells": [
            {
                "cell_type": "markdown",
                "id": "a",
                "metadata": {},
                "source": (
                    ":::{exercise}\n:label: ex-a\n\nPrompt A.\n\nNo Python? Open the solution, read its printed\nresult, "
                    "and answer in your own words.\n:::\n\n:::{solution-start} ex-a\n:class: dropdown\n:::"
                ),
            },
            {
                "cell_type": "code",
                "id": "b",
                "metadata": {},
                "source": "print(1)",
                "outputs": [],
                "execution_count": None,
            },
            {
                "cell_type": "markdown",
                "id": "c",
                "metadata": {},
                "source": ":::{solution-end}\n:::\n\nNo Python is needed here.",
            },
        ]
    }
    out = student_notebook(nb)
    assert [c["id"] for c in out["cells"]] == ["a", "c"]
    assert out["cells"][0]["source"] == ":::{exercise}\n:label: ex-a\n\nPrompt A.\n:::"
    assert out["cells"][1]["source"] == "No Python is needed here."


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: f"lesson-{l.number}")
def test_instructor_copy_carries_facilitation_notes_and_every_solution(copies, lesson):
    path, source = _lesson_notebook(lesson.number)
    copy = json.loads((copies / "instructor" / path.name).read_text(encoding="utf-8"))
    first = copy["cells"][0]
    notes = _source(first)
    assert first["cell_type"] == "markdown" and "instructor-notes" in first["metadata"].get("tags", [])
    assert f"Instructor notes: lesson {lesson.number}. {lesson.title}" in notes
    assert f"{lesson.minutes} minutes" in notes
    for section in lesson.sections:
        assert section.title in notes, f"{path.name}: the timing of section {section.title!r} is not in the notes"
    if lesson.number in NOTES:
        for prompt in NOTES[lesson.number].prompts:
            assert prompt.split("\n")[0][:40] in notes, f"{path.name}: a discussion prompt is missing"
    assert exercises(copy) == exercises(source), f"{path.name}: the instructor copy lost a solution"
    assert [c.get("id") for c in copy["cells"][1:]] == [c.get("id") for c in source["cells"]]
    assert all(not c.get("outputs") for c in copy["cells"] if c["cell_type"] == "code")
