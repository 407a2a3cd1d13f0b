"""Capture-recapture: simulation, Lincoln-Petersen and Chapman estimators."""

from __future__ import annotations

import numpy as np
import pytest

from upstream.models.capture import chapman, lincoln_petersen, simulate_lists


def ratio(N=1000, p1=0.3, p2=0.3, d=0.0, h=0.0, n=1500, seed=7):
    s = simulate_lists(N, p1, p2, dependence=d, heterogeneity=h, n_sims=n, seed=seed)
    return chapman(s.n1, s.n2, s.m).N_hat / N, s


def test_independent_homogeneous_lists_are_nearly_unbiased_over_many_seeds():
    r, s = ratio()
    assert abs(np.mean(r) - 1) < 0.02
    # the counts have the expected sizes
    assert np.mean(s.n1) == pytest.approx(300, rel=0.02)
    assert np.mean(s.m) == pytest.approx(90, rel=0.03)


def test_interval_covers_the_true_size_about_95_percent_of_the_time():
    s = simulate_lists(1000, 0.3, 0.3, n_sims=2000, seed=11)
    e = chapman(s.n1, s.n2, s.m)
    cover = np.mean((e.lower <= 1000) & (e.upper >= 1000))
    assert 0.92 < cover < 0.98


def test_positive_dependence_biases_the_estimate_low():
    r, _ = ratio(d=0.5)
    assert np.mean(r) < 0.75


def test_heterogeneity_biases_the_estimate_low():
    r0, _ = ratio(h=0.0)
    r1, _ = ratio(h=1.0)
    r2, _ = ratio(h=2.0)
    assert np.mean(r2) < np.mean(r1) < np.mean(r0) - 0.05
    assert np.mean(r2) < 0.7


def test_negative_dependence_biases_the_estimate_high():
    r, _ = ratio(d=-0.5)
    assert np.mean(r) > 1.3


def test_chapman_is_defined_when_the_overlap_is_zero_and_lincoln_petersen_is_not():
    assert np.isinf(lincoln_petersen(10, 12, 0))
    e = chapman(10, 12, 0)
    assert float(e.N_hat) == pytest.approx(11 * 13 / 1 - 1)
    assert np.isfinite(e.upper) and float(e.lower) >= 22


def test_estimators_match_hand_calculation():
    assert float(lincoln_petersen(100, 80, 20)) == pytest.approx(400)
    e = chapman(100, 80, 20)
    assert float(e.N_hat) == pytest.approx(101 * 81 / 21 - 1)
    var = 101 * 81 * 80 * 60 / (21**2 * 22)
    assert float(e.upper) == pytest.approx(float(e.N_hat) + 1.959964 * np.sqrt(var))
    # the interval never goes below the number of distinct people seen
    e = chapman(5, 5, 5)
    assert float(e.lower) >= 5


def test_seeded_randomness_is_reproducible_and_seeds_differ():
    a = simulate_lists(500, 0.2, 0.4, 0.1, 0.5, n_sims=5, seed=3)
    b = simulate_lists(500, 0.2, 0.4, 0.1, 0.5, n_sims=5, seed=3)
    c = simulate_lists(500, 0.2, 0.4, 0.1, 0.5, n_sims=5, seed=4)
    assert np.array_equal(a.m, b.m) and np.array_equal(a.n1, b.n1)
    assert not np.array_equal(a.n1, c.n1)


def test_counts_are_consistent():
    s = simulate_lists(300, 0.5, 0.5, 0.3, 1.0, n_sims=50, seed=1)
    assert np.all(s.m <= np.minimum(s.n1, s.n2))
    assert np.all(s.seen <= s.N) and len(s) == 50


def test_large_populations_and_many_surveys_are_cheap():
    s = simulate_lists(100_000, 0.1, 0.1, heterogeneity=1.0, n_sims=20_000, seed=0)
    assert s.n1.shape == (20_000,) and np.all(s.n1 > 0)
    # list 1 catches about 10% of a typical person, more or less on average with heterogeneity
    assert 0.08 < np.mean(s.n1) / 100_000 < 0.2


def test_heterogeneity_groups_cover_the_whole_population():
    s = simulate_lists(100, 0.99, 0.99, heterogeneity=0.01, n_sims=3, seed=0)
    assert np.all(s.n1 >= 90) and np.all(s.seen <= 100)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"N": 0}, "N"),
        ({"N": 10**6}, "N"),
        ({"p1": 1.5}, "p1"),
        ({"p2": 0.0}, "p2"),
        ({"dependence": 2}, "dependence"),
        ({"heterogeneity": -1}, "heterogeneity"),
        ({"n_sims": 0}, "n_sims"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    args = {"N": 100, "p1": 0.3, "p2": 0.3, **kwargs}
    with pytest.raises(ValueError, match=name):
        simulate_lists(**args)


def test_estimators_refuse_impossible_counts():
    with pytest.raises(
        ValueError, match=r"^m \(people on both lists\) must be in the range \[0, min\(n1, n2\)\]; got m=.*6"
    ):
        chapman(5, 5, 6)
    with pytest.raises(ValueError, match=r"^n1 must hold whole numbers >= 0; got .*-1"):
        lincoln_petersen(-1, 5, 0)
    with pytest.raises(ValueError, match=r"^z must be in the range \(0, 5\]; got 0"):
        chapman(5, 5, 1, z=0)
