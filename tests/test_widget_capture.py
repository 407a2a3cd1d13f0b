"""The lesson-2 capture-recapture explorer: live updates, static fallback, refused values."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from upstream.models.capture import simulate_lists  # noqa: E402
from upstream.widgets import CaptureRecaptureExplorer  # noqa: E402


class Spy:
    def __init__(self):
        self.calls = []

    def __call__(self, **kw):
        self.calls.append(kw)
        return simulate_lists(**kw)


@pytest.fixture
def explorer():
    spy = Spy()
    return CaptureRecaptureExplorer(simulate_fn=spy), spy


def test_starts_nearly_unbiased_with_independent_lists(explorer):
    ex, spy = explorer
    assert spy.calls[-1] == {
        "N": 1000,
        "p1": 0.3,
        "p2": 0.3,
        "dependence": 0.0,
        "heterogeneity": 0.0,
        "n_sims": 200,
        "seed": 0,
    }
    assert abs(ex.median_ratio - 1) < 0.05
    assert "about right" in ex.message.value


def test_dependence_slider_calls_the_model_and_shows_the_bias(explorer):
    ex, spy = explorer
    img, alt = ex.image.value, ex.alt
    heights = ex.hist.get_data().values.copy()
    ex.controls["dependence"].value = 0.5
    assert spy.calls[-1]["dependence"] == 0.5
    assert ex.image.value != img and ex.alt != alt and "dependence +0.5" in ex.alt
    assert not np.array_equal(ex.hist.get_data().values, heights)
    assert ex.hist.get_data().values.sum() == 200
    assert ex.median_ratio < 0.8 and "too low" in ex.message.value
    assert ex.median_line.get_xdata()[0] == pytest.approx(ex.median_ratio)


def test_heterogeneity_and_batch_update_redraw_once(explorer):
    ex, spy = explorer
    n = len(spy.calls)
    assert ex.set(heterogeneity=1.5, N=2000)
    assert len(spy.calls) == n + 1
    assert spy.calls[-1]["heterogeneity"] == 1.5 and spy.calls[-1]["N"] == 2000
    assert ex.median_ratio < 0.85
    # the survey panel shows shares of the new true size, with the counts as labels
    assert ex.bars[0].get_width() == pytest.approx(min(100 * ex.sample.n1[0] / 2000, 250))
    assert ex.bar_text[0].get_text().strip() == f"{ex.sample.n1[0]:,}"


def test_bars_show_the_survey_counts(explorer):
    ex, _ = explorer
    s = ex.sample
    assert ex.bars[0].get_width() == pytest.approx(100 * s.n1[0] / 1000)
    assert ex.bars[2].get_width() == pytest.approx(100 * s.m[0] / 1000)
    assert ex.bars[4].get_width() == pytest.approx(100 * ex.estimate.N_hat[0] / 1000)
    assert ex.bar_text[2].get_text().strip() == f"{s.m[0]:,}"


def test_seed_changes_the_survey(explorer):
    ex, spy = explorer
    m_before = ex.sample.m.copy()
    ex.controls["seed"].value = 5
    assert spy.calls[-1]["seed"] == 5
    assert not np.array_equal(ex.sample.m, m_before)


@pytest.mark.parametrize(
    "kw, name",
    [
        ({"p1": 2.0}, "p1"),
        ({"N": 10}, "N"),
        ({"dependence": -3}, "dependence"),
        ({"seed": 1.5}, "seed"),
        ({"heterogeneity": "x"}, "heterogeneity"),
    ],
)
def test_refused_values_leave_the_figure_alone_and_say_why(explorer, kw, name):
    ex, spy = explorer
    n, img = len(spy.calls), ex.image.value
    assert ex.set(**kw) is False
    assert len(spy.calls) == n and ex.image.value == img
    assert name in ex.message.value and "range" in ex.message.value


def test_constructor_refuses_bad_start_values():
    with pytest.raises(ValueError, match=r"p2 must be in the range \[0.05, 0.9\]"):
        CaptureRecaptureExplorer(p2=0.99)


def test_static_html_is_a_figure_with_alt_text(explorer):
    ex, _ = explorer
    bundle = ex._repr_mimebundle_()
    html = bundle["text/html"]
    assert '<div class="upstream-explorer-fallback"><figure class="upstream-figure">' in html and "<figcaption>" in html
    assert 'alt="Simulated hidden population of 1,000 people' in html
