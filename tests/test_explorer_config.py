"""What each widget writes into the book for its in-page explorer (no browser needed).

The page's explorers get everything from the Python widgets' ``text/html``:
the root ``data-explorer`` element, the configuration as JSON, the static
fallback and the script. These tests pin that contract.
"""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pytest

from upstream.content import load_json
from upstream.models.allocation import ASSUMPTION_SETS, draw_parameters
from upstream.widgets import (
    BudgetAllocator,
    CaptureRecaptureExplorer,
    DeterrenceExplorer,
    ModelExplorer,
    Quiz,
    ScreeningExplorer,
    Sorter,
)
from upstream.widgets.base import EXPLORER_NAMES, explorer_html

ROOT_RE = re.compile(r'^<div class="upstream-explorer" data-explorer="([a-z]+)">')
CONFIG_RE = re.compile(r'<script type="application/json" class="upstream-explorer-config">(.*?)</script>', re.S)


def parts(static: str) -> tuple[str, dict]:
    m = ROOT_RE.match(static)
    assert m, static[:120]
    configs = CONFIG_RE.findall(static)
    assert len(configs) == 1
    assert static.endswith(f'<script src="../_static/explorers/{m.group(1)}.js" defer></script></div>')
    return m.group(1), json.loads(configs[0])


def quiz():
    content = load_json("quiz_lesson1")
    return Quiz(content, title=content["title"])


def sorter():
    return Sorter.from_data(load_json("sorter_lesson3")["factors"])


@pytest.mark.parametrize(
    "factory, name",
    [
        (ModelExplorer, "model"),
        (BudgetAllocator, "allocator"),
        (DeterrenceExplorer, "deterrence"),
        (ScreeningExplorer, "screening"),
        (CaptureRecaptureExplorer, "capture"),
        (quiz, "quiz"),
        (sorter, "sorter"),
    ],
)
def test_each_piece_writes_its_root_config_fallback_and_script(factory, name):
    widget = factory()
    static = widget._repr_mimebundle_()["text/html"]
    got, config = parts(static)
    assert got == name and name in EXPLORER_NAMES
    assert '<div class="upstream-explorer-fallback">' in static
    if name in ("quiz", "sorter"):
        assert config["text"] and (config.get("questions") or config.get("cards"))
        return
    # the controls the page builds are the widget's own, with their limits and current values
    controls = widget.named_controls()
    assert [c["name"] for c in config["controls"]] == list(controls)
    for spec in config["controls"]:
        c = controls[spec["name"]]
        assert spec["label"] == c.description and spec["value"] == c.value
        if spec["kind"] == "range":
            assert (spec["min"], spec["max"], spec["step"]) == (c.min, c.max, c.step)
    # the state shown on load is the widget's, and every sentence template fills from the same names
    assert config["alt"] == widget.alt and config["status"] == widget.status_text()
    assert config["caption"] == widget.caption
    assert set(config["text"]) == set(type(widget).TEXT)


def test_config_json_cannot_close_its_script_element():
    static = explorer_html("quiz", {"title": "</script><script>alert(1)</script> & <!--"}, "<p>x</p>")
    data = CONFIG_RE.search(static).group(1)
    assert "<" not in data and ">" not in data and "&" not in data
    assert json.loads(data)["title"] == "</script><script>alert(1)</script> & <!--"


def test_explorer_html_refuses_an_unknown_name():
    with pytest.raises(ValueError, match="name must be one of model, allocator"):
        explorer_html("map", {}, "")


def test_allocator_sends_pythons_own_parameter_draws():
    """base * factor (fractions capped at 1) in the page equals draw_parameters, draw for draw."""
    widget = BudgetAllocator()
    _, config = parts(widget.static_html())
    fractions = set(config["fraction_fields"])
    for name, central in ASSUMPTION_SETS.items():
        draws = draw_parameters(widget.n_draws, widget.seed, central=central)
        for field, factors in config["draw_factors"].items():
            values = float(getattr(central, field)) * np.asarray(factors)
            if field in fractions:
                values = np.minimum(values, 1.0)
            assert np.array_equal(values, getattr(draws, field)), f"{name}: {field}"
    assert list(config["assumption_sets"]) == list(ASSUMPTION_SETS)


def test_quiz_and_sorter_texts_are_what_the_widgets_say():
    q = quiz()
    _, config = parts(q.static_html())
    fb = q.answer(0, 0)
    verdict = (
        config["text"]["correct"] if fb.correct else config["text"]["wrong"].format(letter=config["letters"][fb.answer])
    )
    assert html.unescape(re.sub(r"<[^>]+>", "", q.feedback[0].value)) == f"{verdict} {fb.text}"
    s = sorter()
    _, config = parts(s.static_html())
    card = s.sort(0, config["categories"][1])
    text = config["text"]["correct"] if card.correct else config["text"]["wrong"].format(answer=card.answer)
    assert html.unescape(re.sub(r"<[^>]+>", "", s.feedback[0].value)) == f"{text} {card.text}"
