"""Workshop agendas generated from the lesson metadata (:data:`upstream.lessons.LESSONS`).

One function plans a single session, :func:`plan`; another plans a multi-week
module, :func:`plan_weeks`. Both choose whole lessons by priority (1 first),
always schedule a lesson's prerequisites before it, and lay the session out with
an opening segment (welcome, ground rules, content note, support resources and
the knowledge check before), a closing segment (takeaways, the knowledge check
after, where to find support) and breaks.

When whole lessons cannot cover every priority-1 lesson in a single session,
:func:`plan` teaches the core sections (:attr:`upstream.lessons.Section.core`) of
the priority-1 lessons instead, in lesson order, then turns core parts back into
whole lessons (and adds further lessons) while the time allows.
The CLI (``upstream agenda``) and the instructor guide's agenda page both print
these plans, so the two cannot drift apart.

Timing rules (minutes):

- opening 13 and closing 10 in sessions up to 120 minutes, opening 18 and closing 15
  in longer ones (the opening includes the knowledge check before);
- in sessions over 120 minutes, a 15-minute break about every 90 minutes, so that
  no stretch without a break runs over 105 minutes; in sessions of 360 minutes or more, the break
  nearest the middle is a 45-minute lunch;
- a lesson (or its core part) is never split by a break;
- no lesson part shorter than :data:`MIN_LESSON_PART` minutes unless it is marked as a quick
  check (``Segment.quick_check``, "(quick check)" in its title);
- time left over is planned as discussion of the lessons just taught (their prompts are in the
  instructor notes) when there are at least :data:`MIN_DISCUSSION` minutes of it; less than that
  goes to the closing's questions, so the agenda always fills the session without filler slots;
- in a multi-week module the knowledge check is given before the first session and after the
  last; the weeks in between open with a short recap and close with the takeaways.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .._validate import check_positive_int
from .lessons import LESSONS, Lesson

__all__ = [
    "FORMATS",
    "MAX_SESSION_MINUTES",
    "Agenda",
    "ModulePlan",
    "Segment",
    "core_sections",
    "plan",
    "plan_weeks",
]

#: Named workshop formats and their length in minutes.
FORMATS: dict[str, int] = {"awareness": 90, "half-day": 240, "full-day": 420}

#: Longest single session planned; longer courses are multi-week modules.
MAX_SESSION_MINUTES = 480

#: Longest stretch of teaching without a break, in sessions that have breaks
#: (with 45-60 minute lessons, breaks fall about every 90 minutes).
MAX_STRETCH = 105
BREAK_MINUTES = 15
LUNCH_MINUTES = 45
#: Sessions longer than this have breaks.
BREAKS_ABOVE = 120
#: Sessions at least this long have a lunch break.
LUNCH_FROM = 360
#: Default length of one weekly session in a multi-week module.
WEEKLY_SESSION_MINUTES = 120
MAX_WEEKS = 52

OPENING = "Welcome, ground rules, content note, support resources and knowledge check (before)"
CLOSING = "Key takeaways, knowledge check (after) and where to find support"
#: Opening and closing of the weeks of a module between its first and last session.
WEEKLY_OPENING = (5, "Welcome back: recap of last week, content note and support resources")
WEEKLY_CLOSING = (5, "Key takeaways and where to find support")
#: Shortest lesson part in an agenda; a shorter core part is marked as a quick check.
MIN_LESSON_PART = 10
#: Shortest discussion segment; less time left over goes to the closing's questions.
MIN_DISCUSSION = 10
#: Reason given for lessons that do not fit a single session.
NO_FIT = "does not fit in the time"
NO_FIT_WEEKS = "does not fit in the weeks"
DISCUSSION = "Discussion and questions"


@dataclass(frozen=True)
class Segment:
    """One timed part of a session.

    Attributes
    ----------
    start : minutes from the start of the session.
    minutes : length in minutes (> 0).
    kind : ``"opening"``, ``"lesson"``, ``"break"``, ``"lunch"``, ``"discussion"`` or ``"closing"``.
    title : what happens.
    lesson : lesson number for ``kind == "lesson"``, else ``None``.
    sections : titles of the sections taught when only the lesson's core part is
        taught; empty for a whole lesson.
    quick_check : a lesson part shorter than :data:`MIN_LESSON_PART` minutes,
        marked "(quick check)" in its title.
    """

    start: int
    minutes: int
    kind: str
    title: str
    lesson: int | None = None
    sections: tuple[str, ...] = ()
    quick_check: bool = False

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass(frozen=True)
class Agenda:
    """A timed plan for one session.

    Attributes
    ----------
    minutes : session length in minutes; the segments fill it exactly.
    segments : the parts of the session in order.
    left_out : ``(lesson number, reason)`` for every lesson not scheduled.
    """

    minutes: int
    segments: tuple[Segment, ...]
    left_out: tuple[tuple[int, str], ...] = ()

    @property
    def lessons(self) -> tuple[int, ...]:
        """Numbers of the lessons taught, in teaching order."""
        return tuple(s.lesson for s in self.segments if s.kind == "lesson")

    def to_markdown(self, *, heading: str | None = None) -> str:
        """A Markdown table of the agenda (times are elapsed h:mm)."""
        lines = [f"**{heading}**", ""] if heading else []
        lines += ["| Time | Minutes | Segment |", "|---|---:|---|"]
        for s in self.segments:
            lines.append(f"| {_hm(s.start)}–{_hm(s.end)} | {s.minutes} | {_segment_label(s)} |")
        if self.left_out:
            lines += [""] + _not_covered(self.left_out, self.minutes)
        return "\n".join(lines)

    def to_text(self) -> str:
        """A plain-text agenda for a terminal."""
        lines = []
        for s in self.segments:
            lines.append(f"{_hm(s.start):>5}-{_hm(s.end):<5} {s.minutes:>4} min  {_segment_label(s, plain=True)}")
        lines.append(f"{'':>11} {self.minutes:>4} min  total")
        lines += _not_covered(self.left_out, self.minutes)
        return "\n".join(lines)


@dataclass(frozen=True)
class ModulePlan:
    """A multi-week module: one session per week.

    Attributes
    ----------
    weeks : the weekly sessions, in order.
    session_minutes : length of each weekly session.
    left_out : ``(lesson number, reason)`` for every lesson not scheduled.
    """

    weeks: tuple[Agenda, ...]
    session_minutes: int
    left_out: tuple[tuple[int, str], ...] = ()

    @property
    def lessons(self) -> tuple[int, ...]:
        return tuple(n for week in self.weeks for n in week.lessons)

    def to_markdown(self) -> str:
        parts = [self._summary_md(), ""]
        for i, week in enumerate(self.weeks, 1):
            parts += [f"### Week {i}", "", week.to_markdown(), ""]
        if self.left_out:
            parts += _not_covered(self.left_out)
        return "\n".join(parts).rstrip() + "\n"

    def _summary_md(self) -> str:
        lines = ["| Week | Lessons |", "|---|---|"]
        for i, week in enumerate(self.weeks, 1):
            lines.append(f"| {i} | {_lessons_label(week)} |")
        return "\n".join(lines)

    def to_text(self) -> str:
        parts = []
        for i, week in enumerate(self.weeks, 1):
            parts += [f"Week {i}: {_lessons_label(week)}", week.to_text(), ""]
        parts += _not_covered(self.left_out)
        return "\n".join(parts).rstrip()


_FORMAT_NAMES = {"awareness": "90-minute", "half-day": "half day", "full-day": "full day"}


def _see(why: str, minutes: int | None) -> str:
    if why == NO_FIT_WEEKS:
        return "more weeks or longer sessions would fit them"
    if why != NO_FIT:
        return why
    longer = [_FORMAT_NAMES.get(k, k) for k, m in FORMATS.items() if minutes is None or m > minutes]
    if not longer:
        return "see the multi-week plan"
    return f"see the {', '.join(longer)} or multi-week plans"


def _not_covered(left_out, minutes: int | None = None) -> list[str]:
    """One short line per reason: "Not covered: lessons 2, 3 (see ...)."."""
    by_reason: dict[str, list[int]] = {}
    for n, why in left_out:
        by_reason.setdefault(why, []).append(n)
    lines = []
    for why, numbers in by_reason.items():
        numbers = sorted(numbers)
        which = ("lesson " if len(numbers) == 1 else "lessons ") + ", ".join(map(str, numbers))
        lines.append(f"Not covered: {which} ({_see(why, minutes)}).")
    return lines


def _hm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _segment_label(s: Segment, plain: bool = False) -> str:
    if plain:
        return s.title
    return f"*{s.title}*" if s.kind in {"break", "lunch"} else s.title


def _lessons_label(agenda: Agenda) -> str:
    titles = [s.title for s in agenda.segments if s.kind == "lesson"]
    return "; ".join(titles) if titles else "review, discussion and project work"


# --------------------------------------------------------------------------- checks


def _check_minutes(name: str, value, lo: int, hi: int, unit: str = "minutes") -> int:
    """A whole number in [lo, hi] (TypeError for bool, str and other non-numbers)."""
    return check_positive_int(name, value, hi, lo=lo, unit=unit)


# --------------------------------------------------------------------------- layout


def _overhead(minutes: int) -> tuple[int, int]:
    """Minutes of the opening and the closing segment."""
    return (13, 10) if minutes <= BREAKS_ABOVE else (18, 15)


def core_sections(lesson: Lesson) -> tuple:
    """The lesson's core sections (:attr:`upstream.lessons.Section.core`); empty if none is marked."""
    return tuple(s for s in lesson.sections if s.core)


def _unit(item) -> tuple[int, str, int, tuple[str, ...]]:
    """``(minutes, title, number, section titles)`` of a Lesson or a ``(Lesson, sections or None)`` pair."""
    lesson, part = (item, None) if isinstance(item, Lesson) else item
    title = f"Lesson {lesson.number}. {lesson.title}"
    if not part:
        return lesson.minutes, title, lesson.number, ()
    names = tuple(s.title for s in part)
    minutes = sum(s.minutes for s in part)
    quick = " (quick check)" if minutes < MIN_LESSON_PART else ""
    return minutes, f"{title}: {'; '.join(names)}{quick}", lesson.number, names


def _layout(lessons, minutes: int, opening=None, closing=None) -> list[Segment] | None:
    """Lay out the lessons in order; ``None`` if they do not fit in ``minutes``.

    Each item is a Lesson (taught whole) or a ``(Lesson, sections)`` pair (only
    those sections are taught; ``None`` sections mean the whole lesson).
    ``opening`` and ``closing`` are ``(minutes, title)``; by default the
    session's own, with the knowledge check before and after.
    """
    default_open, default_close = _overhead(minutes)
    opening, opening_title = opening or (default_open, OPENING)
    closing, closing_title = closing or (default_close, CLOSING)
    with_breaks = minutes > BREAKS_ABOVE
    # (kind, minutes, title, lesson number, section titles)
    items: list[tuple] = [("opening", opening, opening_title, None, ())]
    stretch = opening
    for item in lessons:
        m, title, number, names = _unit(item)
        if with_breaks and stretch + m > MAX_STRETCH:
            items.append(("break", BREAK_MINUTES, "Break", None, ()))
            stretch = 0
        items.append(("lesson", m, title, number, names))
        stretch += m
    if with_breaks and stretch + closing > MAX_STRETCH:
        items.append(("break", BREAK_MINUTES, "Break", None, ()))
    breaks = [i for i, it in enumerate(items) if it[0] == "break"]
    if minutes >= LUNCH_FROM and breaks:
        # the break nearest the middle of the session becomes lunch
        starts, t = [], 0
        for it in items:
            starts.append(t)
            t += it[1]
        i = min(breaks, key=lambda b: abs(starts[b] - minutes / 2))
        items[i] = ("lunch", LUNCH_MINUTES, "Lunch break", None, ())
    used = sum(it[1] for it in items) + closing
    if used > minutes:
        return None
    taught = [it[3] for it in items if it[0] == "lesson"]
    if minutes - used >= MIN_DISCUSSION and taught:
        # planned right after the lessons it discusses, unless that would make the
        # stretch without a break too long: then after the last break
        last = max(i for i, it in enumerate(items) if it[0] == "lesson")
        stretch = 0
        for it in items[: last + 1]:
            stretch = 0 if it[0] in {"break", "lunch"} else stretch + it[1]
        spare = minutes - used
        if not with_breaks or stretch + spare <= MAX_STRETCH:
            items.insert(last + 1, ("discussion", spare, _discussion_title(taught), None, ()))
        elif items[-1][0] in {"break", "lunch"}:
            items.append(("discussion", spare, _discussion_title(taught), None, ()))
        elif spare >= BREAK_MINUTES + MIN_DISCUSSION:
            items.append(("break", BREAK_MINUTES, "Break", None, ()))
            items.append(("discussion", spare - BREAK_MINUTES, _discussion_title(taught), None, ()))
        else:
            closing += spare
    elif minutes - used >= MIN_DISCUSSION:
        items.append(("discussion", minutes - used, "Review, discussion and project work", None, ()))
    else:
        closing += minutes - used  # a few minutes more for questions at the end
    items.append(("closing", closing, closing_title, None, ()))
    segments, t = [], 0
    for kind, m, title, number, names in items:
        quick = kind == "lesson" and bool(names) and m < MIN_LESSON_PART
        segments.append(Segment(t, m, kind, title, number, names, quick))
        t += m
    return segments


def _discussion_title(numbers) -> str:
    """What a discussion segment is for: the lessons just taught, with their prompts."""
    numbers = sorted(set(numbers))
    which = f"lesson {numbers[0]}" if len(numbers) == 1 else "lessons " + ", ".join(map(str, numbers))
    return f"{DISCUSSION}: {which} (discussion prompts in the instructor notes)"


def _with_prerequisites(lesson: Lesson, by_number: dict[int, Lesson], chosen: set[int]) -> list[int] | None:
    """Numbers of the lesson and every prerequisite not yet chosen; ``None`` if one is missing."""
    need: list[int] = []
    stack = [lesson.number]
    while stack:
        n = stack.pop()
        if n in chosen or n in need:
            continue
        if n not in by_number:
            return None
        need.append(n)
        stack.extend(by_number[n].prerequisites)
    return need


def _teaching_order(numbers, by_number: dict[int, Lesson]) -> list[Lesson]:
    """Lessons in number order, except that prerequisites always come first."""
    remaining = sorted(numbers)
    order: list[int] = []
    while remaining:
        for n in remaining:
            if all(p in order or p not in remaining for p in by_number[n].prerequisites):
                order.append(n)
                remaining.remove(n)
                break
        else:  # a prerequisite cycle: keep number order rather than loop forever
            order.extend(remaining)
            break
    return [by_number[n] for n in order]


def _lessons_to_plan(lessons) -> tuple[Lesson, ...]:
    """The lessons given, or all of :data:`LESSONS`; ValueError if there are none."""
    lessons = tuple(LESSONS if lessons is None else lessons)
    if not lessons:
        raise ValueError("no lessons to plan: upstream.lessons.LESSONS is empty")
    return lessons


def _select(lessons, fits, no_fit: str) -> tuple[list[Lesson], list[tuple[int, str]]]:
    """Choose lessons greedily by priority (then number), each with its prerequisites.

    ``fits(ordered_lessons)`` says whether a selection still fits the time;
    a lesson that would not fit is left out with the reason ``no_fit``.
    """
    by_number = {l.number: l for l in lessons}
    chosen: set[int] = set()
    left_out: list[tuple[int, str]] = []
    for lesson in sorted(lessons, key=lambda l: (l.priority, l.number)):
        if lesson.number in chosen:
            continue
        need = _with_prerequisites(lesson, by_number, chosen)
        if need is None:
            missing = [p for p in lesson.prerequisites if p not in by_number]
            left_out.append(
                (lesson.number, f"prerequisite lesson {', '.join(map(str, missing)) or '?'} is not available")
            )
            continue
        trial = chosen | set(need)
        if not fits(_teaching_order(trial, by_number)):
            left_out.append((lesson.number, no_fit))
            continue
        chosen = trial
    return _teaching_order(chosen, by_number), sorted(left_out)


def _check_session(name: str, minutes, lessons, why: str) -> int:
    """``minutes`` as a whole number, long enough for the shortest lesson session;
    else ValueError naming ``name``, the valid range and ``why`` (formatted with
    ``minutes`` and ``shortest``)."""
    minutes = _check_minutes(name, minutes, 1, MAX_SESSION_MINUTES)
    shortest = _shortest_session(lessons)
    if minutes < shortest:
        raise ValueError(
            f"{name} must be in [{shortest}, {MAX_SESSION_MINUTES}]: " + why.format(minutes=minutes, shortest=shortest)
        )
    return minutes


def _shortest_session(lessons) -> int:
    """Minutes of the shortest session that fits at least one lesson."""
    by_number = {l.number: l for l in lessons}
    best = None
    for lesson in lessons:
        need = _with_prerequisites(lesson, by_number, set())
        if need is None:
            continue
        order = _teaching_order(need, by_number)
        for m in range(1, MAX_SESSION_MINUTES + 1):
            if _layout(order, m) is not None:
                best = m if best is None else min(best, m)
                break
    if best is None:
        raise ValueError("no lesson can be scheduled: every lesson lacks a prerequisite")
    return best


def plan(minutes, lessons=None) -> Agenda:
    """Plan one workshop session of ``minutes`` minutes.

    Parameters
    ----------
    minutes : int
        Session length in minutes, a whole number from the shortest session that
        fits one lesson up to :data:`MAX_SESSION_MINUTES` (480).
    lessons : sequence of Lesson, optional
        Lessons to choose from; default :data:`upstream.lessons.LESSONS`.

    Returns
    -------
    Agenda
        Segments that fill the session exactly; lessons chosen by priority with
        their prerequisites first; lessons that do not fit listed in ``left_out``.

    Raises
    ------
    ValueError
        If ``minutes`` is not a whole number, or no format fits it.
    """
    lessons = _lessons_to_plan(lessons)
    minutes = _check_session(
        "minutes",
        minutes,
        lessons,
        "no format fits {minutes} minutes (the shortest session with one lesson takes {shortest})",
    )
    chosen, left_out = _select(lessons, lambda order: _layout(order, minutes) is not None, NO_FIT)
    units: list = list(chosen)
    essential = {l.number for l in lessons if l.priority == 1}
    if not essential <= {l.number for l in chosen}:
        core = _core_plan(lessons, minutes)
        if core is not None:
            units, left_out = core
    segments = _layout(units, minutes)
    assert segments is not None
    return Agenda(minutes, tuple(segments), tuple(left_out))


def _core_plan(lessons, minutes: int):
    """Units covering every priority-1 lesson, core parts first; ``None`` if impossible.

    Starts from the core sections of the priority-1 lessons (and of their
    prerequisites; a lesson with no core section counts whole), then, by priority
    and lesson number, teaches a core lesson whole, and adds further whole lessons
    with their prerequisites, while the session still fits.
    """
    by_number = {l.number: l for l in lessons}
    parts: dict[int, tuple | None] = {}
    for lesson in sorted(lessons, key=lambda l: l.number):
        if lesson.priority != 1:
            continue
        need = _with_prerequisites(lesson, by_number, set(parts))
        if need is None:
            return None
        for n in need:
            parts[n] = core_sections(by_number[n]) or None

    def units(p):
        return [(l, p[l.number]) for l in _teaching_order(p, by_number)]

    def fits(p):
        return _layout(units(p), minutes) is not None

    if not fits(parts):
        return None
    for n in sorted(parts, key=lambda n: (by_number[n].priority, n)):
        if parts[n] is not None and fits({**parts, n: None}):
            parts[n] = None
    # then a core part shorter than MIN_LESSON_PART grows by the sections next to it
    # while the session allows; one that cannot grow stays, marked as a quick check
    for n in sorted(parts, key=lambda n: (by_number[n].priority, n)):
        while parts[n] is not None and sum(s.minutes for s in parts[n]) < MIN_LESSON_PART:
            grown = _grow(by_number[n], parts[n])
            if grown is None or not fits({**parts, n: grown}):
                break
            parts[n] = grown
    left_out = []
    for lesson in sorted(lessons, key=lambda l: (l.priority, l.number)):
        if lesson.number in parts:
            continue
        need = _with_prerequisites(lesson, by_number, set(parts))
        if need is None:
            missing = [p for p in lesson.prerequisites if p not in by_number]
            left_out.append(
                (lesson.number, f"prerequisite lesson {', '.join(map(str, missing)) or '?'} is not available")
            )
            continue
        trial = {**parts, **{n: None for n in need}}
        if fits(trial):
            parts = trial
        else:
            left_out.append((lesson.number, NO_FIT))
    return units(parts), sorted(left_out)


def _grow(lesson: Lesson, part: tuple):
    """``part`` with the next scheduled section of the lesson added (else the one before it);
    ``None`` if it already spans the lesson."""
    taught = [s for s in lesson.sections if not s.optional]
    idx = [taught.index(s) for s in part]
    lo, hi = min(idx), max(idx)
    if hi + 1 < len(taught):
        return tuple(taught[lo : hi + 2])
    if lo > 0:
        return tuple(taught[lo - 1 : hi + 1])
    return None


def plan_weeks(weeks, session_minutes=WEEKLY_SESSION_MINUTES, lessons=None) -> ModulePlan:
    """Plan a module of ``weeks`` weekly sessions of ``session_minutes`` each.

    Lessons are taught in order (prerequisites first), spread as evenly as
    possible over the weeks; weeks beyond the number of lessons become review,
    discussion and project sessions. If whole lessons do not all fit, a lesson
    may run over two weeks, cut between its sections (fewest cuts, no part under
    :data:`MIN_LESSON_PART` minutes); if even that does not fit, lessons are
    chosen by priority as in :func:`plan`, and the plan names those left out and
    what would fit them all.

    Raises
    ------
    ValueError
        If ``weeks`` is not a whole number in [1, 52], or a session is too short
        for any lesson.
    """
    lessons = _lessons_to_plan(lessons)
    weeks = _check_minutes("weeks", weeks, 1, MAX_WEEKS, unit="weeks")
    session_minutes = _check_session(
        "session minutes", session_minutes, lessons, "no lesson fits in {minutes}-minute sessions"
    )
    chosen, left_out = _select(lessons, lambda order: _pack(order, weeks, session_minutes) is not None, NO_FIT_WEEKS)
    packed = _pack(chosen, weeks, session_minutes)
    assert packed is not None
    if left_out:
        # whole lessons leave some out: split lessons across weeks at section
        # boundaries (no part under MIN_LESSON_PART minutes) if that covers them all
        order = _teaching_order({l.number for l in lessons}, {l.number: l for l in lessons})
        split = _pack_sections(order, weeks, session_minutes)
        if split is not None:
            packed, left_out = split, []
    sessions = tuple(
        Agenda(session_minutes, tuple(_layout(group, session_minutes, *_week_ends(i, weeks, session_minutes)) or ()))
        for i, group in enumerate(packed)
    )
    if left_out:
        left_out = [
            (n, why if why != NO_FIT_WEEKS else _weeks_remedy(lessons, weeks, session_minutes)) for n, why in left_out
        ]
    return ModulePlan(sessions, session_minutes, tuple(left_out))


def _week_ends(i: int, weeks: int, minutes: int):
    """``(opening, closing)`` of week ``i`` (0-based): the knowledge check before the first
    session and after the last; a short recap and takeaways in the weeks between."""
    default_open, default_close = _overhead(minutes)
    opening = (default_open, OPENING) if i == 0 else WEEKLY_OPENING
    closing = (default_close, CLOSING) if i == weeks - 1 else WEEKLY_CLOSING
    return opening, closing


def _weeks_remedy(lessons, weeks: int, minutes: int) -> str:
    """Why lessons are left out of a module, and what would fit them all."""
    order = _teaching_order({l.number for l in lessons}, {l.number: l for l in lessons})
    more = next((w for w in range(weeks + 1, MAX_WEEKS + 1) if _pack(order, w, minutes) is not None), None)
    longer = next(
        (m for m in range(minutes + 5, MAX_SESSION_MINUTES + 1, 5) if _pack(order, weeks, m) is not None), None
    )
    fixes = [
        f"{more} weekly sessions of {minutes} minutes" if more else None,
        f"{weeks} sessions of {longer} minutes" if longer else None,
    ]
    fixes = [f for f in fixes if f]
    why = f"whole lessons do not fit in {weeks} sessions of {minutes} minutes"
    return why + (f"; {' or '.join(fixes)} would fit every lesson" if fixes else "")


def _pack_sections(order: list[Lesson], weeks: int, minutes: int):
    """Split the lessons' scheduled sections, in order, into ``weeks`` sessions.

    A lesson may run over two (or more) weeks, cut between its sections, with
    every part at least :data:`MIN_LESSON_PART` minutes. Fewest cut lessons
    first, then the most even weeks. Returns, per week, a list of units (a
    Lesson, or a ``(Lesson, sections)`` part); ``None`` if nothing fits.
    """
    flat = [(lesson, sec) for lesson in order for sec in lesson.sections if not sec.optional]
    n = len(flat)
    if n == 0:
        return None

    def units(i, j):
        """The sections flat[i:j] as agenda units, or None if a part is too short."""
        out = []
        for lesson in dict.fromkeys(l for l, _ in flat[i:j]):
            secs = tuple(sec for l, sec in flat[i:j] if l is lesson)
            whole = tuple(sec for sec in lesson.sections if not sec.optional)
            if secs == whole:
                out.append(lesson)
            elif sum(sec.minutes for sec in secs) < MIN_LESSON_PART:
                return None
            else:
                out.append((lesson, secs))
        return out

    def cut_inside(j):
        return 0 < j < n and flat[j - 1][0] is flat[j][0]

    inf = (math.inf, math.inf)
    groups_max = min(weeks, n)
    best = [[inf] * (n + 1) for _ in range(groups_max + 1)]
    back = [[0] * (n + 1) for _ in range(groups_max + 1)]
    best[0][0] = (0, 0)
    for k in range(1, groups_max + 1):
        ends = _week_ends(k - 1, weeks, minutes)
        for j in range(1, n + 1):
            for i in range(k - 1, j):
                if best[k - 1][i] == inf:
                    continue
                group = units(i, j)
                if group is None or _layout(group, minutes, *ends) is None:
                    continue
                load = sum(sec.minutes for _, sec in flat[i:j])
                cost = (best[k - 1][i][0] + cut_inside(j), max(best[k - 1][i][1], load))
                if cost < best[k][j]:
                    best[k][j], back[k][j] = cost, i
    if best[groups_max][n] == inf:
        return None
    groups, j = [], n
    for k in range(groups_max, 0, -1):
        i = back[k][j]
        groups.append(units(i, j))
        j = i
    groups.reverse()
    return groups + [[] for _ in range(weeks - len(groups))]


def _pack(order: list[Lesson], weeks: int, minutes: int) -> list[list[Lesson]] | None:
    """Split the lessons, in order, into ``weeks`` groups that each fit a session.

    Minimises the largest group's teaching time (lessons are few, so a simple
    dynamic programme is enough); ``None`` if no split fits.
    """
    n = len(order)
    if n == 0:
        return [[] for _ in range(weeks)]
    groups_max = min(weeks, n)

    def fits(group, k):
        return _layout(group, minutes, *_week_ends(k - 1, weeks, minutes)) is not None

    # best[k][i]: minimal max-load splitting order[:i] into k non-empty fitting groups
    inf = math.inf
    best = [[inf] * (n + 1) for _ in range(groups_max + 1)]
    cut = [[0] * (n + 1) for _ in range(groups_max + 1)]
    best[0][0] = 0
    for k in range(1, groups_max + 1):
        for i in range(1, n + 1):
            for j in range(k - 1, i):
                group = order[j:i]
                if best[k - 1][j] == inf or not fits(group, k):
                    continue
                load = max(best[k - 1][j], sum(l.minutes for l in group))
                if load < best[k][i]:
                    best[k][i], cut[k][i] = load, j
    k = min((k for k in range(1, groups_max + 1) if best[k][n] < inf), key=lambda k: (best[k][n], -k), default=None)
    if k is None:
        return None
    groups, i = [], n
    for kk in range(k, 0, -1):
        j = cut[kk][i]
        groups.append(order[j:i])
        i = j
    groups.reverse()
    return groups + [[] for _ in range(weeks - len(groups))]
