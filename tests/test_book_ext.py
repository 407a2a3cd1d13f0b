"""The book's own Sphinx extensions (book/_ext/upstream_html_fixes.py, upstream_bibtex.py), without building the book."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import pytest

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("upstream_html_fixes", ROOT / "book/_ext/upstream_html_fixes.py")
fixes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixes)


class Js(SimpleNamespace):
    """Stand-in for Sphinx's JavaScript entry: a filename and attributes (body for inline scripts)."""


def test_repeated_inline_scripts_are_dropped_and_order_kept():
    thebe_a = Js(filename=None, attributes={"body": "const THEBE_JS_URL = 1"})
    thebe_b = Js(filename="", attributes={"body": "const THEBE_JS_URL = 1"})
    other = Js(filename="_static/a.js", attributes={})
    other_again = Js(filename="_static/a.js", attributes={})
    different = Js(filename=None, attributes={"body": "const X = 2"})
    context = {"script_files": [thebe_a, other, thebe_b, different, other_again]}
    fixes._dedupe_scripts(None, "page", "page.html", context, None)
    assert context["script_files"] == [thebe_a, other, different]


def test_pages_without_scripts_are_left_alone():
    context = {"body": "x"}
    fixes._dedupe_scripts(None, "page", "page.html", context, None)
    assert context == {"body": "x"}


def test_bibliography_entries_become_list_items():
    context = {"body": '<div role="list"><div role="doc-biblioentry">A</div><div role="doc-biblioentry">B</div></div>'}
    fixes._biblioentry_as_listitem(None, "bibliography", "page.html", context, None)
    assert context["body"].count('role="listitem"') == 2 and "doc-biblioentry" not in context["body"]
    other = {"body": "<p>no bibliography</p>"}
    fixes._biblioentry_as_listitem(None, "index", "page.html", other, None)
    assert other["body"] == "<p>no bibliography</p>"


def _app(outdir, fmt="html"):
    return SimpleNamespace(outdir=str(outdir), builder=SimpleNamespace(format=fmt))


@pytest.fixture
def built(tmp_path):
    (tmp_path / "_static/scripts").mkdir(parents=True)
    for name in ("fontawesome.js", "fontawesome.js.map", "bootstrap.js"):
        (tmp_path / "_static/scripts" / name).write_text("//", encoding="utf-8")
    page = tmp_path / "book" / "page.html"
    page.parent.mkdir()
    page.write_text(
        '<head>\n  <script defer src="../_static/scripts/fontawesome.js?digest=abc"></script>\n'
        '<script src="../_static/scripts/bootstrap.js"></script></head>',
        encoding="utf-8",
    )
    return tmp_path, page


def test_fontawesome_js_is_removed_from_pages_and_static_files(built):
    out, page = built
    fixes._drop_fontawesome_js(_app(out), None)
    html = page.read_text(encoding="utf-8")
    assert "fontawesome.js" not in html and "bootstrap.js" in html
    assert not (out / "_static/scripts/fontawesome.js").exists()
    assert not (out / "_static/scripts/fontawesome.js.map").exists()
    assert (out / "_static/scripts/bootstrap.js").exists()


@pytest.mark.parametrize("app, exception", [("latex", None), ("html", RuntimeError("build failed"))])
def test_fontawesome_fix_skips_failed_and_non_html_builds(built, app, exception):
    out, page = built
    before = page.read_text(encoding="utf-8")
    fixes._drop_fontawesome_js(_app(out, app), exception)
    assert page.read_text(encoding="utf-8") == before
    assert (out / "_static/scripts/fontawesome.js").exists()


def test_setup_connects_every_fix_and_is_parallel_safe():
    connected = []
    app = SimpleNamespace(connect=lambda event, fn, priority=500: connected.append((event, fn.__name__, priority)))
    meta = fixes.setup(app)
    assert ("html-page-context", "_dedupe_scripts", 900) in connected
    assert ("html-page-context", "_biblioentry_as_listitem", 900) in connected
    assert any(event == "build-finished" and name == "_drop_fontawesome_js" for event, name, _ in connected)
    assert meta["parallel_read_safe"] is True


def test_pybtex_plugins_are_found_without_scanning_entry_points_again(monkeypatch):
    """book/_ext/upstream_bibtex.py: after it runs, pybtex finds each style plugin the scan found."""
    from importlib.metadata import entry_points

    import pybtex.plugin

    spec = importlib.util.spec_from_file_location("upstream_bibtex", ROOT / "book/_ext/upstream_bibtex.py")
    bibtex = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bibtex)
    wanted = {
        (group, name): next(iter(entry_points(group=group, name=name))).load()
        for group, name in [
            ("pybtex.style.formatting", "unsrt"),
            ("pybtex.style.formatting", "plain"),
            ("pybtex.style.labels", "number"),
            ("pybtex.style.sorting", "author_year_title"),
            ("pybtex.backends", "html"),
        ]
    }
    assert bibtex.register_pybtex_plugins() >= len(wanted)

    def no_scan(*args, **kwargs):
        raise AssertionError("pybtex scanned the installed entry points again")

    monkeypatch.setattr(pybtex.plugin, "entry_points", no_scan)
    for (group, name), klass in wanted.items():
        assert pybtex.plugin.find_plugin(group, name) is klass
    assert pybtex.plugin.find_plugin("pybtex.style.formatting") is wanted[("pybtex.style.formatting", "unsrt")]
    assert pybtex.plugin.find_plugin("pybtex.database.input", filename="references.bib").__module__.endswith("bibtex")
    monkeypatch.undo()  # a name nobody registered is still looked for, and still not found
    with pytest.raises(pybtex.plugin.PluginNotFound, match="no-such-style"):
        pybtex.plugin.find_plugin("pybtex.style.formatting", "no-such-style")
