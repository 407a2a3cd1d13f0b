"""Pure functions of lessons 6-8: deterrence, screening arithmetic, the local plan."""

from __future__ import annotations

import math

import numpy as np
import pytest

from upstream.models.deterrence import compare_doublings, expected_cost, incapacitation_averted, present_value
from upstream.models.local_plan import EXAMPLE_PLAN, check_plan, plan_summary
from upstream.models.population import simulate_many
from upstream.models.screening import SCREENING_STUDIES, predictive_values, screen_counts


# -- deterrence -------------------------------------------------------------------
def test_present_value_formula_and_limits():
    assert present_value(10, 0.1) == pytest.approx((1 - math.exp(-1.0)) / 0.1)
    assert present_value(7, 0.0) == pytest.approx(7.0)
    assert present_value(5, 1e-12) == pytest.approx(5.0, rel=1e-6)
    pv = present_value(np.array([1.0, 10.0, 60.0]), 0.2)
    assert np.all(np.diff(pv) > 0) and pv[-1] < 1 / 0.2


def test_doubling_certainty_doubles_cost_but_doubling_sentence_adds_less():
    res = compare_doublings(0.1, 10, 0.2)
    assert res["gain_certainty_pct"] == pytest.approx(100.0)
    assert 0 < res["gain_sentence_pct"] < 100.0
    # longer sentences: even smaller gains from doubling
    assert compare_doublings(0.1, 20, 0.2)["gain_sentence_pct"] < res["gain_sentence_pct"]
    # with no discounting, doubling either doubles the cost
    assert compare_doublings(0.1, 10, 0.0)["gain_sentence_pct"] == pytest.approx(100.0)


def test_doubling_is_capped_and_flagged():
    res = compare_doublings(0.7, 40, 0.1)
    assert res["certainty_capped"] and res["sentence_capped"]
    assert res["double_certainty"] == pytest.approx(expected_cost(1.0, 40, 0.1))


def test_delay_discounts_the_cost():
    assert expected_cost(0.5, 10, 0.2, delay=2) == pytest.approx(expected_cost(0.5, 10, 0.2) * math.exp(-0.4))


def test_incapacitation_saturates_with_the_career():
    short = incapacitation_averted(2, 10, 5)
    long = incapacitation_averted(20, 10, 5)
    longer = incapacitation_averted(40, 10, 5)
    assert short < long < longer <= 10 * 5
    assert longer - long < 0.1 * long


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: present_value(-1, 0.1), "years"),
        (lambda: present_value(10, 3.0), "rate"),
        (lambda: expected_cost(1.5, 10, 0.1), "certainty"),
        (lambda: expected_cost(0.5, 10, 0.1, delay=30), "delay"),
        (lambda: incapacitation_averted(10, 5, 0), "career_years"),
        (lambda: compare_doublings(0.5, 70, 0.1), "years"),
    ],
)
def test_deterrence_functions_name_the_bad_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        call()


# -- screening ---------------------------------------------------------------------
def test_ppv_matches_the_published_values():
    # development sample: PPV 51 %, NPV 97 %; ED tablet study: PPV 20.2 %, NPV 96.1 %
    dev, _, tablet = SCREENING_STUDIES
    # the development study is case-control: its 51 % PPV holds only at its own design share
    pv = predictive_values(dev.sensitivity, dev.specificity, dev.sample_share)
    assert pv["ppv"] == pytest.approx(0.51, abs=0.01) and pv["npv"] == pytest.approx(0.97, abs=0.01)
    pv = predictive_values(tablet.sensitivity, tablet.specificity, tablet.prevalence)
    assert pv["ppv"] == pytest.approx(0.202, abs=0.002) and pv["npv"] == pytest.approx(0.961, abs=0.002)


def test_ppv_falls_with_prevalence_and_handles_edges():
    pv = predictive_values(0.9, 0.9, np.array([0.01, 0.1, 0.5]))["ppv"]
    assert np.all(np.diff(pv) > 0) and pv[0] < 0.1
    assert math.isnan(predictive_values(0.0, 1.0, 0.1)["ppv"])  # nobody screens positive
    assert predictive_values(1.0, 1.0, 0.3)["ppv"] == 1.0


def test_screen_counts_add_up():
    c = screen_counts(0.846, 0.532, 0.123)
    assert sum(c[k] for k in ("true_positive", "false_positive", "false_negative", "true_negative")) == 1000
    assert c["true_positive"] == 104 and c["false_positive"] == 410
    assert c["positives"] == 514


@pytest.mark.parametrize(
    "args, name", [((1.2, 0.5, 0.1), "sensitivity"), ((0.5, -0.1, 0.1), "specificity"), ((0.5, 0.5, 2.0), "prevalence")]
)
def test_screening_names_the_bad_parameter(args, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        predictive_values(*args)
    with pytest.raises(ValueError, match=rf"^{name} must"):
        screen_counts(*args)
    with pytest.raises(ValueError, match="screened"):
        screen_counts(0.5, 0.5, 0.5, screened=0)


# -- plan ----------------------------------------------------------------------------
class Spy:
    def __init__(self):
        self.calls = []

    def __call__(self, budgets, params, years):
        self.calls.append((np.array(budgets), years))
        return simulate_many(budgets, params, years)


def test_plan_summary_runs_the_model_on_the_plan_once():
    spy = Spy()
    text = plan_summary(EXAMPLE_PLAN, simulate_fn=spy)
    assert len(spy.calls) == 1
    rows, years = spy.calls[0]
    assert rows[1] == pytest.approx([0.8, 0.4, 0.5, 0.3]) and rows[0].sum() == 0 and years == 10.0
    assert rows[2] == pytest.approx([0.5] * 4)
    assert "EXAMPLE PLAN" in text and "child-years of exploitation" in text
    assert "school district" in text and "re-exploitation among youth" in text
    assert "illustrative" in text.lower()
    assert len(text.splitlines()) < 60  # one page
    assert max(len(line) for line in text.splitlines()) <= 78


def test_plan_summary_changes_with_the_plan():
    other = {**EXAMPLE_PLAN, "budget": {"identification": 2.0}, "years": 5}
    a, b = plan_summary(EXAMPLE_PLAN), plan_summary(other)
    assert a != b and "5 years" in b
    assert "revolving door" in b  # identification alone raises re-exploitations


@pytest.mark.parametrize(
    "change, match",
    [
        ({"budget": {"policing": 1.0}}, "budget lever must be one of"),
        ({"budget": {"prevention": -1.0}}, r"budget\['prevention'\] must be in the range"),
        ({"budget": {"prevention": 0.0}}, "total must be in the range"),
        ({"budget": {"prevention": 15.0, "aftercare": 10.0}}, "total must be in the range"),
        ({"years": 0}, "years must be a whole number"),
        ({"partners": "school"}, "partners must be a list"),
        ({"partners": []}, "partners must name at least one"),
        ({"measures": [""]}, "every entry of measures"),
        ({"name": ""}, "name must be"),
        ({"colour": "blue"}, "unknown entries"),
        ({"actions": {"prevention": ""}}, r"actions\['prevention'\]"),
    ],
)
def test_check_plan_says_what_to_fix(change, match):
    with pytest.raises(ValueError, match=match):
        check_plan({**EXAMPLE_PLAN, **change})


def test_check_plan_fills_missing_levers_with_zero():
    p = check_plan({**EXAMPLE_PLAN, "budget": {"prevention": 1.0}})
    assert p["budget"] == {"prevention": 1.0, "identification": 0.0, "aftercare": 0.0, "prosecution": 0.0}
    with pytest.raises(ValueError, match="width"):
        plan_summary(EXAMPLE_PLAN, width=10)


# -- lesson-5 static plots ------------------------------------------------------------
def test_plot_splits_draws_one_bar_segment_per_lever_and_refuses_bad_shapes():
    import matplotlib

    matplotlib.use("Agg")
    from upstream.figures.budget import plot_regret, plot_splits

    fig = plot_splits(["a", "b"], [[0.5, 0.5, 0.5, 0.5], [2.0, 0.0, 0.0, 0.0]])
    ax = fig.axes[0]
    widths = sorted(round(p.get_width()) for p in ax.patches)
    assert widths.count(25) == 4 and 100 in widths
    with pytest.raises(ValueError, match="splits must have shape"):
        plot_splits(["a"], [[1, 1, 1, 1], [1, 1, 1, 1]])
    with pytest.raises(ValueError, match="greater than 0"):
        plot_splits(["a"], [[0, 0, 0, 0]])
    fig = plot_regret(["x", "y"], np.array([[0, 1, 2, 3], [10, 20, 30, 40]]))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["x", "y"]
    with pytest.raises(ValueError, match="one row per name"):
        plot_regret(["x"], np.ones((2, 3)))
