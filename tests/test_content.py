"""Lesson content files: valid on load, and a broken file is refused with the file, the field and
what is expected (src/upstream/content/, described in its README.md)."""

from __future__ import annotations

import copy
import re

import pytest

from conftest import ROOT
from upstream import content
from upstream.course.lessons import LESSONS
from upstream.models import EXAMPLE_PLAN, SCREENING_STUDIES, check_plan

CONTENT = ROOT / "src" / "upstream" / "content"


def test_every_lesson_file_loads_in_order_and_matches_its_notebook_name():
    data = content.lessons()
    files = sorted(p.name for p in CONTENT.glob("lesson-*.yml"))
    assert [f"lesson-{d['number']:02d}.yml" for d in data] == files
    assert [d["number"] for d in data] == list(range(1, len(files) + 1))
    for d in data:
        assert (ROOT / "notebooks" / f"{d['slug']}.ipynb").is_file(), f"{d['slug']}: no such notebook"
    assert [lesson.number for lesson in LESSONS] == [d["number"] for d in data]


def test_lessons_returns_copies_callers_cannot_corrupt():
    first = content.lessons()
    first[0]["title"] = "changed"
    first[0]["sections"].clear()
    again = content.lessons()
    assert again[0]["title"] != "changed" and again[0]["sections"]


@pytest.fixture
def lesson3():
    return copy.deepcopy(content.lessons()[2])


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda d: d["sections"][2].__setitem__("minutes", "ten"),
            r"^lesson-03\.yml: field sections\[2\]\.minutes: must be integer \(workshop minutes, a whole number >= 1\)$",
        ),
        (lambda d: d.__setitem__("priority", 7), r"^lesson-03\.yml: field priority: must be one of \[1, 2, 3\]"),
        (lambda d: d.pop("title"), r"^lesson-03\.yml: field \(top level\): must contain \['title'\]"),
        (
            lambda d: d["misconceptions"][0].__setitem__("belive", "typo"),
            r"^lesson-03\.yml: field misconceptions\[0\]: must not contain \{'belive'\}",
        ),
        (
            lambda d: d.__setitem__("objectives", []),
            r"^lesson-03\.yml: field objectives: must contain at least 1 items",
        ),
    ],
)
def test_a_broken_lesson_names_the_file_the_field_and_what_is_expected(lesson3, change, message):
    change(lesson3)
    with pytest.raises(ValueError, match=message):
        content._check("lesson-03.yml", lesson3, "lesson")


def test_a_lesson_whose_number_disagrees_with_its_file_name_is_refused(monkeypatch, tmp_path):
    text = (CONTENT / "lesson-03.yml").read_text(encoding="utf-8")
    (tmp_path / "lesson-03.yml").write_text(text.replace("number: 3", "number: 4"), encoding="utf-8")
    (tmp_path / "lesson.schema.json").write_text((CONTENT / "lesson.schema.json").read_text(encoding="utf-8"))
    monkeypatch.setattr(content, "_files", lambda: tmp_path)
    content._lessons.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"^lesson-03\.yml: field number: must be 3, the number in the file name"):
            content.lessons()
        (tmp_path / "lesson-03.yml").write_text(text.replace("minutes: 5", "minutes: [5"), encoding="utf-8")
        with pytest.raises(ValueError, match=r"^lesson-03\.yml: not valid YAML"):
            content.lessons()
    finally:
        content._lessons.cache_clear()


def test_quiz_and_sorter_files_are_checked_against_their_schemas():
    bad = {
        "title": "t",
        "questions": [{"prompt": "p", "options": [{"text": "a", "correct": "yes", "feedback": "f"}] * 2}],
    }
    with pytest.raises(
        ValueError, match=r"^quiz_x\.json: field questions\[0\]\.options\[0\]\.correct: must be boolean"
    ):
        content._check("quiz_x.json", bad, "quiz")
    deck = {"d": {"title": "t", "categories": ["A"], "cards": [{"text": "x", "category": "A", "why": "w"}]}}
    with pytest.raises(ValueError, match=r"^sorter_x\.json: field d\.categories: must contain at least 2 items"):
        content._check("sorter_x.json", deck, "sorter")
    for name in ("quiz_lesson1", "sorter_lesson3", "sorter_lesson7"):
        assert content.load_json(name)


def test_unknown_or_unsafe_content_names_are_refused_with_the_valid_ones():
    with pytest.raises(
        ValueError, match=r"name must be one of quiz_lesson1, sorter_lesson3, sorter_lesson7; got 'nope'"
    ):
        content.load_json("nope")
    with pytest.raises(ValueError, match="plain file name"):
        content.load_json("../data/us_laws")
    with pytest.raises(ValueError, match=r"content file must be one of .*lesson-01\.yml"):
        content.load_yaml("lesson-99.yml", "lesson")


def test_screening_studies_and_the_example_plan_come_from_their_files():
    text = (CONTENT / "screening_studies.yml").read_text(encoding="utf-8")
    assert [s.key for s in SCREENING_STUDIES] == re.findall(r"^    key: (\S+)$", text, re.MULTILINE)
    development = SCREENING_STUDIES[0]
    # a case-control study: its cases/sample ratio is a design choice, never offered as a prevalence
    assert "sample_share: 25/108" in text and development.sample_share == 25 / 108
    assert development.prevalence is None
    assert all(0 <= s.sensitivity <= 1 and 0 <= s.specificity <= 1 for s in SCREENING_STUDIES)
    assert check_plan(EXAMPLE_PLAN)["name"] == EXAMPLE_PLAN["name"]
    assert EXAMPLE_PLAN["name"] in (CONTENT / "example_plan.yml").read_text(encoding="utf-8")


def test_every_content_file_has_a_schema_and_the_readme_describes_it():
    readme = (CONTENT / "README.md").read_text(encoding="utf-8")
    for schema in CONTENT.glob("*.schema.json"):
        assert f"`{schema.name}`" in readme, f"README.md does not describe {schema.name}"
    data_files = [p for p in CONTENT.iterdir() if p.suffix in (".yml", ".json") and ".schema." not in p.name]
    for p in data_files:
        kind = "lesson" if p.name.startswith("lesson-") else p.stem.split("_")[0] if p.suffix == ".json" else p.stem
        assert (CONTENT / f"{kind}.schema.json").is_file(), f"{p.name} has no schema"
