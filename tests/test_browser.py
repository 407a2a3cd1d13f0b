"""The rendered book in a real browser (headless Chromium driven by Playwright).

The book is built once per session (``built_book`` in conftest.py), served on
127.0.0.1 by a threaded ``http.server`` on a free port, and every page is
loaded in Debian's Chromium (never a browser that Playwright downloads). The
pages visited are found, not listed: every file in ``_toc.yml`` plus the root
redirect, ``search.html`` and ``genindex.html`` (both linked from every page by
the theme); a separate test checks that this covers every HTML page that was
built under book/ and notebooks/.

Each page is loaded once per run of this module, in a fresh 1280 x 900 browser context (cold cache),
and the facts are kept in a ``Visit``; the tests below each check one rule, per
page, so a failure names the page and the rule:

1. no console errors, page errors, failed requests or HTTP errors;
2. no request to any host but the local server (they are recorded and aborted);
3. axe-core (from npm, package.json; WCAG 2.0, 2.1 and 2.2 A and AA) finds no
   serious or critical violation; the count of every impact level, and the
   moderate and minor rules, are printed at the end of the session;
4. images carry meaningful alt text (decorative ones say so), explorer figures
   are static images with alt text and captions, no dead controls, headings in
   order;
5. the support link is on every page and leads, in one click, to a page with
   the hotline number;
6. on lesson pages, solutions are collapsed and open when their toggle is clicked;
7. nothing in the main column is cut off at laptop width (the rules of
   tests/test_layout.py, which loads every page again at phone width).

Also: a lesson page at 200 % zoom does not scroll sideways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, refuse_other_hosts, require_chromium, settle_page
from upstream.course.support import load_support

pytestmark = [pytest.mark.browser]

#: the National Human Trafficking Hotline's number as the book's one data file writes it
HOTLINE = load_support().resource("nhth").contact("call").label
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
IMPACTS = ("critical", "serious", "moderate", "minor")
# Axe rules we switch off, with the reason. Only theme bugs we cannot fix, and
# only rules whose impact is minor or moderate. Empty: nothing needed it so far.
AXE_RULES_OFF: dict[str, str] = {}
#: the window every page is visited in (a laptop); tests/test_layout.py loads each at phone width too
LAPTOP = {"width": 1280, "height": 900}


# --------------------------------------------------------------------------- pages


def _toc_files(node) -> list[str]:
    """Every ``file:`` (and the ``root:``) in a parsed _toc.yml, in order."""
    found: list[str] = []
    if isinstance(node, dict):
        for key in ("root", "file"):
            if isinstance(node.get(key), str):
                found.append(node[key])
        for value in node.values():
            if isinstance(value, (dict, list)):
                found += _toc_files(value)
    elif isinstance(node, list):
        for item in node:
            found += _toc_files(item)
    return found


def _toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = []
    for name in _toc_files(toc):
        name = re.sub(r"\.(md|ipynb|rst)$", "", name)
        if f"{name}.html" not in pages:
            pages.append(f"{name}.html")
    return pages


TOC_PAGES = _toc_pages()
ROOT_INDEX = "index.html"  # <meta http-equiv="Refresh"> to the toc root
PAGES = [ROOT_INDEX, *TOC_PAGES, "search.html", "genindex.html"]
LESSON_PAGES = [p for p in TOC_PAGES if re.fullmatch(r"notebooks/lesson-\d+.*\.html", p)]


def built_pages(html_root: Path) -> set[str]:
    return {
        p.relative_to(html_root).as_posix()
        for p in html_root.glob("*/*.html")
        if p.parent.name in {"book", "notebooks"}
    }


# --------------------------------------------------------------------------- fixtures


#: axe-core from the npm registry, pinned in package.json/package-lock.json and installed
#: by `npm ci` (make test, .ci/run); never from a CDN.
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS}): run `npm ci` in {ROOT} (make test does)", pytrace=False)
    return AXE_JS.read_text(encoding="utf-8")


def test_axe_core_is_the_version_package_json_pins():
    import json

    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    installed = json.loads((AXE_JS.parent / "package.json").read_text(encoding="utf-8"))["version"]
    assert installed == pinned, f"node_modules has axe-core {installed}, package.json pins {pinned}: run `npm ci`"
    assert re.fullmatch(r"4\.\d+\.\d+", pinned), f"pin an exact axe-core 4.x version, not {pinned!r}"


# --------------------------------------------------------------------------- one visit per page


@dataclass
class Visit:
    page: str
    final_url: str = ""
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    axe: dict = field(default_factory=dict)
    images: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    dead_controls: list[str] = field(default_factory=list)
    headings: list[tuple[int, str, bool]] = field(default_factory=list)  # (level, text, inside <main>)
    support: dict = field(default_factory=dict)
    solutions: list[dict] = field(default_factory=list)
    layout: dict = field(default_factory=dict)  # JS_OVERFLOW at laptop width, as loaded
    has_hotline: bool = False  # the National Human Trafficking Hotline's number is in the page's text


# Is an element rendered (so seen and read out)? Hidden print-only headers and
# collapsed solutions are not.
JS_RENDERED = "el => el.checkVisibility({visibilityProperty: true}) && !el.closest('[aria-hidden=true]')"

JS_FACTS = """() => {
  const shown = el => el.checkVisibility({visibilityProperty: true}) && !el.closest('[aria-hidden=true]');
  const images = [...document.querySelectorAll('img')].map(img => ({
    src: (img.getAttribute('src') || '').slice(0, 80),
    alt: img.getAttribute('alt'),
    role: img.getAttribute('role'),
    ariaHidden: img.closest('[aria-hidden=true]') !== null,
  }));
  const figures = [...document.querySelectorAll('figure.upstream-figure')].map(f => ({
    alt: (f.querySelector('img') || {}).alt ?? null,
    caption: ((f.querySelector('figcaption') || {}).textContent || '').trim(),
  }));
  // controls of a live in-page explorer (data-live=true, tests/test_explorers_browser.py) work without a kernel
  const dead = [...document.querySelectorAll(
      'input[type=range], .jupyter-widgets, .widget-area, script[type="application/vnd.jupyter.widget-view+json"]')]
    .filter(el => !el.closest('[data-explorer][data-live="true"]'))
    .map(el => el.outerHTML.slice(0, 120));
  // headings as assistive technology meets them: <hN> and role=heading (the
  // theme's sidebar captions are role=heading aria-level=2), in document order
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading]')].filter(shown)
    .map(h => [Number(h.getAttribute('aria-level')) || Number(h.tagName.slice(1)) || 2,
               h.textContent.replace(/[#¶]\\s*$/, '').trim().slice(0, 60),
               h.closest('main') !== null]);
  return {images, figures, dead, headings};
}"""

#: What sticks out of, or is cut off in, the main column (``article.bd-article``); see tests/test_layout.py
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


def layout_problems(got: dict) -> list[str]:
    """The problems in a :data:`JS_OVERFLOW` result, one line each (none: the column is whole)."""
    problems = (
        [f"sticks out of the column: {x}" for x in got["sticking_out"]]
        + [f"cut off: {x}" for x in got["cut_off"]]
        + [f"scrolls but cannot be reached by keyboard: {x['el']}" for x in got["scrollers"] if not x["focusable"]]
        + [f"printed output does not wrap: {x}" for x in got["unwrapped_output"]]
    )
    if got["page"]["scrollWidth"] > got["page"]["clientWidth"] + 1:
        problems.append(f"the page scrolls sideways: {got['page']}")
    return problems


def _visit(browser, base: str, page_name: str, axe_source: str) -> Visit:
    visit = Visit(page_name)
    context = browser.new_context(viewport=LAPTOP)
    try:
        refuse_other_hosts(context, base, visit.foreign_requests)  # recorded and never sent
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                visit.console_errors.append(f"{m.text} ({m.location.get('url', '')})") if m.type == "error" else None
            ),
        )
        page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
        page.on("request", lambda r: visit.requests.append(r.url))
        page.on("requestfailed", lambda r: visit.failed_requests.append(f"{r.url}: {r.failure}"))
        page.on("response", lambda r: visit.http_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

        page.goto(base + page_name, wait_until="load")
        if page_name == ROOT_INDEX:
            page.wait_for_url(base + TOC_PAGES[0], timeout=10_000)
        settle_page(page)
        visit.final_url = page.url
        # What loading did is settled: keep its errors apart from what the checks below cause.
        # Requests are recorded over the whole visit (a second or more after load: the checks
        # and axe take that long), so a request sent late, after the load event, is seen too.
        loaded = {
            name: list(getattr(visit, name))
            for name in (
                "console_errors",
                "page_errors",
                "failed_requests",
                "http_errors",
            )
        }

        facts = page.evaluate(JS_FACTS)
        visit.images, visit.figures, visit.dead_controls = facts["images"], facts["figures"], facts["dead"]
        visit.headings = [tuple(h) for h in facts["headings"]]
        visit.layout = page.evaluate(JS_OVERFLOW)
        visit.has_hotline = HOTLINE in page.inner_text("body")

        # axe-core from node_modules (npm ci), never a CDN. preload: false stops
        # axe fetching stylesheets itself: it resolves the theme's @import
        # "../basic.css" against the page, not the stylesheet, and asks for a
        # /basic.css that does not exist. No WCAG A/AA rule needs the preload.
        page.add_script_tag(content=axe_source)
        options = {
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "preload": False,
            "resultTypes": ["violations", "incomplete"],
        }
        if AXE_RULES_OFF:
            options["rules"] = {rule: {"enabled": False} for rule in AXE_RULES_OFF}
        result = page.evaluate("opts => axe.run(document, opts)", options)
        visit.axe = {
            "version": result["testEngine"]["version"],
            "violations": [
                {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
                for v in result["violations"]
            ],
            "incomplete": sorted(f"{x['impact']}:{x['id']}" for x in result["incomplete"]),
        }

        if page_name in LESSON_PAGES:
            visit.solutions = _open_solutions(page)
        visit.support = _follow_support_link(page)

        for name, events in loaded.items():
            setattr(visit, name, events)
    finally:
        context.close()
    return visit


JS_SOLUTION_STATES = f"""() => [...document.querySelectorAll('div.solution')].map(sol => {{
  const rendered = {JS_RENDERED};
  const body = [...sol.querySelectorAll(':scope > :not(.admonition-title)')];
  return {{id: sol.id, hidden: body.length > 0 && body.every(el => !rendered(el)),
           shown: body.length > 0 && body.every(el => rendered(el))}};
}})"""


def _open_solutions(page) -> list[dict]:
    """For each solution: was its body hidden at first, and shown after clicking its toggle?"""
    before = page.evaluate(JS_SOLUTION_STATES)
    solutions = page.locator("div.solution")
    for i in range(len(before)):
        sol = solutions.nth(i)
        button = sol.locator("button.toggle-button")
        toggle = button.first if button.count() else sol.locator(".admonition-title").first
        toggle.click()
    if before:
        try:  # every body shown (each toggle was clicked once)
            page.wait_for_function(f"() => ({JS_SOLUTION_STATES})().every(s => s.shown)", timeout=3000)
        except Exception:  # noqa: BLE001 - reported below as "not shown"
            pass
    after = page.evaluate(JS_SOLUTION_STATES)
    return [{"id": b["id"], "hidden_before": b["hidden"], "shown_after": a["shown"]} for b, a in zip(before, after)]


def _follow_support_link(page) -> dict:
    """Click the announcement-bar support link; report where it led."""
    link = page.locator(".bd-header-announcement a[href$='support.html']")
    if link.count() == 0:
        return {"present": False}
    link = link.first
    info = {"present": True, "visible": link.is_visible(), "href": link.evaluate("a => a.href")}
    # The click, up to the support page's answer; what that page shows is checked on its own visit.
    with page.expect_navigation(wait_until="commit") as nav:
        link.click()
    response = nav.value
    info.update(status=response.status if response else None, url=response.url if response else page.url)
    return info


@pytest.fixture(scope="module")
def visits(browser, book_server, axe_source):
    """Load each page at most once per session: ``visits(page_name) -> Visit``."""
    cache: dict[str, Visit] = {}

    def get(page_name: str) -> Visit:
        if page_name not in cache:
            cache[page_name] = _visit(browser, book_server, page_name, axe_source)
        return cache[page_name]

    return get


# --------------------------------------------------------------------------- tests


def test_chromium_is_installed():
    require_chromium()


def test_every_built_page_is_visited(built_book):
    built = built_pages(built_book)
    assert built, "no pages were built under book/ or notebooks/"
    missed = sorted(built - set(PAGES))
    assert not missed, f"built but not visited by the browser tests (add them to _toc.yml?): {missed}"
    for name in PAGES:
        assert (built_book / name).is_file(), f"{name} is in _toc.yml (or the theme) but was not built"
    assert LESSON_PAGES, "no lesson pages found in _toc.yml"


def test_requests_to_other_hosts_are_refused_and_recorded(browser, book_server):
    """The net the visits rely on: a request for another host is noted and never sent; the book's own pass."""
    seen: list[str] = []
    context = browser.new_context()
    try:
        refuse_other_hosts(context, book_server, seen)
        page = context.new_page()
        page.goto(book_server + "book/support.html", wait_until="load")
        local = page.evaluate("url => fetch(url).then(r => r.status)", book_server + "book/glossary.html")
        page.evaluate(
            """() => new Promise(resolve => {
                 const img = new Image();
                 img.onerror = img.onload = resolve;
                 img.src = 'https://cdn.example.org/x.png';
               })"""
        )
        inline = page.evaluate("() => fetch('data:text/plain,hi').then(r => r.text())")
    finally:
        context.close()
    assert local == 200 and inline == "hi"
    assert seen == ["https://cdn.example.org/x.png"]


@pytest.mark.parametrize("page_name", PAGES)
def test_page_loads_without_errors(visits, page_name):
    v = visits(page_name)
    problems = (
        [f"console error: {e}" for e in v.console_errors]
        + [f"page error: {e}" for e in v.page_errors]
        + [f"failed request: {e}" for e in v.failed_requests]
        + [f"HTTP {e}" for e in v.http_errors]
    )
    assert not problems, f"{page_name}:\n" + "\n".join(problems)
    if page_name == ROOT_INDEX:
        assert v.final_url.endswith("/" + TOC_PAGES[0]), (
            f"the root index did not redirect to {TOC_PAGES[0]}: {v.final_url}"
        )


@pytest.mark.parametrize("page_name", PAGES)
def test_page_requests_nothing_from_other_hosts(visits, book_server, page_name):
    v = visits(page_name)
    assert v.requests, f"{page_name}: no requests recorded at all"
    others = sorted(
        set(v.foreign_requests) | {u for u in v.requests if not u.startswith(book_server) and not u.startswith("data:")}
    )
    assert not others, f"{page_name} asks other hosts for: {others}"


@pytest.mark.parametrize("page_name", PAGES)
def test_axe_finds_no_serious_or_critical_violations(visits, page_name, record_property):
    v = visits(page_name)
    counts = {impact: {"rules": 0, "elements": 0} for impact in IMPACTS}
    for violation in v.axe["violations"]:
        impact = violation["impact"] or "minor"
        counts[impact]["rules"] += 1
        counts[impact]["elements"] += len(violation["nodes"])
    record_property(
        "axe",
        {
            "page": page_name,
            "version": v.axe["version"],
            "counts": counts,
            "incomplete": len(v.axe["incomplete"]),
            "review": v.axe["incomplete"],
            "rules": sorted(f"{x['impact']}:{x['id']}" for x in v.axe["violations"]),
        },
    )
    print(
        f"\naxe {page_name}: "
        + ", ".join(f"{k} {c['rules']} rules/{c['elements']} elements" for k, c in counts.items())
    )
    bad = [x for x in v.axe["violations"] if x["impact"] in ("serious", "critical")]
    assert not bad, f"{page_name}: " + "; ".join(
        f"{x['impact']} {x['id']} ({x['help']}) at {x['nodes'][:5]}" for x in bad
    )


@pytest.mark.parametrize("page_name", PAGES)
def test_nothing_in_the_main_column_is_cut_off_at_laptop_width(visits, page_name):
    """tests/test_layout.py's rules at 1280 px, on the page as this module's visit loaded it."""
    problems = layout_problems(visits(page_name).layout)
    assert not problems, f"{page_name} at {LAPTOP['width']} px:\n" + "\n".join(problems[:15])


GENERIC_ALT = re.compile(r"^(image|img|picture|photo|figure|fig|plot|graph|chart|icon|logo|png|output)\s*\d*$", re.I)
FILENAME_ALT = re.compile(r"\.(png|jpe?g|gif|svg|webp|bmp)$|^[\w-]+_\d+$", re.I)


@pytest.mark.parametrize("page_name", PAGES)
def test_images_have_meaningful_alt_text(visits, page_name):
    v = visits(page_name)
    decorative, problems = [], []
    for img in v.images:
        alt = img["alt"]
        if alt is None:
            problems.append(f"no alt attribute: {img['src']}")
        elif not alt.strip():
            if img["role"] in ("presentation", "none") or img["ariaHidden"]:
                decorative.append(img["src"])
            else:
                problems.append(f'alt="" but not marked decorative (role=presentation or aria-hidden): {img["src"]}')
        elif FILENAME_ALT.search(alt.strip()) or GENERIC_ALT.match(alt.strip()) or alt.strip() == Path(img["src"]).name:
            problems.append(f"alt text is a file name or a placeholder ({alt!r}): {img['src']}")
    print(f"\nimages {page_name}: {len(v.images)} images, {len(decorative)} decorative {decorative}")
    assert not problems, f"{page_name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page_name", PAGES)
def test_figures_are_static_and_controls_are_not_dead(visits, page_name):
    v = visits(page_name)
    assert not v.dead_controls, (
        f"{page_name} shows widget controls that do nothing without a kernel: {v.dead_controls[:3]}"
    )
    for fig in v.figures:
        assert fig["alt"] and len(fig["alt"].strip()) > 20, f"{page_name}: a figure's image has no real alt text: {fig}"
        assert fig["caption"], f"{page_name}: a figure has no caption (alt starts {fig['alt'][:60]!r})"
    if page_name in LESSON_PAGES:
        assert v.figures, f"{page_name}: a lesson page with no static figure"


@pytest.mark.parametrize("page_name", PAGES)
def test_headings_are_in_order(visits, page_name):
    v = visits(page_name)
    levels = [level for level, _, _ in v.headings]
    assert levels.count(1) == 1, f"{page_name}: {levels.count(1)} visible level-1 headings (want one): {v.headings}"
    in_main = [h for h in v.headings if h[2]]
    assert in_main and in_main[0][0] == 1, f"{page_name}: the page's content does not open with its h1: {in_main[:3]}"
    for (before, _, _), (after, text, _) in zip(v.headings, v.headings[1:]):
        assert after <= before + 1, (
            f"{page_name}: level {before} is followed by level {after} ({text!r}): a level is skipped"
        )


@pytest.mark.parametrize("page_name", PAGES)
def test_support_link_is_one_click_away(visits, page_name):
    s = visits(page_name).support
    assert s.get("present"), f"{page_name}: no support link in the announcement bar"
    assert s["visible"], f"{page_name}: the support link is not visible"
    assert s["status"] == 200, f"{page_name}: the support link {s['href']} answered {s['status']}"
    assert s["url"].endswith("/book/support.html"), f"{page_name}: the support link led to {s['url']}"
    assert visits("book/support.html").has_hotline, f"the support page does not show the hotline {HOTLINE}"


@pytest.mark.parametrize("page_name", LESSON_PAGES)
def test_solutions_are_collapsed_until_opened(visits, page_name):
    solutions = visits(page_name).solutions
    assert len(solutions) >= 2, f"{page_name}: {len(solutions)} solutions (the lesson template asks for at least two)"
    for sol in solutions:
        assert sol["hidden_before"], f"{page_name}: solution {sol['id']} is visible before it is opened"
        assert sol["shown_after"], f"{page_name}: solution {sol['id']} did not open when its toggle was clicked"


@pytest.mark.parametrize("page_name", LESSON_PAGES)
def test_lesson_is_readable_at_200_percent_zoom(browser, book_server, page_name):
    """A 1280-pixel-wide screen at 200 % zoom is a 640-CSS-pixel viewport at scale 2."""
    context = browser.new_context(viewport={"width": 640, "height": 800}, device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(book_server + page_name, wait_until="load")
        settle_page(page)
        sizes = page.evaluate(
            """() => {
              const d = document.documentElement;
              const article = document.querySelector('article') || document.querySelector('main');
              const imgs = [...document.querySelectorAll('figure.upstream-figure img')]
                .map(i => i.getBoundingClientRect()).map(r => [r.left, r.right]);
              const p = article.querySelector('p');
              return {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, imgs,
                      articleWidth: article.getBoundingClientRect().width,
                      fontPx: parseFloat(getComputedStyle(p).fontSize)};
            }"""
        )
    finally:
        context.close()
    assert sizes["scrollWidth"] <= sizes["clientWidth"] + 1, f"{page_name} scrolls sideways at 200 % zoom: {sizes}"
    assert sizes["articleWidth"] >= 0.8 * sizes["clientWidth"], (
        f"{page_name}: the text column is squeezed at 200 % zoom: {sizes}"
    )
    assert sizes["fontPx"] >= 14, f"{page_name}: body text is {sizes['fontPx']} px"
    for left, right in sizes["imgs"]:
        assert left >= -1 and right <= sizes["clientWidth"] + 1, (
            f"{page_name}: a figure overflows the screen at 200 % zoom: {sizes}"
        )


def test_theme_icons_render_from_the_webfont_without_fontawesome_js(browser, book_server):
    """book/_ext drops fontawesome.js (1.5 MB); the icons must still draw from the CSS webfont."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        scripts = []
        page.on("request", lambda r: scripts.append(r.url) if r.url.split("?")[0].endswith(".js") else None)
        page.goto(book_server + "notebooks/lesson-04-prevention-vs-rescue.html", wait_until="load")
        settle_page(page)
        page.evaluate("document.fonts.ready")
        icons = page.evaluate(
            """() => [...document.querySelectorAll('i.fa-solid, i.fas')].filter(i => i.offsetParent).map(i => {
                 const before = getComputedStyle(i, '::before');
                 return {cls: i.className, width: i.getBoundingClientRect().width,
                         family: getComputedStyle(i).fontFamily, content: before.content};
               })"""
        )
        loaded = page.evaluate("document.fonts.check('900 16px \"Font Awesome 6 Free\"')")
    finally:
        context.close()
    assert not [u for u in scripts if "fontawesome" in u], "fontawesome.js is still loaded"
    assert icons, "no visible theme icons found"
    for icon in icons:
        assert "Font Awesome" in icon["family"] and icon["content"] not in ("none", "normal", ""), icon
        assert icon["width"] > 4, f"icon {icon['cls']} has no width: {icon}"
    assert loaded, "the Font Awesome webfont did not load"
