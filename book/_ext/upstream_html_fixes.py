"""Small fixes to the HTML that Sphinx and the theme give us (loaded from _config.yml).

Each fix answers a check in tests/test_browser.py; keep them few and explained.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

FONTAWESOME_JS = re.compile(r'\s*<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>')


def _dedupe_scripts(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """Drop repeated <script> entries.

    With Sphinx 7.4, sphinx-thebe and sphinx-togglebutton add their inline
    configuration scripts twice (once with filename None, once with ""), so
    every page declares
    ``const THEBE_JS_URL`` twice and the browser reports
    "SyntaxError: Identifier 'THEBE_JS_URL' has already been declared".
    Keeping the first of identical entries (same file, same attributes and
    inline body) removes the error and changes nothing else.
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set = set()
    kept = []
    for js in scripts:
        # an inline script's filename is None in one copy and "" in the other,
        # which is why Sphinx's own de-duplication misses them
        key = (str(getattr(js, "filename", js) or ""), tuple(sorted(getattr(js, "attributes", {}).items())))
        if key in seen:
            continue
        seen.add(key)
        kept.append(js)
    context["script_files"] = kept


def _biblioentry_as_listitem(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """Give bibliography entries ``role="listitem"``.

    Docutils marks each entry ``role="doc-biblioentry"`` inside a
    ``role="list"`` container. DPUB-ARIA 1.1 deprecates doc-biblioentry, so
    screen readers (and axe's critical rule aria-required-children) see a list
    whose children are bare links rather than list items. ``listitem`` is the
    role DPUB-ARIA recommends instead.
    """
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


SUPPORT_HREF = re.compile(r'href="[^"]*support\.html"')


def _support_link_from_this_page(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """Point the announcement bar's support link at book/support.html from where the page is.

    The announcement is one piece of HTML for every page, so its link was written
    relative to a page one folder deep (``../book/support.html``). On pages at the
    top of the site (``search.html``, ``genindex.html``) that climbs out of the
    site: a browser forgives it over HTTP but not with the book opened as a file,
    which is how ``make book`` says to open it. The path is worked out from each
    page's own folder (not with ``pathto``, which gives "#" on the support page
    itself, and a link there should still lead to the page).
    """
    announcement = context.get("theme_announcement")
    if not announcement or "support.html" not in announcement:
        return
    href = posixpath.relpath("book/support.html", posixpath.dirname(pagename) or ".")
    context["theme_announcement"] = SUPPORT_HREF.sub(f'href="{href}"', announcement)


def _drop_fontawesome_js(app, exception) -> None:
    """Serve the theme's icons from its CSS webfont only, without fontawesome.js.

    pydata-sphinx-theme loads Font Awesome twice: a webfont with every glyph
    mapped in its own CSS, and fontawesome.js (1.5 MB, about 60 % of a first
    visit), which only swaps the same icons for inline SVG. On workshop Wi-Fi
    that script is the heaviest thing on every page, and the icons look the
    same without it, so it is removed from every page after the build.
    """
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = FONTAWESOME_JS.sub("", text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    for name in ("fontawesome.js", "fontawesome.js.map"):
        (out / "_static" / "scripts" / name).unlink(missing_ok=True)


def setup(app):
    # priority > 500: run after the theme and the other extensions have filled the context
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _biblioentry_as_listitem, priority=900)
    app.connect("html-page-context", _support_link_from_this_page, priority=900)
    app.connect("build-finished", _drop_fontawesome_js)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
