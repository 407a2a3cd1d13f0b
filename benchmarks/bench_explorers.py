"""Time per update of every in-page explorer, beside the kernel round trip for the same change.

In-page: each explorer page of a built book is opened in headless Chromium
(Debian's /usr/bin/chromium) from a local server, and the 50 control changes
of benchmarks/bench_widgets.py are made by setting the native control and
dispatching its ``input``/``change`` event, as the browser does when a key
moves a slider. Two times per change:

  update   from the input event to the chart, numbers and sentence updated in the
           DOM (the explorer's whole handler: model run, SVG attributes, text)
  frame    from the input event to the next animation frame after it (the update
           plus the browser's style, layout and paint, quantised to the ~16.7 ms
           frame clock of headless Chromium)

Kernel: the same 50 changes sent to a real IPython kernel (jupyter_client), each
as ``explorer.set(name=value)``; the time is from sending the request to its
reply, i.e. the Python update (model, matplotlib, PNG) plus the messaging,
without any browser work to show the new image. This is the least a reader on
Binder or a hub waits.

Also the allocator's full sweep: the time of a change of total (1,771 splits
over ten years, recomputed for each new total) in the page.

Goals (issue 13): in-page median <= 16 ms and p95 <= 33 ms per update, the
allocator's full sweep <= 100 ms, and every explorer at least 5x faster than
the kernel round trip. Numbers are printed, never asserted.

Usage:
  python benchmarks/bench_explorers.py --html DIR     # DIR: a built book's HTML folder
  python benchmarks/bench_explorers.py               # build the book into a temp dir first
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).parent))
from bench_widgets import EXPLORERS  # noqa: E402  (the same 50 changes as the kernel benchmark)

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

GOAL_MEDIAN_MS, GOAL_P95_MS, GOAL_SWEEP_MS, GOAL_SPEEDUP = 16.0, 33.0, 100.0, 5.0

#: bench_widgets' explorer label -> (data-explorer name, Python class, control renames)
PIECES = {
    "Capture-recapture explorer (lesson 2)": ("capture", "CaptureRecaptureExplorer", {}),
    "Model explorer (lesson 4)": ("model", "ModelExplorer", {"horizon": "years"}),
    "Budget allocator (lesson 5)": ("allocator", "BudgetAllocator", {}),
    "Deterrence explorer (lesson 6)": ("deterrence", "DeterrenceExplorer", {}),
    "Screening explorer (lesson 7)": ("screening", "ScreeningExplorer", {}),
}

JS_TIME_CHANGES = """async ({name, changes}) => {
  const root = document.querySelector(`[data-explorer="${name}"]`);
  if (!root || root.dataset.live !== "true") throw new Error(`${name} is not live`);
  const update = [], frame = [];
  // the longest task while the changes run (what a reader feels as a freeze)
  const tasks = [];
  const obs = new PerformanceObserver(list => tasks.push(...list.getEntries().map(e => e.duration)));
  try { obs.observe({type: "longtask"}); } catch (e) {}
  const longest = () => { obs.disconnect(); return tasks.length ? Math.max(...tasks) : 0; };
  for (const [control, value] of changes) {
    const el = root.querySelector(`.ux-live [name="${control}"]`);
    if (!el) throw new Error(`${name} has no control ${control}`);
    el.value = String(value);
    const ev = new Event(el.tagName === "SELECT" ? "change" : "input", {bubbles: true});
    const t0 = performance.now();
    el.dispatchEvent(ev);
    // the allocator sweeps a new total in slices (aria-busy while it runs): wait for the chart
    while (root.querySelector('[aria-busy="true"]')) await new Promise(r => setTimeout(r, 0));
    const t1 = performance.now();
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    update.push(t1 - t0);
    frame.push(performance.now() - t0);
  }
  return {update, frame, longest: longest()};
}"""


def percentile(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q * (len(s) - 1)))))]


def serve(folder: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def explorer_pages(html: Path) -> dict[str, str]:
    import re

    found = {}
    for page in sorted(html.glob("*/*.html")):
        for name in re.findall(r'data-explorer="([a-z]+)"', page.read_text(encoding="utf-8")):
            found.setdefault(name, page.relative_to(html).as_posix())
    return found


def time_in_page(html: Path) -> tuple[dict, list[float]]:
    from playwright.sync_api import sync_playwright

    pages = explorer_pages(html)
    server, base = serve(html)
    out, sweeps = {}, []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for label, (name, _, renames) in PIECES.items():
                changes = [[renames.get(c, c), v] for c, v in EXPLORERS[label][2]]
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + pages[name], wait_until="load")
                page.wait_for_load_state("networkidle")
                out[label] = page.evaluate(JS_TIME_CHANGES, {"name": name, "changes": changes})
                if name == "allocator":
                    # every new total recomputes the sweep of all 1,771 splits
                    totals = [t for t in (0.5, 1.0, 1.5, 2.5, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0)]
                    res = page.evaluate(JS_TIME_CHANGES, {"name": name, "changes": [["total", t] for t in totals]})
                    sweeps = res["update"] + [res["longest"]]
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out, sweeps


def time_kernel() -> dict:
    """The same changes as ``explorer.set(...)`` requests to a real IPython kernel."""
    from jupyter_client.manager import start_new_kernel

    env = dict(
        os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""), MPLBACKEND="Agg"
    )
    km, kc = start_new_kernel(kernel_name="python3", env=env)
    out = {}
    try:

        def run(code: str) -> float:
            t0 = time.perf_counter()
            reply = kc.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"kernel: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")
            return 1000 * (time.perf_counter() - t0)

        for label, (_, cls, _) in PIECES.items():
            run(f"from upstream.widgets import {cls}\nex = {cls}()")
            times = []
            for control, value in EXPLORERS[label][2]:
                times.append(run(f"assert ex.set({control if control != 'horizon' else 'years'}={value!r})"))
            out[label] = times
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--html", type=Path, help="a built book's HTML folder (default: build the book into a temp dir)"
    )
    args = parser.parse_args(argv)
    if not CHROMIUM.is_file():
        sys.exit(f"bench_explorers: {CHROMIUM} not found; install it with `apt-get install chromium`")
    with tempfile.TemporaryDirectory(prefix="upstream-bench-") as tmp:
        html = args.html
        if html is None:
            from page_weight import build_book

            html = build_book(Path(tmp))
        page, sweeps = time_in_page(html)
    kernel = time_kernel()

    print(
        f"{'explorer (50 changes each)':<38}{'update med':>11}{'p95':>7}{'frame med':>10}{'p95':>7}"
        f"{'kernel med':>11}{'p95':>7}{'speed-up':>10}  goal"
    )
    for label in PIECES:
        upd, frm, ker = page[label]["update"], page[label]["frame"], kernel[label]
        med, p95 = statistics.median(upd), percentile(upd, 0.95)
        speed = statistics.median(ker) / max(med, 1e-3)
        met = med <= GOAL_MEDIAN_MS and p95 <= GOAL_P95_MS and speed >= GOAL_SPEEDUP
        print(
            f"{label:<38}{med:>11.1f}{p95:>7.1f}{statistics.median(frm):>10.1f}{percentile(frm, 0.95):>7.1f}"
            f"{statistics.median(ker):>11.1f}{percentile(ker, 0.95):>7.1f}{speed:>9.0f}x  {'met' if met else 'MISSED'}"
        )
    if sweeps:
        sweeps, longest = sweeps[:-1], sweeps[-1]
        print(
            f"allocator, change of total (full sweep of 1,771 splits over 10 years, {len(sweeps)} new totals), "
            f"input to updated chart: median {statistics.median(sweeps):.1f} ms, max {max(sweeps):.1f} ms "
            f"({'met' if statistics.median(sweeps) <= GOAL_SWEEP_MS else 'MISSED'}: goal <= {GOAL_SWEEP_MS:g} ms); "
            f"longest main-thread task meanwhile {longest:.0f} ms (0: none over 50 ms)"
        )
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min) "
        "while measuring; above the core count, every figure here includes waiting for a core"
    )
    print(
        f"goals: in-page median <= {GOAL_MEDIAN_MS:g} ms and p95 <= {GOAL_P95_MS:g} ms per update; "
        f">= {GOAL_SPEEDUP:g}x faster than the kernel round trip (speed-up = kernel median / update median)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
