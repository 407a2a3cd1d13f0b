"""The in-page explorers, quiz and sorter in the built book, in headless Chromium, with no kernel.

Each piece is found in the built pages by its ``data-explorer`` root, operated
from the keyboard only (Tab, arrow keys, Home/End, Space/Enter on native
controls), and after every step what the page shows is compared with what the
Python widget computes for the same control values: the status line and the
chart's text summary must be *equal* (same numbers, same sentence), and the
quiz and sorter feedback equal to :func:`upstream.widgets.Quiz.answer` and
:func:`Sorter.sort`. The capture-recapture surveys are random draws from the
page's own generator: there the Chapman estimate shown must equal Python's
for the counts shown, and the repeated-survey summary must agree with Python's
in distribution.

Also: no console error, no request to another host, zero serious or critical
axe-core violations after the explorers have been operated, the static fallback
without JavaScript, and the explorers start from ``file://``. At 375 px every
page's explorers are checked on tests/test_layout.py's phone-width load.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import numpy as np
import pytest

# the browser, the local server and axe-core exactly as the page-by-page browser tests set them up
from test_browser import AXE_RULES_OFF, AXE_TAGS, axe_source  # noqa: F401

from conftest import ROOT, Session

pytestmark = [pytest.mark.browser]

NAMES = ("quiz", "capture", "sorter", "model", "allocator", "deterrence", "screening")


def explorer_pages(html_root: Path) -> dict[str, list[str]]:
    """``{name: [page, ...]}`` for every ``data-explorer`` root in the built book."""
    found: dict[str, list[str]] = {}
    for page in sorted(html_root.glob("*/*.html")):
        text = page.read_text(encoding="utf-8")
        for name in re.findall(r'data-explorer="([a-z]+)"', text):
            rel = page.relative_to(html_root).as_posix()
            if rel not in found.setdefault(name, []):
                found[name].append(rel)
    return found


@pytest.fixture(scope="module")
def pages(built_book):
    found = explorer_pages(built_book)
    missing = [n for n in NAMES if n not in found]
    assert not missing, f"the built book has no data-explorer root for {missing}; found {found}"
    return found


@pytest.fixture
def session(browser, book_server):
    opened: list[Session] = []

    def open_page(page_name: str, **kwargs) -> Session:
        s = Session(browser, book_server, page_name, **kwargs)
        opened.append(s)
        return s

    yield open_page
    for s in opened:
        s.close()


def root(page, name: str, index: int = 0):
    r = page.locator(f'[data-explorer="{name}"]').nth(index)
    r.scroll_into_view_if_needed()
    assert r.get_attribute("data-live") == "true", (
        f"the {name} explorer did not go live: data-live={r.get_attribute('data-live')!r}"
    )
    return r


def config_of(r) -> dict:
    return json.loads(r.locator("script.upstream-explorer-config").text_content())


def settle(r):
    """Wait while the explorer says it is busy (the allocator sweeps every split in slices after a new total)."""
    r.locator('[aria-busy="true"]').wait_for(state="detached", timeout=60_000)


#: the explorer's status line and chart summary (one round trip)
JS_SHOWN = """r => [r.querySelector('[data-role="status"]').textContent,
                   r.querySelector('[data-role="summary"]').textContent]"""

#: the explorer's control values by name, as the page holds them (one round trip)
JS_VALUES = """r => Object.fromEntries([...r.querySelectorAll('.ux-live [name]')].map(el => [el.name, el.value]))"""


def shown(r) -> tuple[str, str]:
    settle(r)
    status, summary = r.evaluate(JS_SHOWN)
    return status, summary


def values_of(r, config) -> dict:
    """The page's control values, typed as the Python controls hold them."""
    raw = r.evaluate(JS_VALUES)
    out = {}
    for spec in config["controls"]:
        value = raw[spec["name"]]
        if spec["kind"] == "select":
            out[spec["name"]] = value
        elif spec["integer"]:
            out[spec["name"]] = int(round(float(value)))
        else:
            out[spec["name"]] = float(value)
    return out


def press(r, control: str, *keys: str):
    """Focus a control and press keys, as a keyboard user would."""
    el = r.locator(f'.ux-live [name="{control}"]')
    el.focus()
    for key in keys:
        el.press(key)


def text_of(widget_html: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", widget_html)).strip()


def assert_axe_clean(page, axe_src: str, what: str):
    page.add_script_tag(content=axe_src)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "preload": False, "resultTypes": ["violations"]}
    if AXE_RULES_OFF:
        options["rules"] = {rule: {"enabled": False} for rule in AXE_RULES_OFF}
    result = page.evaluate("opts => axe.run(document, opts)", options)
    bad = [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"axe-core {result['testEngine']['version']} after operating {what}:\n" + "\n".join(bad)


def assert_clean(s: Session, what: str):
    assert not s.errors, f"console errors on {what}: {s.errors}"
    assert not s.foreign, f"{what} asked other hosts for {s.foreign}"


# --------------------------------------------------------------------------- figure explorers


def python_widget(name: str):
    from upstream import widgets

    return {
        "model": widgets.ModelExplorer,
        "allocator": widgets.BudgetAllocator,
        "deterrence": widgets.DeterrenceExplorer,
        "screening": widgets.ScreeningExplorer,
        "capture": widgets.CaptureRecaptureExplorer,
    }[name]()


def assert_same_as_python(r, config, widget, step: str):
    values = values_of(r, config)
    assert widget.set(**values), f"Python refused {values} ({step}): {widget.message.value}"
    status, summary = shown(r)
    assert status == widget.status_text(), (
        f"{step}: status differs for {values}\npage:   {status}\npython: {widget.status_text()}"
    )
    assert summary == widget.alt, f"{step}: chart summary differs for {values}\npage:   {summary}\npython: {widget.alt}"
    return values


#: per explorer, keyboard steps: (control, keys); every control is moved at least once
STEPS = {
    "model": [
        ("prevention", ["ArrowRight"] * 3),
        ("identification", ["End"]),
        ("aftercare", ["ArrowLeft", "ArrowLeft"]),
        ("prosecution", ["Home"]),
        ("years", ["ArrowLeft"] * 4),
        ("years", ["End"]),
        ("prevention", ["PageUp"]),
    ],
    "deterrence": [
        ("certainty", ["ArrowRight"] * 5),
        ("sentence", ["End"]),
        ("discount", ["Home"]),
        ("discount", ["ArrowRight"] * 7),
        ("delay", ["ArrowRight", "ArrowRight"]),
        ("certainty", ["End"]),
        ("sentence", ["Home"]),
        ("delay", ["Home"]),
    ],
    "screening": [
        ("sensitivity", ["ArrowLeft"] * 6),
        ("specificity", ["ArrowRight"] * 9),
        ("prevalence", ["Home"]),
        ("prevalence", ["ArrowRight"] * 3),
        ("specificity", ["End"]),
        ("sensitivity", ["Home"]),
    ],
    "allocator": [
        ("prevention", ["ArrowRight"] * 2),
        ("identification", ["ArrowLeft"]),
        ("aftercare", ["Home"]),
        ("total", ["ArrowRight"]),
        ("assumptions", ["ArrowDown"]),
        ("assumptions", ["ArrowDown"]),
        ("total", ["Home"]),
    ],
}


@pytest.mark.parametrize("name", ["model", "deterrence", "screening", "allocator"])
def test_explorer_from_the_keyboard_equals_python(session, pages, axe_source, name):
    page_name = pages[name][0]
    s = session(page_name)
    r = root(s.page, name)
    config = config_of(r)
    widget = python_widget(name)
    seen = [assert_same_as_python(r, config, widget, "on load")]
    for control, keys in STEPS[name]:
        press(r, control, *keys)
        seen.append(assert_same_as_python(r, config, widget, f"after {control} {keys}"))
    moved = {k for before, after in zip(seen, seen[1:]) for k in after if after[k] != before[k]}
    assert moved == {c["name"] for c in config["controls"]}, (
        f"{name}: controls that never changed: {set(seen[0]) - moved}"
    )
    assert_clean(s, page_name)
    assert_axe_clean(s.page, axe_source, f"the {name} explorer on {page_name}")


def test_allocator_refuses_shares_over_100_percent_like_python(session, pages):
    s = session(pages["allocator"][0])
    r = root(s.page, "allocator")
    config = config_of(r)
    before = shown(r)
    press(r, "prevention", "End")  # 100 % + 25 % + 25 %: refused, and the slider goes back
    widget = python_widget("allocator")
    widget.shares["prevention"].value = 100  # moved directly, as the slider does
    message = text_of(widget.message.value)
    assert "must add to at most 100 %" in message and "went back to 25%" in message
    assert r.locator('[data-role="status"]').text_content() == message
    assert values_of(r, config)["prevention"] == widget.shares["prevention"].value == 25
    assert r.locator('[data-role="remainder"]').text_content() == text_of(widget.remainder.value)
    assert shown(r)[1] == before[1], "a refused split must leave the chart as it was"
    # the next valid move draws again, equal to Python
    press(r, "total", "ArrowRight")
    assert_same_as_python(r, config, python_widget("allocator"), "after a refused move, a new total")
    assert_clean(s, "allocator")


def test_screening_study_menu_sets_the_published_values_like_python(session, pages):
    s = session(pages["screening"][0])
    r = root(s.page, "screening")
    config = config_of(r)
    widget = python_widget("screening")
    study = r.locator('.ux-live [name="study"]')
    for _ in range(len(config["study"]["studies"])):
        study.focus()
        study.press("ArrowDown")
        label = study.input_value()
        widget.study.value = label
        assert values_of(r, config) == {
            k: widget.named_controls()[k].value for k in ("sensitivity", "specificity", "prevalence")
        }
        assert shown(r) == (widget.status_text(), widget.alt), f"after choosing {label!r}"
    assert_clean(s, "screening")


# --------------------------------------------------------------------------- capture-recapture


def _parse_survey(summary: str) -> tuple[int, int, int, str]:
    m = re.search(
        r"One survey: ([\d,]+) on list 1, ([\d,]+) on list 2, ([\d,]+) on both, [\d,]+ seen at least once; "
        r"(Chapman estimate [\d,]+ \(95% interval [\d,]+ to [\d,]+\))",
        summary,
    )
    assert m, f"no survey in the summary: {summary}"
    n1, n2, mm = (int(x.replace(",", "")) for x in m.groups()[:3])
    return n1, n2, mm, m.group(4)


def test_capture_from_the_keyboard_matches_python(session, pages, axe_source):
    from upstream.models.capture import chapman, simulate_lists

    page_name = pages["capture"][0]
    s = session(page_name)
    r = root(s.page, "capture")
    config = config_of(r)
    steps = [
        ("N", ["ArrowRight"] * 2),
        ("p1", ["ArrowRight"] * 2),
        ("p2", ["ArrowLeft"]),
        ("dependence", ["ArrowRight"] * 5),
        ("heterogeneity", ["ArrowRight"] * 2),
        ("seed", ["ArrowRight"] * 3),
    ]
    widget = python_widget("capture")
    for control, keys in steps:
        press(r, control, *keys)
        values = values_of(r, config)
        status, summary = shown(r)
        # the estimate shown is Python's Chapman estimate of the counts shown
        n1, n2, m, shown_estimate = _parse_survey(summary)
        est = chapman(n1, n2, m)
        python = f"Chapman estimate {float(est.N_hat):,.0f} (95% interval {float(est.lower):,.0f} to {float(est.upper):,.0f})"
        assert shown_estimate == python, f"after {control}: page {shown_estimate!r}, Python {python!r}"
        # the sentences are the widget's, with the page's numbers
        assert widget.set(**values)
        head = summary.split(" One survey:")[0]
        assert head == widget.alt.split(" One survey:")[0], f"after {control}: {head!r}"
        assert status.startswith(f"True size {values['N']:,}. Estimates are ")
    # over repeated surveys the page agrees with Python in distribution: its median estimate and
    # coverage lie within four standard deviations of Python's over 40 seeds of the same controls
    values = values_of(r, config)
    med_page = float(re.search(r"median estimate is (\d+)% of the true size", shown(r)[1]).group(1))
    cov_page = float(re.search(r"contains the true size in (\d+)% of them", shown(r)[1]).group(1))
    meds, covs = [], []
    for seed in range(40):
        sample = simulate_lists(
            N=values["N"],
            p1=values["p1"],
            p2=values["p2"],
            dependence=values["dependence"],
            heterogeneity=values["heterogeneity"],
            n_sims=config["n_surveys"],
            seed=seed,
        )
        est = chapman(sample.n1, sample.n2, sample.m)
        meds.append(100 * np.median(est.N_hat / values["N"]))
        covs.append(100 * np.mean((est.lower <= values["N"]) & (est.upper >= values["N"])))
    for what, page_value, sims in (("median", med_page, meds), ("coverage", cov_page, covs)):
        mean, sd = float(np.mean(sims)), float(np.std(sims, ddof=1))
        assert abs(page_value - mean) <= 4 * sd + 0.5, f"{what}: page {page_value}, Python {mean:.1f} +/- {sd:.1f}"
    assert_clean(s, page_name)
    assert_axe_clean(s.page, axe_source, f"the capture explorer on {page_name}")


# --------------------------------------------------------------------------- quiz and sorter


def test_quiz_grades_in_the_page_like_python(session, pages, axe_source):
    from upstream.widgets import Quiz

    page_name = pages["quiz"][0]
    s = session(page_name)
    r = root(s.page, "quiz")
    config = config_of(r)
    quiz = Quiz(config["questions"], title=config["title"])
    questions = r.locator("fieldset.ux-question")
    assert questions.count() == len(config["questions"])
    # "Check" with nothing chosen asks for a choice first
    first = questions.nth(0)
    first.locator("button").focus()
    s.page.keyboard.press("Enter")
    assert first.locator('[data-role="feedback"]').text_content() == config["text"]["choose_first"]
    for qi in range(questions.count()):
        fs = questions.nth(qi)
        n = len(config["questions"][qi]["options"])
        # Tab into the group lands on its first option; Space chooses it; arrows move the choice
        fs.locator("input[type=radio]").first.focus()
        s.page.keyboard.press("Space")
        option = qi % n
        for _ in range(option):
            s.page.keyboard.press("ArrowDown")
        s.page.keyboard.press("Tab")  # to "Check answer"
        s.page.keyboard.press("Enter")
        fb = quiz.answer(qi, option)
        assert fs.locator("input[type=radio]:checked").get_attribute("value") == str(option)
        assert fs.locator('[data-role="feedback"]').text_content() == text_of(quiz.feedback[qi].value), (
            f"question {qi + 1}"
        )
        assert fb.text in fs.locator('[data-role="feedback"]').text_content()
        assert r.locator('[data-role="score"]').text_content() == text_of(quiz.score_line.value)
    assert_clean(s, page_name)
    assert_axe_clean(s.page, axe_source, f"the quiz on {page_name}")


def test_sorter_checks_each_card_in_the_page_like_python(session, pages, axe_source):
    from upstream.widgets import Sorter

    for page_name in pages["sorter"]:
        s = session(page_name)
        for k in range(s.page.locator('[data-explorer="sorter"]').count()):
            r = root(s.page, "sorter", k)
            config = config_of(r)
            sorter = Sorter(config["categories"], config["cards"], title=config["title"])
            cards = r.locator(".ux-card")
            assert cards.count() == len(config["cards"])
            for i in range(cards.count()):
                select = cards.nth(i).locator("select")
                select.focus()
                steps = 1 + i % len(config["categories"])  # ArrowDown from "Choose a category"
                for _ in range(steps):
                    select.press("ArrowDown")
                category = select.input_value()
                assert category == config["categories"][steps - 1]
                sorter.sort(i, category)
                assert cards.nth(i).locator('[data-role="feedback"]').text_content() == text_of(
                    sorter.feedback[i].value
                )
                assert r.locator('[data-role="score"]').text_content() == text_of(sorter.score_line.value)
            # back to "Choose a category": the card's feedback clears and the score forgets it
            select = cards.nth(0).locator("select")
            select.focus()
            select.press("Home")
            sorter.dropdowns[0].value = config["text"]["unsorted"]
            assert cards.nth(0).locator('[data-role="feedback"]').text_content() == ""
            assert r.locator('[data-role="score"]').text_content() == text_of(sorter.score_line.value)
        assert_clean(s, page_name)
        assert_axe_clean(s.page, axe_source, f"the sorter on {page_name}")


# --------------------------------------------------------------------------- the page around them


def test_status_reaches_screen_readers_once_the_reader_pauses(session, pages):
    s = session(pages["deterrence"][0])
    r = root(s.page, "deterrence")
    region = r.locator('[data-role="announce"]')
    assert region.get_attribute("aria-live") == "polite"
    s.page.wait_for_timeout(1000)
    assert region.text_content() == "", "the state on load is announced"
    press(r, "sentence", *["ArrowRight"] * 6)
    assert region.text_content() == "", "announced while the slider moves"
    s.page.wait_for_timeout(1200)
    status = r.locator('[data-role="status"]').text_content()
    assert region.text_content() == status and "+" in status


def test_without_javascript_the_static_figures_and_answers_show(session, book_server, pages):
    s = session(pages[NAMES[0]][0], java_script_enabled=False)  # one page, taken to each explorer's page
    for name in NAMES:
        if s.page.url != book_server + pages[name][0]:
            s.page.goto(book_server + pages[name][0], wait_until="load")
        r = s.page.locator(f'[data-explorer="{name}"]').first
        assert r.get_attribute("data-live") is None
        assert r.locator(".upstream-explorer-fallback").is_visible()
        if name in ("quiz", "sorter"):
            assert r.locator("details summary").first.text_content() == "Show answer"
        else:
            img = r.locator("figure.upstream-figure img")
            assert len(img.get_attribute("alt")) > 40 and r.locator("figcaption").text_content()


def test_explorers_start_from_file_urls(browser, built_book, pages):
    """A workshop USB stick: the pages opened as files, with no server at all."""
    context = browser.new_context()
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for name in ("allocator", "quiz"):
            page.goto((built_book / pages[name][0]).as_uri(), wait_until="load")
            assert page.locator(f'[data-explorer="{name}"]').first.get_attribute("data-live") == "true"
        assert not errors, errors
    finally:
        context.close()


def test_explorer_scripts_are_small_and_only_on_pages_with_explorers(built_book, pages):
    import gzip

    folder = built_book / "_static" / "explorers"
    scripts = sorted(folder.glob("*.js"))
    assert {p.stem for p in scripts} == set(NAMES)
    total = sum(len(gzip.compress(p.read_bytes(), 6)) for p in scripts)
    assert total <= 150_000, f"explorer JS+CSS {total / 1000:.0f} kB gzipped > 150 kB"
    with_explorers = {p for ps in pages.values() for p in ps}
    for page in built_book.glob("*/*.html"):
        rel = page.relative_to(built_book).as_posix()
        if rel not in with_explorers:
            assert "_static/explorers/" not in page.read_text(encoding="utf-8"), f"{rel} loads explorer code"
    assert (folder / "LICENSE.txt").is_file()
    assert ROOT.joinpath("src/upstream/js/explorers").is_dir()
