"""The built book opened as a file, as `make book` tells a reader to open it, and its
header at a common laptop width.

tests/test_browser.py checks every page over HTTP; opened as a file a browser no
longer forgives a link that climbs above the site's folder, so the support link
is checked again here, on every page, in headless Chromium.
"""

from __future__ import annotations

import pytest

from conftest import BookServer, settle_page

pytestmark = [pytest.mark.browser]

HOTLINE = "1-888-373-7888"


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


def test_support_links_work_on_every_page_opened_as_a_file(built_book, browser):
    """On every page, each announcement link resolves (as Chromium resolves it) to the support page's file.

    The links are relative, so pages in one folder share them: on the first page of each folder
    (the top, book/, notebooks/) each link is also clicked and the page it opens is read.
    """
    pages = pages_of(built_book)
    assert {"search.html", "genindex.html", "book/support.html"} <= set(pages)
    expected = {target: (built_book / "book" / target).resolve().as_uri() for target in ANNOUNCEMENT_LINKS}
    context = browser.new_context()
    broken, clicked = [], set()
    try:
        page = context.new_page()
        for name in pages:
            url = (built_book / name).resolve().as_uri()
            shown = None  # the page's own URL, or where its meta-refresh led
            for target, expect in ANNOUNCEMENT_LINKS.items():
                if page.url != shown:
                    page.goto(url, wait_until="load")
                    if name == "index.html":  # a meta-refresh to the first page of the book
                        page.wait_for_url(lambda u, start=url: u != start, timeout=10_000)
                    shown = page.url
                    folder = shown.removeprefix(built_book.resolve().as_uri() + "/").rpartition("/")[0]
                try:
                    link = _announcement_link(page, name, target)
                    resolved = link.evaluate("a => a.href")
                    assert resolved == expected[target], f"{name}: the link to {target} resolves to {resolved}"
                    if (folder, target) not in clicked:
                        clicked.add((folder, target))
                        _click_opens(page, name, link, target, expect)
                except AssertionError as err:
                    broken.append(str(err))
    finally:
        context.close()
    assert not broken, "\n".join(broken)
    assert {folder for folder, _ in clicked} == {"", "book", "notebooks"}


@pytest.mark.parametrize("width", [1280, 1440])
def test_one_search_box_at_laptop_width(built_book, browser, width):
    """A reader at a laptop's width sees one way to search, not two."""
    server = BookServer(built_book)
    import threading

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        # (not search.html, whose own content is a search form)
        for name in ("notebooks/lesson-04-prevention-vs-rescue.html", "book/support.html", "genindex.html"):
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{name}", wait_until="load")
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
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
