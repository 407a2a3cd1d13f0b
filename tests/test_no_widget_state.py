"""No page of the built book carries saved ipywidgets state (issue 12, part 4).

The static book loads no widget JavaScript, so a saved widget state
(``application/vnd.jupyter.widget-state+json``, 56-174 kB per lesson page before
book/_ext dropped it) is bytes that nothing renders.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.book]

STATE = "application/vnd.jupyter.widget-state+json"


def test_no_page_embeds_widget_state(built_book):
    pages = sorted(built_book.rglob("*.html"))
    assert any(p.parent.name == "notebooks" for p in pages), "no lesson pages were built"
    carrying = [p.relative_to(built_book).as_posix() for p in pages if STATE in p.read_text(encoding="utf-8")]
    assert not carrying, f"pages embedding saved widget state: {carrying}"


def test_lesson_pages_still_show_each_explorer_as_a_static_figure(built_book):
    # dropping the state must not drop the explorers' static figures
    lesson4 = (built_book / "notebooks" / "lesson-04-prevention-vs-rescue.html").read_text(encoding="utf-8")
    assert lesson4.count('class="upstream-figure') >= 1 and "data:image/png;base64," in lesson4
