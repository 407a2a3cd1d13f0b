"""The lesson-4 model explorer: live updates, static fallback, refused values."""

from __future__ import annotations

import base64
import re

import matplotlib
import pytest

matplotlib.use("Agg")

from upstream.models.population import Budget, simulate  # noqa: E402
from upstream.widgets import ModelExplorer  # noqa: E402


class Spy:
    """Wraps simulate and records every call."""

    def __init__(self):
        self.calls = []

    def __call__(self, budget, params, years, dt):
        self.calls.append((budget, years))
        return simulate(budget, params, years, dt)


def png_of(html: str) -> bytes:
    return base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1))


@pytest.fixture
def explorer():
    spy = Spy()
    ex = ModelExplorer(simulate_fn=spy)
    return ex, spy


def test_moving_a_slider_calls_the_model_with_the_new_budget_and_redraws(explorer):
    ex, spy = explorer
    before_img, before_alt = ex.image.value, ex.alt
    ex.sliders["prevention"].value = 1.5
    budget, years = spy.calls[-1]
    assert budget == Budget(prevention=1.5)
    assert years == 10.0
    assert ex.image.value != before_img
    assert ex.alt != before_alt and "prevention 1.5" in ex.alt
    # the bar for first-time exploitations now shows a cut
    assert ex.bars[0].get_width() < 100.0


def test_horizon_slider_changes_the_time_axis(explorer):
    ex, spy = explorer
    ex.horizon.value = 25
    assert spy.calls[-1][1] == 25.0
    assert ex.axes[0].get_xlim() == pytest.approx((0.0, 25.0))
    assert ex.axes[1].get_xlim() == pytest.approx((0.0, 25.0))
    assert ex.background_key() == 25
    assert ex.lines["E"].get_xdata()[-1] == pytest.approx(25.0)


def test_lines_follow_the_model(explorer):
    ex, _ = explorer
    ex.sliders["identification"].value = 2.0
    expected = simulate(Budget(identification=2.0))
    assert list(ex.lines["E"].get_ydata()) == pytest.approx(list(expected.E))
    assert "identifications" in ex.message.value


def test_batch_changes_redraw_once(explorer):
    ex, spy = explorer
    n = ex.n_updates
    assert ex.set(prevention=1.0, aftercare=1.0, years=12)
    assert ex.n_updates == n + 1
    assert spy.calls[-1] == (Budget(prevention=1.0, aftercare=1.0), 12.0)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"prevention": 9.0}, "prevention must be in the range [0, 4]"),
        ({"aftercare": -1.0}, "aftercare must be in the range [0, 4]"),
        ({"years": 0}, "years must be a whole number in the range [1, 30]"),
        ({"rescue": 1.0}, "control must be one of prevention"),
    ],
)
def test_out_of_range_values_are_refused_with_a_visible_message(explorer, kwargs, fragment):
    ex, spy = explorer
    calls, img = len(spy.calls), ex.image.value
    assert ex.set(**kwargs) is False
    assert fragment in ex.message.value and 'role="alert"' in ex.message.value
    assert len(spy.calls) == calls and ex.image.value == img


def test_bad_constructor_arguments_raise():
    with pytest.raises(ValueError, match=r"prosecution must be in the range \[0, 4\]"):
        ModelExplorer(budget=Budget(prosecution=5.0))
    with pytest.raises(ValueError, match=r"years must be a whole number in the range \[1, 30\]"):
        ModelExplorer(years=40)


def test_static_fallback_is_an_accessible_figure_of_the_current_state(explorer):
    ex, _ = explorer
    ex.sliders["prosecution"].value = 2.0
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # live view for a kernel
    html = bundle["text/html"]
    assert (
        '<div class="upstream-explorer-fallback"><figure class="upstream-figure">' in html
        and "<figcaption>Model explorer" in html
    )
    assert 'alt="Illustrative model over 10 years' in html and "prosecution 2.0" in html
    png = png_of(html)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # the live image keeps working after a static render
    before = ex.image.value
    ex.sliders["prosecution"].value = 0.5
    assert ex.image.value != before


def test_controls_are_labelled_for_keyboard_and_screen_reader_users(explorer):
    ex, _ = explorer
    for slider in [*ex.sliders.values(), ex.horizon]:
        assert slider.description
        assert not slider.disabled


def test_lever_changes_blit_over_a_cached_background(explorer, monkeypatch):
    ex, _ = explorer
    draws = []
    original = ex.fig.canvas.draw
    monkeypatch.setattr(ex.fig.canvas, "draw", lambda *a, **k: (draws.append(1), original(*a, **k)))
    for v in (0.5, 1.0, 1.5):
        ex.sliders["aftercare"].value = v
    assert draws == []  # lever changes never change the axes: every update is blitted
    ex.horizon.value = 20
    assert len(draws) == 1  # a new horizon changes the time axes: one full draw...
    ex.horizon.value = 10
    ex.sliders["aftercare"].value = 0.5
    ex.horizon.value = 20
    assert len(draws) == 1  # ...then both horizons' backgrounds are cached and reused
    draws.clear()
    ex._repr_mimebundle_()  # a static render at book resolution empties the cache...
    ex.sliders["aftercare"].value = 2.0
    assert len(draws) == 1  # ...so the next live frame draws the background once


@pytest.mark.parametrize(
    "control, value, fragment",
    [
        ("float", "x", "f must be a number in the range [0, 4] $M"),
        ("float", float("nan"), "f must be in the range [0, 4] $M"),
        ("int", 2.5, "i must be a whole number in the range [1, 30]"),
        ("int", True, "i must be a whole number"),
        ("menu", "other", "m must be one of ['a', 'b']"),
    ],
)
def test_check_control_value_refuses_by_the_controls_own_limits(control, value, fragment):
    import ipywidgets as w

    from upstream.widgets.base import check_control_value

    controls = {
        "float": ("f", w.FloatSlider(min=0, max=4), "$M"),
        "int": ("i", w.IntSlider(min=1, max=30), ""),
        "menu": ("m", w.Dropdown(options=["a", "b"]), ""),
    }
    name, widget, unit = controls[control]
    # numbers only: a string or a bool on a slider is a TypeError (issue 12)
    expected = TypeError if isinstance(value, (str, bool)) and control != "menu" else ValueError
    with pytest.raises(expected) as err:
        check_control_value(name, widget, value, unit)
    assert fragment in str(err.value)
    check_control_value(name, widget, widget.value, unit)  # the current value always fits
