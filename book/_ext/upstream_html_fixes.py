"""Small fixes to the HTML that Sphinx and the theme give us (loaded from _config.yml).

Each fix answers a check in tests/test_browser.py; keep them few and explained.
"""

from __future__ import annotations

from typing import Any


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


def setup(app):
    # priority > 500: run after the theme and the other extensions have filled the context
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _biblioentry_as_listitem, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
