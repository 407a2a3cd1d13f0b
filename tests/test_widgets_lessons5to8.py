"""Budget allocator (lesson 5), deterrence explorer (6), screening explorer (7)."""

from __future__ import annotations

import base64
import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from upstream.models.deterrence import compare_doublings  # noqa: E402
from upstream.models.population import simulate_many  # noqa: E402
from upstream.models.screening import SCREENING_STUDIES, screen_counts  # noqa: E402
from upstream.widgets import BudgetAllocator, DeterrenceExplorer, ScreeningExplorer  # noqa: E402


class Spy:
    def __init__(self, fn):
        self.fn, self.calls = fn, []

    def __call__(self, *args):
        self.calls.append(args)
        return self.fn(*args)


def static_img(ex):
    html = ex.static_html()
    assert "<figcaption>" in html
    alt = re.search(r'alt="([^"]+)"', html).group(1)
    return base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1)), alt


# -- budget allocator -------------------------------------------------------------------
@pytest.fixture
def allocator():
    """A fresh allocator per test (tests run in any order, on any xdist worker)."""
    spy = Spy(simulate_many)
    return BudgetAllocator(n_draws=40, simulate_fn=spy), spy


def test_allocator_moving_a_share_runs_the_model_on_the_new_split(allocator):
    ex, spy = allocator
    before_img, before_alt = ex.image.value, ex.alt
    n = len(spy.calls)
    ex.shares["prevention"].value = 40  # prevention 40, identification 25, aftercare 25, prosecution 10
    new_calls = spy.calls[n:]
    assert len(new_calls) == 1  # sweep, draws and baseline are cached
    budgets, params, years, dt = new_calls[0]
    assert budgets.shape == (40, 4) and np.allclose(budgets[0], [0.8, 0.5, 0.5, 0.2])
    assert years == 10.0 and dt == 0.2
    assert isinstance(params.v, np.ndarray) and params.v.shape == (40,)
    assert ex.image.value != before_img and ex.alt != before_alt
    assert "prevention 40%" in ex.alt and "prosecution 10%" in ex.alt
    assert "Prosecution gets the rest: 10%" in ex.message.value
    assert "10%" in ex.remainder.value
    # the circle marks the split on the heat map
    assert list(ex.current_marker.get_xdata()) == [pytest.approx(40.0)]


def test_allocator_refuses_shares_over_the_total(allocator):
    ex, spy = allocator
    ex.shares["prevention"].value = 40
    img, n = ex.image.value, len(spy.calls)
    ex.shares["identification"].value = 70  # 40 + 70 + 25 > 100
    assert 'role="alert"' in ex.message.value and "at most 100 %" in ex.message.value
    assert ex.image.value == img and len(spy.calls) == n
    # the slider goes back, so slider, figure and readout agree (tests/test_allocator_live.py)
    assert ex.shares["identification"].value == 25 and "went back to 25%" in ex.message.value
    assert "10%" in ex.remainder.value
    ex.shares["identification"].value = 30
    assert 'role="alert"' not in ex.message.value


def test_allocator_changing_the_total_recomputes_the_sweep_once(allocator):
    ex, spy = allocator
    n = len(spy.calls)
    ex.total.value = 3.0
    shapes = [c[0].shape[0] for c in spy.calls[n:]]
    assert 1772 in shapes  # baseline + every split in 5 % steps, in one call
    assert ex.budget.sum() == pytest.approx(3.0)
    n = len(spy.calls)
    ex.total.value = 2.0  # cached: only the current split's draws run
    assert len(spy.calls) - n == 1


def test_allocator_assumptions_change_the_best_split(allocator):
    ex, _ = allocator
    best_central = ex.best_overall.copy()
    ex.assumptions.value = "prevention works less"
    assert ex.best_overall[0] < best_central[0]
    assert "prevention works less" in ex.alt
    ex.assumptions.value = "central (model defaults)"


def test_allocator_bars_and_bands_follow_the_model(allocator):
    ex, _ = allocator
    assert ex.set(prevention=0, identification=100, aftercare=0)
    cy = ex.result["percent"]
    assert cy["first_time_exploitations"] == pytest.approx(100.0, abs=0.5)
    assert cy["identifications"] > 150 and cy["reexploitations"] > 100
    lo, mid, hi = ex.result["bands"]["reexploitations"]
    assert lo <= mid <= hi and lo > 100
    assert ex.bars[2].get_width() == pytest.approx(min(cy["identifications"], 300))
    assert not ex.set(prevention=50, identification=60)
    assert "Not changed" in ex.message.value
    assert ex.set(prevention=25, identification=25, aftercare=25)


def test_allocator_static_figure_has_alt_text_and_no_controls(allocator):
    ex, _ = allocator
    png, alt = static_img(ex)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(alt) > 200 and "5 to 95 %" in alt
    bundle = ex._repr_mimebundle_()
    assert "text/html" in bundle and "<input" not in bundle["text/html"]


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"total": 7.0}, "total"),
        ({"shares": {"prevention": 33}}, "prevention share"),
        ({"shares": {"prevention": 60, "aftercare": 60}}, "at most 100 %"),
        ({"assumptions": "optimistic"}, "assumptions"),
        ({"n_draws": 5}, "n_draws"),
    ],
)
def test_allocator_refuses_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        BudgetAllocator(**kwargs)


# -- deterrence explorer ---------------------------------------------------------------------
@pytest.fixture
def deterrence():
    spy = Spy(compare_doublings)
    return DeterrenceExplorer(cost_fn=spy), spy


def test_deterrence_sentence_slider_calls_the_model_and_moves_the_points(deterrence):
    ex, spy = deterrence
    img, alt = ex.image.value, ex.alt
    ex.sentence.value = 20
    p, S, r, L = spy.calls[-1]
    assert (p, S, r, L) == (pytest.approx(0.1), 20.0, pytest.approx(0.2), 1.0)
    assert ex.image.value != img and ex.alt != alt and "sentence 20 years" in ex.alt
    assert list(ex.pt_sent.get_xdata()) == [40]
    assert ex.bars[1].get_height() == pytest.approx(spy.fn(0.1, 20.0, 0.2, 1.0)["double_sentence"])


def test_deterrence_certainty_beats_severity_and_ceiling_is_drawn(deterrence):
    ex, _ = deterrence
    ex.certainty.value = 20
    assert ex.result["gain_certainty_pct"] == pytest.approx(100.0)
    assert ex.result["gain_sentence_pct"] < 100.0
    assert "chance of conviction raises the expected cost more" in ex.message.value
    assert ex.ceiling.get_ydata()[0] == pytest.approx(0.2 * np.exp(-0.2) / 0.2)
    ex.discount.value = 0
    assert len(ex.ceiling.get_xdata()) == 0 and "in proportion" in ex.alt


def test_deterrence_axis_rescales_with_certainty(deterrence):
    ex, _ = deterrence
    top = ex.axes[0].get_ylim()[1]
    ex.certainty.value = 80
    assert ex.axes[0].get_ylim()[1] > top
    assert "capped at 100 %" in ex.alt


def test_deterrence_refuses_bad_values(deterrence):
    ex, _ = deterrence
    assert not ex.set(sentence=45)
    assert 'role="alert"' in ex.message.value and "sentence must be a whole number in the range" in ex.message.value
    assert ex.sentence.value == 10
    with pytest.raises(ValueError, match="certainty"):
        DeterrenceExplorer(certainty=0)
    png, alt = static_img(ex)
    assert "Doubling the sentence" in alt


# -- screening explorer --------------------------------------------------------------------
@pytest.fixture
def screening():
    spy = Spy(screen_counts)
    return ScreeningExplorer(counts_fn=spy), spy


def test_screening_prevalence_slider_changes_ppv(screening):
    ex, spy = screening
    img, ppv = ex.image.value, ex.result["ppv"]
    ex.prevalence.value = 1.0
    assert spy.calls[-1] == (pytest.approx(0.846), pytest.approx(0.532), pytest.approx(0.01), 1000)
    assert ex.result["ppv"] < ppv and ex.image.value != img
    assert ex.ppv_point.get_xdata()[0] == pytest.approx(1.0)
    assert ex.seg_have[0].get_width() == ex.result["true_positive"]
    assert "screen positive" in ex.alt


def test_screening_study_menu_sets_all_three_sliders_in_one_update(screening):
    ex, spy = screening
    n, updates = len(spy.calls), ex.n_updates
    study = SCREENING_STUDIES[2]  # the tablet study screened patients as they came: it has a prevalence
    ex.study.value = study.label
    assert ex.sensitivity.value == pytest.approx(84.6) and ex.specificity.value == pytest.approx(53.2)
    assert ex.prevalence.value == pytest.approx(12.3)
    assert len(spy.calls) - n == 1 and ex.n_updates == updates + 1
    assert ex.result["ppv"] == pytest.approx(0.202, abs=0.002)


def test_screening_case_control_study_sets_accuracy_but_not_prevalence(screening):
    ex, _ = screening
    ex.set(prevalence=1.0)
    ex.study.value = SCREENING_STUDIES[0].label  # case-control: 25 cases against 83 controls
    assert ex.sensitivity.value == pytest.approx(92.0) and ex.specificity.value == pytest.approx(73.0)
    assert ex.prevalence.value == pytest.approx(1.0)
    assert "case-control" in ex.message.value and "no prevalence" in ex.message.value


def test_screening_refuses_bad_values_and_renders_statically(screening):
    ex, _ = screening
    assert not ex.set(prevalence=80)
    assert "prevalence must be in the range" in ex.message.value
    with pytest.raises(ValueError, match="sensitivity"):
        ScreeningExplorer(sensitivity=0)
    png, alt = static_img(ex)
    assert png[:4] == b"\x89PNG" and "false positives" in alt


def test_monte_carlo_step_does_not_change_the_bands_at_plotted_precision():
    from upstream.models.allocation import draw_parameters, relative_bands, run_draws

    draws = draw_parameters(50, seed=4)
    rows = np.array([[0.5, 0.5, 0.5, 0.5], [0.0, 2.0, 0.0, 0.0], [1.5, 0.0, 0.5, 0.0]])
    fine = relative_bands(run_draws(rows, draws, dt=0.1), run_draws(np.zeros(4), draws, dt=0.1))
    coarse = relative_bands(run_draws(rows, draws, dt=0.2), run_draws(np.zeros(4), draws, dt=0.2))
    for o in fine:
        assert np.max(np.abs(fine[o] - coarse[o])) < 0.05  # percentage points; labels show whole per cent


def test_background_is_reused_when_the_axes_return_to_an_earlier_state():
    ex = DeterrenceExplorer()
    draws = []
    real = ex.fig.canvas.draw
    ex.fig.canvas.draw = lambda *a, **k: (draws.append(1), real(*a, **k))
    ex.certainty.value = 40  # new y-limit: one full draw
    ex.certainty.value = 10  # back to the first y-limit: reused
    ex.certainty.value = 40  # reused
    assert len(draws) == 1
    assert ex.axes[0].get_ylim()[1] == 5
    # the static figure (another resolution) drops the cache, then live frames redraw once
    static_img(ex)
    ex.certainty.value = 10
    assert len(draws) == 2


def _live_pixels(ex):
    from io import BytesIO

    from PIL import Image

    png = base64.b64decode(re.search(r"base64,([^\"]+)", ex.image.value).group(1))
    return np.asarray(Image.open(BytesIO(png)).convert("RGBA"))


def test_allocator_heat_map_of_a_slice_seen_before_is_put_back_pixel_for_pixel():
    ex = BudgetAllocator(n_draws=40)
    heat_draws = []
    real = ex.heat.draw
    ex.heat.draw = lambda *a, **k: (heat_draws.append(1), real(*a, **k))
    first = _live_pixels(ex)  # 25/25/25/25
    ex.shares["prevention"].value = 30  # prosecution 20 %: a new slice, drawn
    assert len(heat_draws) == 1
    ex.shares["prevention"].value = 25  # back to prosecution 25 %: put back, not drawn
    assert len(heat_draws) == 1
    np.testing.assert_array_equal(_live_pixels(ex), first)
    with ex.batch():  # prosecution still 25 %, the markers move over the reused heat map
        ex.shares["prevention"].value = 35
        ex.shares["identification"].value = 15
    assert len(heat_draws) == 1
    fresh = BudgetAllocator(n_draws=40, shares={"prevention": 35, "identification": 15, "aftercare": 25})
    np.testing.assert_array_equal(_live_pixels(ex), _live_pixels(fresh))
    ex.total.value = 3.0  # another colour scale: drawn again
    assert len(heat_draws) == 2
