"""Every public entry point refuses bad input at its boundary (issue 12, part 2).

One row per (entry point, bad input): the call, the exception type expected and
words the message must contain: the parameter's name, the value received and
what is accepted. Numbers only: a string (even "0.3"), a boolean or None where a
number is expected is a TypeError; a number outside the documented range (or not
finite) is a ValueError. Widgets refuse a bad start value with the same message
their controls give for a bad change. The command line exits 2 with one line on
stderr for bad usage and bad values.
"""

from __future__ import annotations

import io
import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from upstream import models as M  # noqa: E402
from upstream import widgets as W  # noqa: E402
from upstream.course import agenda as A  # noqa: E402
from upstream.course.cli import main as cli_main  # noqa: E402
from upstream.models.population import substeps  # noqa: E402

P, B = M.Parameters, M.Budget

# (id, call, exception, words in the message)
CASES = [
    # --- the population model (lessons 4, 5, 8) ----------------------------------
    ("Budget bool", lambda: B(prevention=True), TypeError, ["prevention", "True", "[0, 1e+06] $M per year"]),
    ("Budget str", lambda: B(aftercare="1"), TypeError, ["aftercare", "'1'", "a number"]),
    ("Budget negative", lambda: B(identification=-1), ValueError, ["identification", "[0, 1e+06]", "-1"]),
    ("Budget nan", lambda: B(prosecution=math.nan), ValueError, ["prosecution", "finite", "nan"]),
    ("Budget.even str", lambda: B.even("2"), TypeError, ["total", "'2'"]),
    ("Budget.single lever", lambda: B.single("rescue", 1.0), ValueError, ["lever", "'rescue'", "prevention"]),
    ("Parameters str", lambda: P(rho="0.3"), TypeError, ["rho", "'0.3'", "[0, 50] per year"]),
    ("Parameters bool", lambda: P(gamma=False), TypeError, ["gamma", "False"]),
    ("Parameters empty list", lambda: P(v=[]), ValueError, ["v", "empty"]),
    ("Parameters 2-D", lambda: P(v=np.zeros((2, 2))), ValueError, ["v", "1-D", "(2, 2)"]),
    ("Parameters rate > 50", lambda: P(rho=51), ValueError, ["rho", "[0, 50] per year", "51"]),
    ("Parameters N = 0", lambda: P(N=0), ValueError, ["N", "(0, 1e+09]", "0"]),
    ("Parameters pi + delta", lambda: P(pi=0.0, delta=0.0), ValueError, ["pi + delta", "[1e-06, inf)"]),
    ("diminishing_returns negative", lambda: M.diminishing_returns(-1), ValueError, ["x", "[0, 1e+06]", "-1"]),
    ("diminishing_returns c = 0", lambda: M.diminishing_returns(1, c=0), ValueError, ["c", "(0, 1e+06]", "0"]),
    ("diminishing_returns str", lambda: M.diminishing_returns("1"), TypeError, ["x", "'1'"]),
    ("simulate budget dict", lambda: M.simulate({"prevention": 1}), TypeError, ["budget", "Budget", "dict"]),
    ("simulate params", lambda: M.simulate(B(), {"rho": 1}), TypeError, ["params", "Parameters", "dict"]),
    ("simulate years", lambda: M.simulate(B(), years=0), ValueError, ["years", "(0, 100] years", "0"]),
    ("simulate years str", lambda: M.simulate(B(), years="10"), TypeError, ["years", "'10'"]),
    ("simulate dt", lambda: M.simulate(B(), dt=0.3), ValueError, ["dt", "(0, 0.25] years", "0.3"]),
    ("simulate dt divides", lambda: M.simulate(B(), years=1, dt=0.07), ValueError, ["dt", "whole number of steps"]),
    (
        "simulate beta*T",
        lambda: M.simulate(B(), P(beta=50, mu=2000, delta=0.1, pi=0.0)),
        ValueError,
        ["beta * T", "[0, 50] per year", "1e+06"],
    ),
    ("simulate_many shape", lambda: M.simulate_many(np.zeros((3, 3))), ValueError, ["budgets", "shape (3, 3)"]),
    ("simulate_many str", lambda: M.simulate_many([["a", 0, 0, 0]]), TypeError, ["budgets", "numbers", "'a'"]),
    (
        "simulate_many lengths",
        lambda: M.simulate_many(np.zeros((3, 4)), P(beta=np.array([0.1, 0.2]) / 100)),
        ValueError,
        ["beta", "2 values", "3"],
    ),
    ("substeps dt", lambda: substeps(B(), dt=1.0), ValueError, ["dt", "(0, 0.25]"]),
    ("equilibrium params", lambda: M.equilibrium({"rho": 1}), TypeError, ["params", "Parameters"]),
    ("effective_parameters params", lambda: M.effective_parameters(None, B()), TypeError, ["params", "Parameters"]),
    ("budget_grid step", lambda: M.budget_grid(2.0, 0.3), ValueError, ["step", "200 whole parts"]),
    ("budget_grid str", lambda: M.budget_grid("2", 0.5), TypeError, ["total", "'2'"]),
    # --- lesson 5: allocation --------------------------------------------------------
    ("split_budget shares", lambda: M.split_budget(2.0, 0.6, 0.6, 0.0), ValueError, ["share", "1"]),
    ("split_budget str", lambda: M.split_budget("2", 0.2, 0.2, 0.2), TypeError, ["total", "'2'"]),
    ("draw_parameters n", lambda: M.draw_parameters(0), ValueError, ["n", "whole number", "0"]),
    ("draw_parameters n bool", lambda: M.draw_parameters(True), TypeError, ["n", "True"]),
    ("draw_parameters central", lambda: M.draw_parameters(5, central={"rho": 1}), TypeError, ["central", "Parameters"]),
    ("run_draws draws", lambda: M.run_draws(np.zeros(4), {"rho": 1}), TypeError, ["draws", "Parameters"]),
    ("frontier outcome", lambda: M.frontier(2.0, 0.5, outcome="deaths"), ValueError, ["outcome", "'deaths'"]),
    (
        "robustness outcome",
        lambda: M.robustness(2.0, 0.5, M.draw_parameters(3), outcome="x"),
        ValueError,
        ["outcome", "'x'"],
    ),
    # --- lesson 2: capture-recapture ---------------------------------------------------
    ("simulate_lists N", lambda: M.simulate_lists(N=0, p1=0.3, p2=0.3), ValueError, ["N", "0"]),
    ("simulate_lists N bool", lambda: M.simulate_lists(N=True, p1=0.3, p2=0.3), TypeError, ["N", "True"]),
    ("simulate_lists p1", lambda: M.simulate_lists(N=100, p1=1.5, p2=0.3), ValueError, ["p1", "1.5"]),
    ("simulate_lists p2 str", lambda: M.simulate_lists(N=100, p1=0.3, p2="0.3"), TypeError, ["p2", "'0.3'"]),
    ("lincoln_petersen str", lambda: M.lincoln_petersen("10", 10, 2), TypeError, ["n1", "'10'"]),
    ("chapman negative", lambda: M.chapman(10, 10, -1), ValueError, ["m", "-1"]),
    # --- lesson 6: deterrence -------------------------------------------------------------
    ("present_value rate", lambda: M.present_value(5, -0.1), ValueError, ["rate", "-0.1"]),
    ("present_value str", lambda: M.present_value("5", 0.1), TypeError, ["years", "'5'"]),
    ("expected_cost certainty", lambda: M.expected_cost(1.5, 5, 0.1), ValueError, ["certainty", "1.5"]),
    ("compare_doublings bool", lambda: M.compare_doublings(True, 5, 0.1), TypeError, ["certainty", "True"]),
    ("incapacitation_averted", lambda: M.incapacitation_averted(5, -1, 5), ValueError, ["offences_per_year", "-1"]),
    # --- lesson 7: screening --------------------------------------------------------------
    ("predictive_values sensitivity", lambda: M.predictive_values(1.2, 0.5, 0.1), ValueError, ["sensitivity", "1.2"]),
    ("predictive_values str", lambda: M.predictive_values(0.8, "0.5", 0.1), TypeError, ["specificity", "'0.5'"]),
    ("screen_counts screened", lambda: M.screen_counts(0.8, 0.5, 0.1, screened=0), ValueError, ["screened", "0"]),
    (
        "screen_counts screened float",
        lambda: M.screen_counts(0.8, 0.5, 0.1, screened=10.5),
        ValueError,
        ["screened", "10.5"],
    ),
    # --- lesson 8: the local plan -------------------------------------------------------------
    ("check_plan type", lambda: M.check_plan(["prevention"]), TypeError, ["plan", "dict"]),
    # --- widgets: bad start values, with the controls' own messages -------------------------------
    (
        "ModelExplorer budget dict",
        lambda: W.ModelExplorer(budget={"prevention": 1}),
        TypeError,
        ["budget", "Budget", "dict"],
    ),
    (
        "ModelExplorer lever",
        lambda: W.ModelExplorer(budget=B(prevention=5)),
        ValueError,
        ["prevention", "[0, 4] $M per year", "5"],
    ),
    ("ModelExplorer years", lambda: W.ModelExplorer(years=2.5), ValueError, ["years", "whole number", "2.5"]),
    ("ModelExplorer years str", lambda: W.ModelExplorer(years="10"), TypeError, ["years", "'10'"]),
    (
        "DeterrenceExplorer sentence",
        lambda: W.DeterrenceExplorer(sentence=2.5),
        ValueError,
        ["sentence", "whole number in the range [1, 30] years", "2.5"],
    ),
    (
        "DeterrenceExplorer certainty",
        lambda: W.DeterrenceExplorer(certainty=0),
        ValueError,
        ["certainty", "[1, 100] %", "0"],
    ),
    ("ScreeningExplorer str", lambda: W.ScreeningExplorer(prevalence="5"), TypeError, ["prevalence", "'5'"]),
    ("CaptureRecaptureExplorer N", lambda: W.CaptureRecaptureExplorer(N=10), ValueError, ["N", "10"]),
    ("CaptureRecaptureExplorer p1 bool", lambda: W.CaptureRecaptureExplorer(p1=True), TypeError, ["p1", "True"]),
    ("BudgetAllocator total bool", lambda: W.BudgetAllocator(total=True), TypeError, ["total", "True"]),
    ("BudgetAllocator shares", lambda: W.BudgetAllocator(shares=[25, 25]), TypeError, ["shares", "dict"]),
    ("BudgetAllocator share key", lambda: W.BudgetAllocator(shares={"rescue": 25}), ValueError, ["shares", "'rescue'"]),
    (
        "BudgetAllocator assumptions",
        lambda: W.BudgetAllocator(assumptions="pessimistic"),
        ValueError,
        ["assumptions", "'pessimistic'"],
    ),
    # --- course tools ------------------------------------------------------------------------------
    ("plan minutes", lambda: A.plan(0), ValueError, ["minutes", "0"]),
    ("plan minutes str", lambda: A.plan("90"), TypeError, ["minutes", "'90'"]),
    ("plan_weeks weeks", lambda: A.plan_weeks(0), ValueError, ["weeks", "[1, 52] weeks", "0"]),
]


@pytest.mark.parametrize("call, error, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_a_clear_message(call, error, words):
    with pytest.raises(error) as err:
        call()
    message = str(err.value)
    for w in words:
        assert w in message, f"{w!r} not in the message: {message}"


def test_widget_refuses_a_bad_start_value_with_the_same_words_as_a_bad_change():
    ex = W.DeterrenceExplorer()
    assert ex.set(sentence=2.5) is False
    with pytest.raises(ValueError) as err:
        W.DeterrenceExplorer(sentence=2.5)
    assert str(err.value) in ex.message.value
    ex = W.ModelExplorer()
    assert ex.set(prevention="1") is False  # a string is refused, not converted
    assert "prevention must be a number in the range [0, 4] $M per year" in ex.message.value


@pytest.mark.parametrize(
    "argv, words",
    [
        (["agenda", "--weeks", "0"], "weeks must be a whole number in the range [1, 52] weeks; got 0"),
        (["agenda", "--minutes", "0"], "minutes"),
        (["agenda", "--minutes", "x"], "invalid int value: 'x'"),
        (["handout", "99"], "lesson number"),
        (["links", "--binder", "--repo", "https://gitlab.com/o/r"], "GitHub"),
        (["export"], "--student"),
    ],
)
def test_cli_bad_usage_and_values_exit_2_with_one_line(argv, words):
    out, err = io.StringIO(), io.StringIO()
    assert cli_main(argv, stdout=out, stderr=err) == 2
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in err.getvalue(), err.getvalue()
    assert "minutes" not in lines[0] or "weeks" not in argv  # the right unit
