"""The built book opened as a file, as `make book` tells a reader to open it, and its
header at a common laptop width.

tests/test_browser.py checks every page over HTTP; opened as a file a browser no
longer forgives a link that climbs above the site's folder, so the support link
is checked again here, on every page, in headless Chromium.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import settle_page
from upstream.course.support import load_support

pytestmark = [pytest.mark.browser]

#: the National Human Trafficking Hotline's number as the book's one data file writes it
HOTLINE = load_support().resource("nhth").contact("call").label


def pages_of(html) -> list[str]:
    """Every page a reader can reach: the root redirect, the pages under book/ and
    notebooks/, and the theme's search and index pages at the top."""
    pages = sorted(
        p.relative_to(html).as_posix() for p in html.glob("*/*.html") if p.parent.name in {"book", "notebooks"}
    )
    return ["index.html", *pages, "search.html", "genindex.html"]


ANNOUNCEMENT_LINKS = {
    # link target -> text the page it opens must show
    "support.html": HOTLINE,
    "young-people.html": "911",
}


def _announcement_link(page, name: str, target: str):
    link = page.locator(f".bd-header-announcement a[href$='{target}']")
    assert link.count() == 1, f"{name}: {link.count()} links to {target} in the announcement bar"
    assert link.first.is_visible(), f"{name}: the link to {target} is not visible"
    return link.first


def _click_opens(page, name: str, link, target: str, expect: str) -> None:
    href = link.get_attribute("href")
    try:
        with page.expect_navigation(wait_until="load"):
            link.click()
    except Exception as err:  # noqa: BLE001 - a file that does not exist: reported as the failure
        raise AssertionError(f"{name}: the link {href} does not open: {str(err).splitlines()[0]}") from None
    assert page.url.endswith(f"/book/{target}"), f"{name}: the link {href} led to {page.url}"
    assert expect in page.inner_text("body"), f"{name}: the page {target} opens without {expect!r}"


def _announcement_hrefs(html_file, target: str) -> list[str]:
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    return [a["href"] for a in soup.select(".bd-header-announcement a[href]") if a["href"].endswith(target)]


def test_support_links_work_on_every_page_opened_as_a_file(built_book, browser):
    """On every page, each announcement link resolves, from the page's file URL, to the page it names.

    The links are relative, so pages in one folder share their form: on the first page of each
    folder a reader reaches (the top, book/, notebooks/) each link is also clicked in Chromium
    and the page it opens is read. (tests/test_browser.py follows the support link on every
    page over HTTP.)
    """
    pages = pages_of(built_book)
    assert {"search.html", "genindex.html", "book/support.html"} <= set(pages)
    root_uri = built_book.resolve().as_uri() + "/"
    broken = []
    for name in pages:
        page_uri = (built_book / name).resolve().as_uri()
        if name == "index.html":  # no announcement: a meta-refresh to the first page (clicked below)
            continue
        for target in ANNOUNCEMENT_LINKS:
            hrefs = _announcement_hrefs(built_book / name, target)
            if len(hrefs) != 1:
                broken.append(f"{name}: {len(hrefs)} links to {target} in the announcement bar")
                continue
            resolved = urljoin(page_uri, hrefs[0])
            if resolved != root_uri + "book/" + target:
                broken.append(f"{name}: the link {hrefs[0]} resolves to {resolved}")
    # the first page of each folder, where index.html stands for book/ (its meta-refresh leads there)
    first: dict[str, str] = {}
    for name in pages:
        first.setdefault("book" if name == "index.html" else name.rpartition("/")[0], name)
    context = browser.new_context()
    clicked = set()
    try:
        page = context.new_page()
        for folder, name in first.items():
            url = (built_book / name).resolve().as_uri()
            for target, expect in ANNOUNCEMENT_LINKS.items():
                page.goto(url, wait_until="load")
                if name == "index.html":
                    page.wait_for_url(lambda u, start=url: u != start, timeout=10_000)
                try:
                    _click_opens(page, name, _announcement_link(page, name, target), target, expect)
                    clicked.add((folder, target))
                except AssertionError as err:
                    broken.append(str(err))
    finally:
        context.close()
    assert not broken, "\n".join(broken)
    assert {folder for folder, _ in clicked} == {"", "book", "notebooks"}


@pytest.mark.parametrize("width", [1280, 1440])
def test_one_search_box_at_laptop_width(book_server, browser, width):
    """A reader at a laptop's width sees one way to search, not two."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        # (not search.html, whose own content is a search form)
        for name in ("notebooks/lesson-04-prevention-vs-rescue.html", "book/support.html", "genindex.html"):
            page.goto(book_server + name, wait_until="load")
            settle_page(page)
            boxes = page.evaluate(
                """() => [...document.querySelectorAll(
                     'form.bd-search, .search-button-field, button.search-button, .search-button__button, input[type=search]')]
                   .filter(el => el.checkVisibility({visibilityProperty: true, opacityProperty: true}))
                   .filter(el => !el.parentElement.closest(
                     'form.bd-search, .search-button-field, button.search-button, .search-button__button'))
                   .map(el => el.className + ' ' + (el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30)))"""
            )
            assert len(boxes) == 1, f"{name} at {width} px shows {len(boxes)} search boxes: {boxes}"
    finally:
        context.close()
