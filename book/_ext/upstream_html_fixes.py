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


BOOK_HREF = re.compile(r'href="(?:\.\./)?(book/[^"#]+\.html)(#[^"]*)?"')


def _announcement_links_from_this_page(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """Point the announcement bar's links (support, young people's help) at their pages
    from where each page is.

    The announcement is one piece of HTML for every page, so its links are written
    relative to a page one folder deep (``../book/support.html``). On pages at the
    top of the site (``search.html``, ``genindex.html``) that climbs out of the
    site: a browser forgives it over HTTP but not with the book opened as a file,
    which is how ``make book`` says to open it. The path is worked out from each
    page's own folder (not with ``pathto``, which gives "#" on the page itself,
    where the link should still lead to the page).
    """
    announcement = context.get("theme_announcement")
    if not announcement or "book/" not in announcement:
        return
    here = posixpath.dirname(pagename) or "."

    def relative(m: re.Match) -> str:
        return f'href="{posixpath.relpath(m.group(1), here)}{m.group(2) or ""}"'

    context["theme_announcement"] = BOOK_HREF.sub(relative, announcement)


def _summary_named_by_its_text(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """Let myst-nb's "Show code cell source" toggles be named by what they show.

    myst-nb writes ``<summary aria-label="Toggle hidden content">`` around the
    visible words "Show code cell source" / "Hide code cell source". A name that
    leaves out the visible label fails WCAG 2.5.3 Label in Name (axe-core
    label-content-name-mismatch, serious), and a speech-input user saying
    "click show code cell source" would not find it. Without the aria-label the
    summary's name is its visible text (the hidden half is display: none).
    """
    body = context.get("body")
    if body and '<summary aria-label="Toggle hidden content">' in body:
        context["body"] = body.replace('<summary aria-label="Toggle hidden content">', "<summary>")


def _no_widget_state(app, doctree) -> None:
    """Keep saved ipywidgets state out of the pages.

    Executing a notebook stores the state of every widget it showed
    (``application/vnd.jupyter.widget-state+json``, 56-174 kB a lesson), and
    myst-nb copies it into the page as a script for the widget manager. The book
    loads no widget JavaScript (``nb_ipywidgets_js: {}``; each explorer leaves a
    static figure instead), so nothing renders that state: it is dead weight.
    myst-nb files it under the page's js_files while parsing; drop it there, so
    it is neither kept in the build environment nor written into the HTML.
    """
    meta = getattr(app.env, "nb_metadata", None) or {}
    js_files = meta.get(app.env.docname, {}).get("js_files", {})
    for key in [k for k in js_files if k == "ipywidgets_state" or k.startswith("ipywidgets_")]:
        del js_files[key]


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
    app.connect("html-page-context", _announcement_links_from_this_page, priority=900)
    app.connect("html-page-context", _summary_named_by_its_text, priority=900)
    app.connect("doctree-read", _no_widget_state)
    app.connect("build-finished", _drop_fontawesome_js)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
