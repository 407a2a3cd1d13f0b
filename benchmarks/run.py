"""Print Upstream's performance figures.

(a) Time to evaluate 10,000 budget allocations over 10 years with the
    vectorised model (goal: <= 0.25 s on a 2-core machine).
(b) Time to execute every lesson notebook with nbclient.
(c) Time per update of every explorer against a naive interact peer
    (benchmarks/bench_widgets.py).

Run: ``python benchmarks/run.py`` (or ``make bench``). Numbers are printed,
never asserted: timing goals live here, not in the tests.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

GOAL_10K_S = 0.25


def bench_model(repeats: int = 5) -> None:
    from upstream.models.population import simulate_many

    rng = np.random.default_rng(0)
    budgets = rng.uniform(0.0, 2.0, size=(10_000, 4))
    simulate_many(budgets[:10])  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        res = simulate_many(budgets, years=10.0, dt=0.1)
        times.append(time.perf_counter() - t0)
    assert res.child_years_exploited.shape == (10_000,)
    med = statistics.median(times)
    print(
        f"(a) 10,000 budget allocations x 10 years (sub-stepped RK4, output step 0.1 y): median {med:.3f} s, "
        f"best {min(times):.3f} s over {repeats} runs; goal <= {GOAL_10K_S} s: "
        f"{'met' if med <= GOAL_10K_S else 'MISSED'}"
    )


GOAL_GRID_S = 0.15


def bench_budget_grid(repeats: int = 5) -> None:
    from upstream.models.population import budget_grid

    budget_grid(2.0, 0.5)  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        grid = budget_grid(20.0, 0.1)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(
        f"(a') budget_grid(20, 0.1), {grid.shape[0]:,} rows: median {med:.3f} s, best "
        f"{min(times):.3f} s over {repeats} runs; goal <= {GOAL_GRID_S} s: "
        f"{'met' if med <= GOAL_GRID_S else 'MISSED'}"
    )


def load_average() -> str:
    import os

    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def bench_notebooks() -> None:
    import nbformat
    from nbclient import NotebookClient

    total = 0.0
    print("(b) executing every notebook with nbclient:")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        t0 = time.perf_counter()
        NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        dt = time.perf_counter() - t0
        total += dt
        print(f"    {path.name:<48} {dt:6.1f} s")
    print(f"    {'all notebooks':<48} {total:6.1f} s")


def main() -> int:
    print(load_average())
    bench_model()
    bench_budget_grid()
    bench_notebooks()
    print("(c) explorer updates:")
    import bench_widgets

    return bench_widgets.main()


if __name__ == "__main__":
    sys.exit(main())
