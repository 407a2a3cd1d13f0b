"""The instructor guide in the built book: generated pages match the lesson metadata."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from upstream.course.agenda import FORMATS, plan
from upstream.course.lessons import LESSONS
from upstream.course.notebooks import exercises, load_notebook

pytestmark = [pytest.mark.book]

PAGES = [
    "instructor-guide",
    "instructor-trauma-informed",
    "instructor-survivor-voice",
    "instructor-agendas",
    "instructor-lessons",
    "instructor-answer-key",
    "instructor-knowledge-check",
]


def article(html_root, name):
    soup = BeautifulSoup((html_root / "book" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article") or soup


def test_guide_is_its_own_part_one_folder_deep():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    part = next(p for p in toc["parts"] if p.get("caption") == "Instructor guide")
    assert [c["file"] for c in part["chapters"]] == [f"book/{p}" for p in PAGES]


def test_generated_pages_carry_no_raw_markup(built_book):
    for name in PAGES:
        html = str(article(built_book, name))
        assert "{cite" not in html and "{ref" not in html and ":::" not in html, name


def test_agenda_page_matches_the_planner(built_book):
    text = article(built_book, "instructor-agendas").get_text(" ")
    for minutes in FORMATS.values():
        for seg in plan(minutes).segments:
            assert seg.title in text


def test_lesson_notes_show_every_section_timing(built_book):
    soup = article(built_book, "instructor-lessons")
    rows = {tuple(td.get_text(strip=True) for td in tr.find_all("td")) for tr in soup.select("tbody tr")}
    for lesson in LESSONS:
        start = 0
        for s in lesson.sections:
            assert (str(start), str(s.minutes), s.title) in {r[:3] for r in rows}, (lesson.number, s.title)
            start += s.minutes


def test_answer_key_links_every_exercise(built_book):
    soup = article(built_book, "instructor-answer-key")
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    for lesson in LESSONS:
        for e in exercises(load_notebook(ROOT / lesson.path)):
            assert f"../notebooks/{lesson.slug}.html#{e.label}" in hrefs, e.label
    assert len(soup.select("div.admonition.tip")) == sum(len(exercises(load_notebook(ROOT / l.path))) for l in LESSONS)


def test_trauma_informed_page_cites_its_sources(built_book):
    soup = article(built_book, "instructor-trauma-informed")
    cites = {a["href"].split("#")[0] for a in soup.select("span.bibtex-citation a")}
    assert cites == {"bibliography.html"} and len(soup.select("span.bibtex-citation")) >= 5
    text = soup.get_text(" ")
    for needle in ("opt", "personal stor", "disclos", "distress", "mandated reporter", "1-888-373-7888"):
        assert re.search(needle, text, re.I), needle


def test_answer_key_solutions_equal_the_lesson_solutions(built_book):
    """Each answer on the key page has the same text as the solution on the lesson page."""
    key = article(built_book, "instructor-answer-key")
    answers = key.select("div.admonition.tip")
    i = 0
    for lesson in sorted(LESSONS, key=lambda l: l.number):
        page = BeautifulSoup((built_book / f"{lesson.path[:-6]}.html").read_text(encoding="utf-8"), "html.parser")
        for e in exercises(load_notebook(ROOT / lesson.path)):
            sol = page.select_one(f"div.solution#solution-{e.label}") or next(
                d for d in page.select("div.solution") if d.find("a", href=f"#{e.label}")
            )
            body = sol.select_one("section#solution-content") or sol.select_one(".solution-content") or sol
            for out in body.select("div.cell_output"):  # the key shows code, not its output
                out.decompose()
            want = " ".join(body.get_text(" ").split())
            got = answers[i].get_text(" ")
            got = " ".join(got.split()).removeprefix("Answer").strip()
            assert got and got == want, (e.label, got[:300], want[:300])
            i += 1
    assert i == len(answers)


def test_answer_key_uses_book_exercise_numbers(built_book):
    text = " ".join(article(built_book, "instructor-answer-key").get_text(" ").split())
    n = 0
    for lesson in sorted(LESSONS, key=lambda l: l.number):
        for k, _ in enumerate(exercises(load_notebook(ROOT / lesson.path)), 1):
            n += 1
            assert f"Exercise {n} (lesson {lesson.number}, no. {k};" in text
