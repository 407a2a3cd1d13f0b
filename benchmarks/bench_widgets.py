"""Time per update of every explorer, against a naive ``interact`` peer.

For each explorer, 50 control changes are made in a plain Python process
(Agg backend) and the wall time of each update is recorded: the explorer's own
path (reused figure, blitted artists, fast PNG) against the naive peer, an
``ipywidgets.interactive`` whose function builds a new figure from the same
plotting code and saves it with ``bbox_inches="tight"`` on every change (what
``%matplotlib inline`` does).

Goal (issue 3): p95 <= 30 ms per update on a 2-core machine, and at least 2x
faster than the naive peer in the same run.

Add an explorer by adding an entry to ``EXPLORERS``: a factory, a function
returning its controls by name, and 50 ``(control name, value)`` changes.

Run: ``python benchmarks/bench_widgets.py`` (or ``make bench``).
"""

from __future__ import annotations

import contextlib
import io
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402

GOAL_P95_MS = 30.0
GOAL_SPEEDUP = 2.0


def _model_explorer():
    from upstream.widgets import ModelExplorer

    return ModelExplorer()


def _model_controls(ex):
    return {**ex.sliders, "horizon": ex.horizon}


def _model_changes():
    levers = ["prevention", "identification", "aftercare", "prosecution"]
    out = []
    for i in range(50):
        if i % 10 == 9:
            out.append(("horizon", 10 + (i // 10) % 3 * 5))
        else:
            out.append((levers[i % 4], round((i * 0.37) % 4.0, 1)))
    return out


def _allocator():
    from upstream.widgets import BudgetAllocator

    return BudgetAllocator()


def _allocator_controls(ex):
    return {**ex.shares, "total": ex.total, "assumptions": ex.assumptions}


def _allocator_changes():
    # shares in 5 % steps (each <= 30 %, so the split never exceeds the total);
    # one change of total and one of assumptions (each recomputes the sweep once)
    levers = ["prevention", "identification", "aftercare"]
    out = []
    for i in range(50):
        if i == 24:
            out.append(("total", 3.0))
        elif i == 49:
            out.append(("assumptions", "prevention works less"))
        else:
            out.append((levers[i % 3], 5 * (1 + (i * 5) % 6)))
    return out


def _deterrence():
    from upstream.widgets import DeterrenceExplorer

    return DeterrenceExplorer()


def _deterrence_controls(ex):
    return {"certainty": ex.certainty, "sentence": ex.sentence, "discount": ex.discount, "delay": ex.delay}


def _deterrence_changes():
    out = []
    for i in range(50):
        if i % 5 == 4:
            out.append(("certainty", [10, 12, 15, 8, 10][(i // 5) % 5]))
        elif i % 5 == 3:
            out.append(("discount", [20, 15, 25, 20][(i // 5) % 4]))
        elif i % 5 == 2:
            out.append(("delay", [1.0, 0.5, 2.0][(i // 5) % 3]))
        else:
            out.append(("sentence", 1 + (i * 7) % 30))
    return out


def _screening():
    from upstream.widgets import ScreeningExplorer

    return ScreeningExplorer()


def _screening_controls(ex):
    return {"sensitivity": ex.sensitivity, "specificity": ex.specificity, "prevalence": ex.prevalence}


def _screening_changes():
    names = ["prevalence", "sensitivity", "specificity"]
    out = []
    for i in range(50):
        name = names[i % 3]
        if name == "prevalence":
            out.append((name, round(0.5 + (i * 3.7) % 40, 1)))
        else:
            out.append((name, round(50 + (i * 4.3) % 49, 1)))
    return out


def _capture():
    from upstream.widgets import CaptureRecaptureExplorer

    return CaptureRecaptureExplorer()


def _capture_controls(ex):
    return dict(ex.controls)


def _capture_changes():
    # every slider moves; the population size (which redraws the axes) every 10th change
    sizes = [2000, 500, 1500, 3000, 1000]
    out = []
    for i in range(50):
        if i % 10 == 9:
            out.append(("N", sizes[i // 10]))
            continue
        k = i % 5
        if k == 0:
            out.append(("p1", round(0.1 + (i * 0.15) % 0.8, 2)))
        elif k == 1:
            out.append(("p2", round(0.1 + (i * 0.25) % 0.8, 2)))
        elif k == 2:
            out.append(("dependence", round(-0.8 + (i * 0.3) % 1.6, 1)))
        elif k == 3:
            out.append(("heterogeneity", [0.0, 0.5, 1.0, 1.5, 2.0][(i // 5) % 5]))
        else:
            out.append(("seed", (i * 7) % 100))
    return out


#: name -> (factory, controls(explorer) -> {name: widget}, 50 changes)
EXPLORERS = {
    "Capture-recapture explorer (lesson 2)": (_capture, _capture_controls, _capture_changes()),
    "Model explorer (lesson 4)": (_model_explorer, _model_controls, _model_changes()),
    "Budget allocator (lesson 5)": (_allocator, _allocator_controls, _allocator_changes()),
    "Deterrence explorer (lesson 6)": (_deterrence, _deterrence_controls, _deterrence_changes()),
    "Screening explorer (lesson 7)": (_screening, _screening_controls, _screening_changes()),
}


def percentile(values, q):
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def time_explorer(factory, controls_of, changes):
    ex = factory()
    controls = controls_of(ex)
    times = []
    for name, value in changes:
        t0 = time.perf_counter()
        controls[name].value = value
        times.append((time.perf_counter() - t0) * 1000)
        if ex.message.value and 'role="alert"' in ex.message.value:
            raise RuntimeError(f"change {name}={value} was refused: {ex.message.value}")
    return times


def time_naive_peer(factory, controls_of, changes):
    """interactive() over copies of the controls; each call builds a new figure."""
    ex = factory()
    controls = controls_of(ex)
    ex._batching = True  # the explorer's own redraw is off: only the naive function draws

    def naive(**values):
        for name, value in values.items():
            controls[name].value = value
        ex._build_figure()  # a brand-new figure every change
        ex.draw()
        for artist in getattr(ex, "animated", ()):
            artist.set_animated(False)
        buf = io.BytesIO()
        ex.fig.savefig(buf, format="png", bbox_inches="tight")

    copies = {}
    for name, c in controls.items():
        kwargs = {k: getattr(c, k) for k in ("value", "min", "max", "step", "options") if hasattr(c, k)}
        if "options" in kwargs and kwargs["options"] is None:
            kwargs.pop("options")
        copies[name] = type(c)(**kwargs)
    times = []
    # interactive() clears and re-displays its output; outside a kernel that
    # prints terminal escapes, so swallow them.
    with contextlib.redirect_stdout(io.StringIO()):
        w = widgets.interactive(naive, **copies)
        for name, value in changes:
            t0 = time.perf_counter()
            copies[name].value = value
            times.append((time.perf_counter() - t0) * 1000)
        w.close()
    return times


def main() -> int:
    print(
        f"{'explorer':<36} {'median ms':>10} {'p95 ms':>8} {'naive median':>13} {'naive p95':>10} {'speed-up':>9}  goal"
    )
    ok = True
    for name, (factory, controls_of, changes) in EXPLORERS.items():
        if len(changes) != 50:
            raise ValueError(f"{name}: changes must hold 50 control changes; got {len(changes)}")
        fast = time_explorer(factory, controls_of, changes)
        naive = time_naive_peer(factory, controls_of, changes)
        p95, np95 = percentile(fast, 0.95), percentile(naive, 0.95)
        speedup = statistics.median(naive) / statistics.median(fast)
        met = p95 <= GOAL_P95_MS and speedup >= GOAL_SPEEDUP
        ok &= met
        print(
            f"{name:<36} {statistics.median(fast):>10.1f} {p95:>8.1f} {statistics.median(naive):>13.1f}"
            f" {np95:>10.1f} {speedup:>8.1f}x  {'met' if met else 'MISSED'}"
        )
    print(f"\ngoal: p95 <= {GOAL_P95_MS:g} ms per update and >= {GOAL_SPEEDUP:g}x faster than the naive peer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
