"""The book on a phone: nothing in the main column is cut off, and the explorers work (issue 12, part 6).

Every page of the built book is loaded once in headless Chromium at 375 CSS pixels
wide (tests/test_browser.py checks the same layout rules at 1280 px on its own visit
of each page, with :data:`test_browser.JS_OVERFLOW`). In the main column
(``article.bd-article``):

* no element, and no line of text, reaches past the column's edges unless it
  sits inside a container that scrolls sideways (a wide table, a code block);
* every container that does scroll sideways can be reached with the keyboard
  (``tabindex="0"``), so a keyboard user can scroll it too;
* no element hides overflowing content (``overflow: hidden`` with more content
  than room) and printed output wraps instead of scrolling;
* the page itself never scrolls sideways.

On the same load, every in-page explorer the page was built with has gone live
(no static fallback left showing), each control has a label, each chart is an
image with a name, the explorers' ids are unique, and the page logged no error
and asked no other host for anything.
"""

from __future__ import annotations

import pytest
from test_browser import JS_OVERFLOW, PAGES, ROOT_INDEX, TOC_PAGES, layout_problems

from conftest import Session

pytestmark = [pytest.mark.browser]

PHONE = {"width": 375, "height": 900}

#: The in-page explorers as a phone reader meets them: live, labelled, charts named, ids unique
JS_EXPLORERS = """() => {
  const problems = [];
  const roots = [...document.querySelectorAll('[data-explorer]')];
  roots.forEach((r, i) => {
    const name = `explorer ${i} (${r.getAttribute('data-explorer')})`;
    if (r.getAttribute('data-live') !== 'true') problems.push(`${name} is ${r.getAttribute('data-live')}`);
    if ([...r.querySelectorAll('.upstream-explorer-fallback')].some(el => el.checkVisibility({visibilityProperty: true})))
      problems.push(`${name}: the static version still shows`);
    // every control has a label that names it
    for (const el of r.querySelectorAll('.ux-live input, .ux-live select'))
      if (!(el.labels && el.labels.length > 0 && el.labels[0].textContent.trim().length > 0))
        problems.push(`${name}: an unlabelled control ${el.outerHTML.slice(0, 100)}`);
    for (const svg of r.querySelectorAll('svg.ux-svg')) {
      const label = document.getElementById(svg.getAttribute('aria-labelledby'));
      if (svg.getAttribute('role') !== 'img' || !label || !label.textContent.length)
        problems.push(`${name}: a chart without role=img and a name ${svg.outerHTML.slice(0, 100)}`);
    }
  });
  // the explorers' ids (labels, chart names, descriptions) are unique in the page
  const ids = [...document.querySelectorAll('[data-explorer] [id]')]
    .filter(e => document.querySelectorAll(`[id='${e.id}']`).length > 1).map(e => e.id);
  if (ids.length) problems.push(`repeated ids ${[...new Set(ids)].sort()}`);
  return {count: roots.length, problems};
}"""


@pytest.fixture(scope="module")
def phone(browser, book_server):  # noqa: F811 - pytest fixtures
    """``phone(page_name) -> dict``: each page loaded once at 375 px, its layout, explorers and errors."""
    cache: dict[str, dict] = {}

    def get(page_name: str) -> dict:
        if page_name not in cache:
            arrives_at = TOC_PAGES[0] if page_name == ROOT_INDEX else None  # a meta-refresh to the first page
            s = Session(browser, book_server, page_name, arrives_at=arrives_at, viewport=PHONE)
            try:
                layout, explorers = s.page.evaluate(JS_OVERFLOW), s.page.evaluate(JS_EXPLORERS)
            finally:
                s.close()
            cache[page_name] = {"layout": layout, "explorers": explorers, "errors": s.errors, "foreign": s.foreign}
        return cache[page_name]

    return get


@pytest.mark.parametrize("page_name", PAGES)
def test_nothing_in_the_main_column_is_cut_off_at_phone_width(phone, page_name):
    """The same rules at 1280 px: tests/test_browser.py, on its own visit of each page."""
    problems = layout_problems(phone(page_name)["layout"])
    assert not problems, f"{page_name} at {PHONE['width']} px:\n" + "\n".join(problems[:15])


def explorers_built(built_book, page_name: str) -> int:
    """How many in-page explorers the page's HTML holds (the root index redirects to the first page)."""
    target = TOC_PAGES[0] if page_name == ROOT_INDEX else page_name
    return (built_book / target).read_text(encoding="utf-8").count("data-explorer=")


@pytest.mark.parametrize("page_name", PAGES)
def test_every_explorer_goes_live_at_phone_width_without_errors(phone, built_book, page_name):
    got = phone(page_name)
    explorers, built = got["explorers"], explorers_built(built_book, page_name)
    assert explorers["count"] == built, (
        f"{page_name}: {built} explorers built, {explorers['count']} in the page at 375 px"
    )
    assert not explorers["problems"], f"{page_name} at 375 px:\n" + "\n".join(explorers["problems"][:15])
    assert not got["errors"], f"console errors on {page_name} at 375 px: {got['errors']}"
    assert not got["foreign"], f"{page_name} at 375 px asked other hosts for {got['foreign']}"


def test_some_pages_have_explorers_to_check_at_phone_width(built_book):
    with_explorers = [p for p in PAGES if explorers_built(built_book, p)]
    assert len(with_explorers) >= 5, f"only {with_explorers} have in-page explorers"
