"""Nothing in the main column is cut off, on a laptop and on a phone (issue 12, part 6).

Every page of the built book is loaded in headless Chromium at 1280 and 375 CSS
pixels wide. In the main column (``article.bd-article``):

* no element, and no line of text, reaches past the column's edges unless it
  sits inside a container that scrolls sideways (a wide table, a code block);
* every container that does scroll sideways can be reached with the keyboard
  (``tabindex="0"``), so a keyboard user can scroll it too;
* no element hides overflowing content (``overflow: hidden`` with more content
  than room) and printed output wraps instead of scrolling;
* the page itself never scrolls sideways.
"""

from __future__ import annotations

import pytest
from test_browser import PAGES, TOC_PAGES

from conftest import settle_page

pytestmark = [pytest.mark.browser]

WIDTHS = (1280, 375)

JS_OVERFLOW = """() => {
  const main = document.querySelector('article.bd-article') || document.querySelector('main');
  const column = main.getBoundingClientRect();
  const doc = document.documentElement;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.classList.length ? '.' + [...el.classList].slice(0, 3).join('.') : '') +
      ' "' + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50) + '"';
  const scrollsX = s => s.overflowX === 'auto' || s.overflowX === 'scroll';
  const clipsX = s => s.overflowX === 'hidden' || s.overflowX === 'clip';
  const out = {sticking_out: [], cut_off: [], scrollers: [], unwrapped_output: [],
               page: {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth},
               column: [column.left, column.right]};
  for (const el of main.querySelectorAll('*')) {
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: false})) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;            // visually hidden helpers
    const s = getComputedStyle(el);
    // inside a container that scrolls (or is meant to clip) sideways?
    let inside = null;
    for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
      const sa = getComputedStyle(a);
      if (scrollsX(sa) || clipsX(sa)) { inside = a; break; }
    }
    if (!inside && (r.right > column.right + 1 || r.left < column.left - 1))
      out.sticking_out.push(`${name(el)}: ${Math.round(r.left)}..${Math.round(r.right)} outside the column ` +
                            `${Math.round(column.left)}..${Math.round(column.right)}`);
    const over = el.scrollWidth > el.clientWidth + 1;
    if (over && scrollsX(s))
      out.scrollers.push({el: name(el), focusable: el.tabIndex >= 0 && el.getAttribute('tabindex') !== null});
    else if (over && clipsX(s) && el.tagName !== 'svg')
      out.cut_off.push(`${name(el)}: ${el.scrollWidth - el.clientWidth} px of content hidden`);
    // text that runs past the column edge (a long URL in a narrow box)
    for (const n of el.childNodes) {
      if (n.nodeType !== Node.TEXT_NODE || !n.textContent.trim() || inside || scrollsX(s) || clipsX(s)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const t = range.getBoundingClientRect();
      if (t.width > 0 && t.right > column.right + 1)
        out.sticking_out.push(`text in ${name(el)}: runs to ${Math.round(t.right)}, column ends at ${Math.round(column.right)}`);
    }
    // printed output (stdout/stderr, plain-text results) wraps rather than scrolls
    if (el.matches('div.output pre, div.cell_output pre') && over)
      out.unwrapped_output.push(`${name(el)}: white-space ${s.whiteSpace}`);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def layouts(browser, book_server):  # noqa: F811 - pytest fixtures
    cache: dict[tuple[str, int], dict] = {}

    def get(page_name: str, width: int) -> dict:
        key = (page_name, width)
        if key not in cache:
            context = browser.new_context(viewport={"width": width, "height": 900})
            try:
                page = context.new_page()
                page.goto(book_server + page_name, wait_until="load")
                if page_name == "index.html":  # a meta-refresh to the first page of the book
                    page.wait_for_url(book_server + TOC_PAGES[0])
                settle_page(page)
                cache[key] = page.evaluate(JS_OVERFLOW)
            finally:
                context.close()
        return cache[key]

    return get


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_name", PAGES)
def test_nothing_in_the_main_column_is_cut_off(layouts, page_name, width):
    got = layouts(page_name, width)
    problems = (
        [f"sticks out of the column: {x}" for x in got["sticking_out"]]
        + [f"cut off: {x}" for x in got["cut_off"]]
        + [f"scrolls but cannot be reached by keyboard: {x['el']}" for x in got["scrollers"] if not x["focusable"]]
        + [f"printed output does not wrap: {x}" for x in got["unwrapped_output"]]
    )
    if got["page"]["scrollWidth"] > got["page"]["clientWidth"] + 1:
        problems.append(f"the page scrolls sideways: {got['page']}")
    assert not problems, f"{page_name} at {width} px:\n" + "\n".join(problems[:15])
