"""budget_grid is vectorised and gives exactly the rows of the plain nested loop (issue 12)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from upstream.models.population import budget_grid


def loop_grid(total: float, step: float) -> np.ndarray:
    m = int(round(total / step))
    rows = [(i, j, k, m - i - j - k) for i in range(m + 1) for j in range(m + 1 - i) for k in range(m + 1 - i - j)]
    return np.asarray(rows, dtype=float) * step


@pytest.mark.parametrize("total, step", [(1.0, 1.0), (2.0, 0.5), (3.0, 0.3), (10.0, 0.25), (20.0, 0.5), (5.0, 0.05)])
def test_grid_equals_the_nested_loop_row_for_row(total, step):
    grid = budget_grid(total, step)
    np.testing.assert_array_equal(grid, loop_grid(total, step))
    m = round(total / step)
    assert grid.shape == (math.comb(m + 3, 3), 4)


def test_largest_grid_has_every_split_once():
    grid = budget_grid(20.0, 0.1)
    assert grid.shape == (math.comb(203, 3), 4) == (1_373_701, 4)
    units = np.rint(grid / 0.1).astype(np.int64)
    assert np.all(units >= 0)
    assert np.all(units.sum(axis=1) == 200)
    key = (units[:, 0] * 201 + units[:, 1]) * 201 + units[:, 2]
    assert np.all(np.diff(key) > 0)  # strictly increasing: lexicographic and no repeats
