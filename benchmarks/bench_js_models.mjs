// Timings of the JavaScript models (src/upstream/js/models/) in Node: what each in-page
// explorer computes per update, and the allocator's full sweep of 1,771 splits.
//
// Run: node benchmarks/bench_js_models.mjs [--quick]
// Prints, for each call, the first (cold, before the JIT warms up) time and the median and
// p95 of repeated calls (wall clock), and the median CPU time of the process per call (less
// sensitive to other load on a shared machine), in milliseconds. Numbers are printed, never asserted: the
// goal of issue 13 is <= 100 ms for the sweep (and <= 16 ms median per explorer update,
// chart drawing included, which benchmarks/bench_widgets.py measures in the browser).
// Only the model calls are timed here; drawing is not.

import * as population from "../src/upstream/js/models/population.js";
import * as allocation from "../src/upstream/js/models/allocation.js";
import * as deterrence from "../src/upstream/js/models/deterrence.js";
import * as screening from "../src/upstream/js/models/screening.js";
import * as capture from "../src/upstream/js/models/capture.js";

const quick = process.argv.includes("--quick");
const SWEEP_GOAL_MS = 100;

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: q(0.5), p95: q(0.95) };
}

function bench(name, fn, repeats) {
  repeats = quick ? Math.max(3, Math.floor(repeats / 5)) : repeats;
  let t0 = performance.now();
  fn(0);
  const cold = performance.now() - t0;
  const times = [], cpu = [];
  for (let i = 1; i <= repeats; i++) {
    const c0 = process.cpuUsage();
    t0 = performance.now();
    fn(i);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const { median, p95 } = stats(times);
  const cpuMedian = stats(cpu).median;
  console.log(`${name}\n    cold ${cold.toFixed(2).padStart(7)}  median ${median.toFixed(2).padStart(7)}  ` +
    `p95 ${p95.toFixed(2).padStart(7)}  (CPU median ${cpuMedian.toFixed(2).padStart(6)}) ms, ${repeats} runs`);
  return { cold, median, p95, cpuMedian };
}

console.log(`JavaScript models in Node ${process.version} (${process.platform}, ${process.arch}); times in ms`);

// lesson 4, model explorer: one scenario with trajectories per update (10 and 30 years)
const budget = population.Budget({ prevention: 0.5, identification: 0.5, aftercare: 0.5, prosecution: 0.5 });
bench("model explorer: simulate(budget, 10 years, dt 0.1)", () => population.simulate(budget, null, 10, 0.1), 500);
bench("model explorer: simulate(budget, 30 years, dt 0.1)", () => population.simulate(budget, null, 30, 0.1), 300);

// lesson 5, budget allocator
const total = 2.0;
const grid = population.budget_grid(total, (total * 5) / 100);
const rows = [[0, 0, 0, 0], ...grid];
const sweep = bench(`allocator: full sweep, ${grid.length} splits + baseline x 10 years (dt 0.1)`,
  () => population.simulate_many(rows, allocation.ASSUMPTION_SETS["central (model defaults)"], 10), 40);
bench(`allocator: frontier(2, 0.1): ${grid.length} splits x 10 years`, () => allocation.frontier(2, 0.1), 40);
const draws = allocation.draw_parameters(200, 2024);
bench("allocator: draw_parameters(200) + baseline run_draws (dt 0.2)", (i) => {
  const d = allocation.draw_parameters(200, 2024 + i);
  allocation.run_draws([0, 0, 0, 0], d, 10, population.simulate_many, 0.2);
}, 100);
const base = allocation.run_draws([0, 0, 0, 0], draws, 10, population.simulate_many, 0.2);
const sweepRes = population.simulate_many(rows, null, 10);
const cy = sweepRes.child_years_exploited.slice(1);
bench("allocator update: run_draws(split, 200 draws) + relative_bands + lever_slice", (i) => {
  const row = allocation.split_budget(total, 0.05 * (i % 8), 0.25, 0.25);
  const mine = allocation.run_draws(row, draws, 10, population.simulate_many, 0.2);
  allocation.relative_bands(mine, base);
  allocation.lever_slice(grid, cy, "prosecution", row[3], "prevention", "identification");
}, 200);

// lesson 6, deterrence explorer: the doublings and two cost curves over 241 sentence lengths
const S_AXIS = Array.from({ length: 241 }, (_, i) => i * 0.25);
bench("deterrence update: compare_doublings + 2 x expected_cost(241 sentences)", (i) => {
  const p = 0.05 + 0.01 * (i % 50);
  deterrence.compare_doublings(p, 5, 0.2, 1);
  deterrence.expected_cost(p, S_AXIS, 0.2, 1);
  deterrence.expected_cost(Math.min(2 * p, 1), S_AXIS, 0.2, 1);
}, 1000);

// lesson 7, screening explorer: counts and a PPV curve over 200 prevalences
const PREV_AXIS = Array.from({ length: 200 }, (_, i) => 0.001 * Math.pow(500, i / 199));
bench("screening update: screen_counts + predictive_values(200 prevalences)", (i) => {
  const se = 0.5 + 0.002 * (i % 200);
  screening.screen_counts(se, 0.73, 0.1, 1000);
  screening.predictive_values(se, 0.73, PREV_AXIS);
}, 1000);

// lesson 2, capture-recapture explorer: 200 surveys and their Chapman estimates
for (const [N, h] of [[1000, 0], [5000, 0], [1000, 1], [5000, 2]]) {
  bench(`capture update: simulate_lists(N ${N}, heterogeneity ${h}, 200 surveys) + chapman`, (i) => {
    const s = capture.simulate_lists(N, 0.3, 0.3, 0.2, h, 200, i % 100);
    capture.chapman(s.n1, s.n2, s.m);
  }, 200);
}

console.log(`Full sweep of ${grid.length} splits over ten years: median ${sweep.median.toFixed(1)} ms, ` +
  `p95 ${sweep.p95.toFixed(1)} ms, cold ${sweep.cold.toFixed(1)} ms, CPU median ${sweep.cpuMedian.toFixed(1)} ms; ` +
  `goal <= ${SWEEP_GOAL_MS} ms: ` +
  `${sweep.p95 <= SWEEP_GOAL_MS ? "met" : sweep.median <= SWEEP_GOAL_MS ? "met at the median" : "MISSED"}`);
