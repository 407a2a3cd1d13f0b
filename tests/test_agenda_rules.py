"""Agendas an instructor would accept (issue 17): the rules, pinned on the real lessons."""

from __future__ import annotations

import pytest

from upstream.course import agenda as ag
from upstream.course.agenda import plan, plan_weeks
from upstream.course.lessons import LESSONS

ALL = {l.number for l in LESSONS}


@pytest.mark.parametrize("minutes", [90, 120, 180, 240, 300, 420, 480])
def test_no_lesson_part_under_ten_minutes_unless_marked_a_quick_check(minutes):
    for s in plan(minutes).segments:
        if s.kind == "lesson" and s.minutes < ag.MIN_LESSON_PART:
            assert s.quick_check and "(quick check)" in s.title, f"{minutes} min: {s.title} is {s.minutes} min"
        if s.kind == "lesson" and s.quick_check:
            assert s.minutes < ag.MIN_LESSON_PART


def test_a_short_core_part_grows_when_the_session_has_room():
    # the half day has no room (lesson 4's core stays a marked quick check) ...
    half = next(s for s in plan(240).segments if s.lesson == 4)
    assert half.minutes >= ag.MIN_LESSON_PART or half.quick_check
    # ... a session 10 minutes shorter than the awareness one has none either, and
    # somewhere between, lesson 4's part grows past 10 minutes by its next section
    grown = [
        m
        for m in range(90, 240, 5)
        if any(s.lesson == 4 and s.sections and s.minutes >= ag.MIN_LESSON_PART for s in plan(m).segments)
    ]
    assert grown, "lesson 4's five-minute core part never grows"


@pytest.mark.parametrize("minutes", [90, 120, 240, 300, 420, 480])
def test_discussion_is_planned_around_lessons_not_as_filler(minutes):
    a = plan(minutes)
    for s in a.segments:
        if s.kind == "discussion":
            assert s.minutes >= ag.MIN_DISCUSSION, f"{minutes} min: a {s.minutes}-minute filler slot"
            assert "lesson" in s.title and "prompts" in s.title, s.title
    assert ag.DISCUSSION not in [s.title for s in a.segments], "a bare 'Discussion and questions' slot"


@pytest.mark.parametrize("weeks", [2, 4, 6, 8, 10])
def test_multi_week_knowledge_check_before_the_first_session_and_after_the_last(weeks):
    m = plan_weeks(weeks)
    openings = [w.segments[0].title for w in m.weeks]
    closings = [w.segments[-1].title for w in m.weeks]
    assert "knowledge check (before)" in openings[0]
    assert "knowledge check (after)" in closings[-1]
    assert not any("knowledge check" in t for t in openings[1:]), openings
    assert not any("knowledge check" in t for t in closings[:-1]), closings


@pytest.mark.parametrize("weeks", [2, 4, 6, 7, 8, 10])
def test_multi_week_plan_covers_every_lesson_or_says_which_and_why(weeks):
    m = plan_weeks(weeks)
    covered = set(m.lessons)
    left = {n for n, _ in m.left_out}
    assert covered | left == ALL and not covered & left
    text = m.to_text()
    for n, why in m.left_out:
        assert why and f"{n}" in text and why in text
        if why.startswith("whole lessons do not fit"):
            assert "would fit every lesson" in why, why
    if weeks >= 8:
        assert covered == ALL, f"{weeks} weeks leave out {sorted(left)}"


def test_six_weeks_cover_every_lesson_cutting_one_between_weeks():
    """Six two-hour weeks hold every lesson once a lesson may run over two weeks,
    cut between its sections; the capstone (lesson 8) is taught."""
    m = plan_weeks(6)
    assert set(m.lessons) == ALL and not m.left_out
    parts = [s for w in m.weeks for s in w.segments if s.kind == "lesson" and s.sections]
    assert len(parts) <= 2, "at most one lesson is cut"
    for s in parts:
        assert s.minutes >= ag.MIN_LESSON_PART, s.title
    for w in m.weeks:
        for s in w.segments:
            if s.kind == "discussion":
                assert s.minutes >= ag.MIN_DISCUSSION and "lesson" in s.title


@pytest.mark.parametrize("weeks", [2, 3, 4, 5])
def test_too_few_weeks_say_which_lessons_are_left_out_and_what_would_fit(weeks):
    m = plan_weeks(weeks)
    if m.left_out:
        assert all("would fit every lesson" in why for _, why in m.left_out), m.left_out


@pytest.mark.parametrize("minutes", list(range(121, 481, 7)))
def test_discussion_never_makes_a_stretch_without_a_break_too_long(minutes):
    a = plan(minutes)
    stretch = 0
    for s in a.segments:
        stretch = 0 if s.kind in {"break", "lunch"} else stretch + s.minutes
        if s.kind in {"opening", "lesson", "discussion"}:
            assert stretch <= max(ag.MAX_STRETCH, s.minutes), (
                f"{minutes} min: {stretch} min without a break at {s.title}"
            )
