"""Every lesson follows the template, matches its metadata, and uses safe words."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import NOTEBOOKS, ROOT, load_notebook, markdown_of
from upstream.course.lessons import LESSONS

LESSON_NOTEBOOKS = [p for p in NOTEBOOKS if p.name.startswith("lesson-")]

#: Terms the Luxembourg Guidelines rule out (DESIGN.md section 4). They may
#: appear only in the glossary entry that explains why not to use them.
BANNED = [
    r"child prostitutes?",
    r"teen(?:age)? prostitutes?",
    r"juvenile prostitutes?",
    r"underage sex workers?",
    r"child sex workers?",
    r"child porn\b",
    r"kiddie porn",
]
BANNED_RE = re.compile("|".join(BANNED), re.IGNORECASE)


def _section(md: str, heading: str) -> str:
    m = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", md, re.MULTILINE | re.DOTALL)
    assert m, f"missing section '## {heading}'"
    return m.group(1)


def test_every_lesson_in_the_metadata_has_a_notebook_and_vice_versa():
    assert {l.path for l in LESSONS} == {f"notebooks/{p.name}" for p in LESSON_NOTEBOOKS}


def test_every_notebook_and_page_is_in_the_toc():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = {toc["root"]}
    for part in toc["parts"]:
        files |= {c["file"] for c in part["chapters"]}
    for p in NOTEBOOKS:
        assert f"notebooks/{p.stem}" in files, p.name
    for p in (ROOT / "book").glob("*.md"):
        assert f"book/{p.stem}" in files, p.name
    # every page one folder deep, so the support link in the announcement works everywhere
    assert all(f.count("/") == 1 for f in files), files


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.slug)
def test_lesson_follows_the_template(lesson):
    md = markdown_of(load_notebook(ROOT / lesson.path))
    assert re.search(rf"^# Lesson {lesson.number}\. ", md, re.MULTILINE), "title '# Lesson N. ...'"
    assert re.search(r":::\{admonition\} Content note", md), "content note admonition"
    assert "../book/support.md" in md.split("## Learning objectives")[0], "support link in the content note"
    objectives = re.findall(r"^- (.+)$", _section(md, "Learning objectives"), re.MULTILINE)
    assert tuple(objectives) == lesson.objectives, "objectives differ from upstream.course.lessons"
    exercises = re.findall(r":::\{exercise\}\n:label: ([\w-]+)", md)
    assert len(exercises) >= 2, "at least two exercises"
    for label in exercises:
        sol = re.search(r":::\{solution(?:-start)?\} " + re.escape(label) + r"\n:class: dropdown", md)
        assert sol, f"exercise {label} has no solution hidden in a dropdown"
    takeaways = re.findall(r"^- .+$", _section(md, "Key takeaways"), re.MULTILINE)
    assert len(takeaways) >= 3, "at least three key takeaways"
    _section(md, "References")
    assert re.search(r"\{cite:[pt]\}`", md), "cites at least one source"
    for sec in lesson.sections:
        if sec.title != "Exercises":
            assert re.search(rf"^## {re.escape(sec.title)}\s*$", md, re.MULTILINE), f"section {sec.title!r}"


def _book_sources():
    for p in sorted((ROOT / "book").glob("*.md")):
        yield p.name, p.read_text(encoding="utf-8")
    for p in NOTEBOOKS:
        nb = load_notebook(p)
        yield p.name, "\n".join("".join(c["source"]) for c in nb["cells"])
    # lesson content shown to learners and instructors (objectives, notes, quiz and sorter items)
    for p in sorted((ROOT / "src/upstream/content").glob("*.*")):
        if p.suffix in (".yml", ".json") and ".schema." not in p.name:
            yield p.name, p.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, text", list(_book_sources()), ids=lambda x: x if len(x) < 60 else "")
def test_banned_terms_appear_only_in_the_glossary(name, text):
    hits = sorted({m.group(0) for m in BANNED_RE.finditer(text)})
    if name == "glossary.md":
        assert hits, "the glossary should explain the terms to avoid"
    else:
        assert not hits, f"{name} uses {hits}; see DESIGN.md section 4"


def test_banned_pattern_catches_what_it_should():
    assert BANNED_RE.search("a Child Prostitute")
    assert BANNED_RE.search("underage sex worker")
    assert not BANNED_RE.search("child sexual abuse material")


def test_welcome_page_lists_every_lesson_in_order():
    index = (ROOT / "book" / "index.md").read_text(encoding="utf-8")
    listed = re.findall(r"\{doc\}`\.\./notebooks/([\w-]+)`", index)
    assert listed == [l.slug for l in sorted(LESSONS, key=lambda l: l.number)]
