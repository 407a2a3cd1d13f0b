"""The book builds with zero warnings, and its HTML teaches without a kernel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from test_lessons import BANNED_RE
from upstream.course.lessons import LESSONS

pytestmark = [pytest.mark.book]


def pages(html_root: Path):
    return sorted(p for p in html_root.glob("*/*.html") if p.parent.name in {"book", "notebooks"})


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_book_has_every_page(built_book):
    names = {f"{p.parent.name}/{p.stem}" for p in pages(built_book)}
    assert {"book/index", "book/support", "book/glossary", "book/bibliography", "book/about-models"} <= names
    for lesson in LESSONS:
        assert f"notebooks/{lesson.slug}" in names


def test_every_page_links_to_support(built_book):
    support = (built_book / "book" / "support.html").resolve()
    for page in pages(built_book):
        # links are relative to each page (support.html from book/, ../book/support.html elsewhere)
        links = [
            a["href"]
            for a in soup_of(page).find_all("a", href=True)
            if not a["href"].startswith(("http:", "https:", "#", "tel:", "sms:", "mailto:"))
            and (page.parent / a["href"].split("#")[0]).resolve() == support
        ]
        assert links, f"{page.name} has no link to the support page"
        assert support.is_file(), "book/support.html was not built"


def test_pages_load_nothing_from_other_hosts(built_book):
    for page in pages(built_book):
        soup = soup_of(page)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for el in soup.find_all(tag):
                url = el.get(attr, "")
                if tag == "link" and not {"stylesheet", "preload", "icon", "modulepreload"} & set(el.get("rel", [])):
                    continue
                assert not re.match(r"^(https?:)?//", url), f"{page.name} loads {url}"


def test_lesson_figures_are_static_images_with_alt_text(built_book):
    for lesson in LESSONS:
        soup = soup_of(built_book / "notebooks" / f"{lesson.slug}.html")
        figures = soup.select("figure.upstream-figure")
        assert figures, f"{lesson.slug}: no figures"
        for fig in figures:
            img = fig.find("img")
            assert img is not None and img["src"].startswith("data:image/png;base64,")
            assert len(img.get("alt", "").strip()) > 40, f"{lesson.slug}: alt text too short"
            assert fig.find("figcaption") and fig.figcaption.get_text(strip=True)


def test_lesson4_explorer_renders_as_a_static_figure_not_dead_controls(built_book):
    soup = soup_of(built_book / "notebooks" / "lesson-04-prevention-vs-rescue.html")
    captions = [f.figcaption.get_text() for f in soup.select("figure.upstream-figure")]
    assert any(c.startswith("Model explorer") for c in captions), captions
    explorer = next(
        f for f in soup.select("figure.upstream-figure") if f.figcaption.get_text().startswith("Model explorer")
    )
    assert "0.5" in explorer.img["alt"] and "%" in explorer.img["alt"]
    # no widget views, no widget JavaScript, no form controls that do nothing
    html = str(soup)
    assert "application/vnd.jupyter.widget-view+json" not in html
    assert not soup.select("input[type=range]")
    assert "require.js" not in html and "embed-amd" not in html


def test_solutions_are_in_collapsed_dropdowns(built_book):
    for lesson in LESSONS:
        soup = soup_of(built_book / "notebooks" / f"{lesson.slug}.html")
        solutions = soup.select("div.solution")
        assert len(solutions) >= 2, f"{lesson.slug}: fewer than two solutions"
        for sol in solutions:
            assert "dropdown" in sol.get("class", []), f"{lesson.slug}: a solution is not a dropdown"


def test_rendered_book_uses_no_banned_terms_outside_the_glossary(built_book):
    for page in pages(built_book):
        if page.stem in {"glossary", "bibliography"}:  # bibliography quotes published titles verbatim
            continue
        text = soup_of(page).get_text(" ")
        hits = sorted({m.group(0) for m in BANNED_RE.finditer(text)})
        assert not hits, f"{page.name} shows {hits}"


def test_no_link_points_at_jupyter_books_own_repository(built_book):
    """Launch/repository buttons without our repository URL fall back to Jupyter Book's."""
    for page in pages(built_book):
        html = page.read_text(encoding="utf-8")
        assert "executablebooks/jupyter-book" not in html, f"{page.name} links to Jupyter Book's repository"


def test_pages_do_not_load_fontawesome_js(built_book):
    for page in pages(built_book):
        assert "fontawesome.js" not in page.read_text(encoding="utf-8"), page.name
    assert not (built_book / "_static" / "scripts" / "fontawesome.js").exists()
