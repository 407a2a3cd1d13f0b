// Lesson 5's budget allocator in the page. Mirrors
// src/upstream/widgets/budget_allocator.py (BudgetAllocator.draw, status_text
// and refresh) on top of models/allocation.js and models/population.js.
// Controls, assumption sets, texts, palette, the colour map and the parameter
// draws come from the Python widget's output: the draws are Python's own
// uniform factors (seeded NumPy generator), so the uncertainty band here is
// Python's, draw for draw.
import { enhance, controls, frame, fmt, h } from "../lib/ui.js";
import { chart, panel, barPanel, linear, ticks, s, legend, marker } from "../lib/svg.js";
import { Parameters, budget_grid, simulate_many } from "../models/population.js";
import { lever_slice, relative_bands, run_draws, split_budget } from "../models/allocation.js";

const SHARES = ["prevention", "identification", "aftercare"];

// draw_parameters(n_draws, seed, central) with the factors Python's generator gave.
export function drawsFromFactors(config, central) {
  const changes = {};
  const fractions = new Set(config.fraction_fields);
  for (const [name, factors] of Object.entries(config.draw_factors)) {
    const base = central[name];
    const values = new Float64Array(factors.length);
    for (let i = 0; i < factors.length; i++) values[i] = base * factors[i];
    if (fractions.has(name)) for (let i = 0; i < values.length; i++) values[i] = Math.min(values[i], 1.0);
    changes[name] = values;
  }
  return central.replace(changes);
}

function quantileSorted(sorted, q) {
  // numpy.quantile's default ("linear") method
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = pos - lo;
  const d = sorted[hi] - sorted[lo];
  return t >= 0.5 ? sorted[hi] - d * (1 - t) : sorted[lo] + d * t;
}

// The model runs behind one state of the controls, cached as in the Python widget.
export function makeModel(config) {
  const sweeps = new Map();
  const draws = new Map();
  const evens = new Map();
  const centrals = {};
  for (const [name, fields] of Object.entries(config.assumption_sets)) centrals[name] = Parameters(fields);

  // Every split of the total (1,771 at 5 % steps) and no new spending, at the
  // central assumptions: simulate_many over the rows in chunks (each scenario is
  // integrated on its own, so chunks give the same numbers as one call), yielding
  // to the browser between chunks so the page never freezes while it runs.
  const CHUNK = 128;
  function* sweepSteps(total, name) {
    const grid = budget_grid(total, (total * config.share_step) / 100);
    const rows = [[0, 0, 0, 0], ...grid];
    const all = {};
    for (const o of config.outcomes) all[o] = new Float64Array(rows.length);
    for (let start = 0; start < rows.length; start += CHUNK) {
      const res = simulate_many(rows.slice(start, start + CHUNK), centrals[name], config.years);
      for (const o of config.outcomes) all[o].set(res[o], start);
      yield;
    }
    const central = {};
    const base = {};
    for (const o of config.outcomes) {
      central[o] = all[o].subarray(1);
      base[o] = all[o][0];
    }
    // the heat map's colour limits, fixed per total and assumptions (the worst tenth of splits
    // share the top colour): BudgetAllocator.draw's set_clim
    const sorted = Float64Array.from(central.child_years_exploited).sort();
    const clim = [sorted[0], quantileSorted(sorted, 0.9)];
    sweeps.set(`${total}|${name}`, { grid, central, base, clim });
  }
  function sweep(total, name) {
    const key = `${total}|${name}`;
    if (!sweeps.has(key)) for (const _ of sweepSteps(total, name));
    return sweeps.get(key);
  }
  function drawsFor(name) {
    if (!draws.has(name)) {
      const d = drawsFromFactors(config, centrals[name]);
      draws.set(name, { draws: d, base: run_draws([0, 0, 0, 0], d, config.years, simulate_many, config.mc_dt) });
    }
    return draws.get(name);
  }
  function evenFor(total, name) {
    const key = `${total}|${name}`;
    if (!evens.has(key)) evens.set(key, run_draws(Array(4).fill(total / 4), drawsFor(name).draws, config.years, simulate_many, config.mc_dt));
    return evens.get(key);
  }

  const running = new Map();
  // A promise of the sweep for (total, assumptions), computed a chunk per task.
  function prepare(total, name) {
    const key = `${total}|${name}`;
    if (sweeps.has(key)) return Promise.resolve();
    if (!running.has(key)) {
      const steps = sweepSteps(total, name);
      // yield through a message channel, not setTimeout (whose nested calls wait >= 4 ms each)
      const channel = new MessageChannel();
      running.set(key, new Promise((resolve, reject) => {
        const next = () => {
          try {
            if (steps.next().done) {
              running.delete(key);
              channel.port1.close();
              resolve();
            } else channel.port2.postMessage(null);
          } catch (err) {
            running.delete(key);
            channel.port1.close();
            reject(err);
          }
        };
        channel.port1.onmessage = next;
        next();
      }));
    }
    return running.get(key);
  }

  // BudgetAllocator.draw + status_text (throws the model's ValueError for shares over 100 %).
  function compute(v) {
    const T = config.text;
    const total = Math.round(v.total * 1e6) / 1e6;
    const name = v.assumptions;
    const row = split_budget(v.total, v.prevention / 100, v.identification / 100, v.aftercare / 100);
    const { grid, central, base, clim } = sweep(total, name);
    const { draws: d, base: baseDraws } = drawsFor(name);
    const even = evenFor(total, name);
    const mine = run_draws(row, d, config.years, simulate_many, config.mc_dt);
    const bandsAll = relative_bands(mine, baseDraws);
    const bands = {};
    for (const o of config.outcomes) bands[o] = bandsAll[o][0];
    let idx = 0;
    let bestDist = Infinity;
    for (let i = 0; i < grid.length; i++) {
      const g = grid[i];
      const dist = Math.abs(g[0] - row[0]) + Math.abs(g[1] - row[1]) + Math.abs(g[2] - row[2]) + Math.abs(g[3] - row[3]);
      if (dist < bestDist) {
        bestDist = dist;
        idx = i;
      }
    }
    const pct = {};
    for (const o of config.outcomes) pct[o] = base[o] > 0 ? (100.0 * central[o][idx]) / base[o] : 100.0;
    const cy = central.child_years_exploited;
    const [levels, z] = lever_slice(grid, cy, "prosecution", row[3], "prevention", "identification");
    const shares = row.map((x) => (100.0 * x) / total);
    let bi = -1, bj = -1, bz = Infinity;
    z.forEach((zr, i) => zr.forEach((val, j) => {
      if (val < bz) {
        bz = val;
        bi = i;
        bj = j;
      }
    }));
    const bestSlice = [(100.0 * levels[bj]) / total, (100.0 * levels[bi]) / total];
    const cyMine = mine.child_years_exploited[0];
    const cyEven = even.child_years_exploited[0];
    let beats = 0;
    for (let i = 0; i < cyMine.length; i++) if (cyMine[i] < cyEven[i] - 1e-9) beats += 1;
    const beatsEven = beats / cyMine.length;
    const tiesEven = row.every((x) => Math.abs(x - total / 4) <= 1e-8 + 1e-5 * Math.abs(total / 4));
    let ib = 0;
    for (let i = 1; i < cy.length; i++) if (cy[i] < cy[ib]) ib = i;
    const best = grid[ib].map((x) => (100.0 * x) / total);
    const [lo, , hi] = bands.child_years_exploited;
    const shareText = config.levers.map((k, i) => fmt(T.share_item, { name: k, share: shares[i] })).join(T.share_sep);
    const outcomes = config.outcomes
      .map((o, i) => fmt(T.outcome_item, { label: config.outcome_labels_lower[i], pct: pct[o], lo: bands[o][0], hi: bands[o][2] }))
      .join(T.outcome_sep);
    const alt = fmt(T.alt, { years: config.years, total, shares: shareText, name, outcomes, pros_share: shares[3],
                             best_x: bestSlice[0], best_y: bestSlice[1], cy_pct: pct.child_years_exploited, lo, hi });
    const evenText = tiesEven ? T.even_tie : fmt(T.even_beats, { beats_pct: 100 * beatsEven, n_draws: config.n_draws });
    const bestText = config.levers.map((k, i) => fmt(T.share_item, { name: k, share: best[i] })).join(T.share_sep);
    const status = fmt(T.status, { pros_share: shares[3], pros_amount: row[3], cy_pct: pct.child_years_exploited, lo, hi,
                                   even: evenText, best: bestText });
    return { total, row, pct, bands, levels, z, clim, shares, bestSlice, alt, status };
  }
  compute.ready = (v) => sweeps.has(`${Math.round(v.total * 1e6) / 1e6}|${v.assumptions}`);
  compute.prepare = (v) => prepare(Math.round(v.total * 1e6) / 1e6, v.assumptions);
  return compute;
}

export function remainderText(config, v) {
  const used = SHARES.reduce((a, k) => a + v[k], 0);
  return used <= 100 ? fmt(config.text.remainder, { rest: 100 - used }) : fmt(config.text.remainder_over, { used });
}

enhance("allocator", (live, config) => {
  const T = config.text;
  const col = config.colors;
  const compute = makeModel(config);
  const fr = frame(live, config, {});
  const ctl = controls(config.controls, (name) => update(name));
  // the shares last drawn: a share slider moved past 100 % in all goes back there
  // (BudgetAllocator._on_change), so the sliders, the chart and the numbers always agree
  const lastGood = ctl.values();
  const remainder = h("p", { class: "ux-note", "data-role": "remainder" });
  ctl.byName.aftercare.el.after(remainder);
  live.append(ctl.el, fr.status, fr.figure);

  // top: outcome bars with whiskers
  const svgO = chart({ width: 450, height: 320, title: `${T.chart}: ${T.outcomes_title}`, describedBy: fr.summaryId });
  // each outcome's label sits above its bar, so the drawing stays narrow and legible on a phone
  const rowY = (i) => 62 + i * 42;
  const pO = barPanel(svgO, config.outcome_labels, { left: 12, top: 28, width: 426, height: 218, xMax: config.x_max, xTickCount: 6,
                                                     xLabel: T.outcomes_x_label, title: T.outcomes_title, rowY, barHeight: 16, fill: col.mixed, labelAbove: true });
  const { x: xO, bars, values: barText } = pO;
  const whiskers = config.outcome_labels.map(() => s("path", { fill: "none", stroke: col.none, "stroke-width": 1.8 }));
  pO.plot.append(...bars, s("line", { x1: xO(100), x2: xO(100), y1: 28, y2: 246, stroke: col.none, "stroke-width": 1.2, "stroke-dasharray": "6 4" }), ...whiskers, ...barText);
  legend(svgO, [
    { label: T.legend_outcomes[0], color: col.mixed, box: true },
    { label: T.legend_outcomes[1], color: col.none, line: true },
  ], { x: 12, y: 306, width: 440, columns: 2 });

  // bottom: heat map of child-years over the splits on the slice
  const svgM = chart({ width: 520, height: 470, title: `${T.chart}: ${T.heat_title}`, describedBy: fr.summaryId });
  const half = config.share_step / 2;
  const xM = linear(-half, 100 + half, 70, 420);
  const yM = linear(-half, 100 + half, 400, 50);
  const pM = panel(svgM, { left: 70, top: 50, width: 350, height: 350, x: xM, y: yM, xTicks: ticks(0, 100, 5), yTicks: ticks(0, 100, 5),
                           xLabel: T.heat_x_label, yLabel: T.heat_y_label, grid: false });
  const title = s("text", { x: 10, y: 20, class: "ux-title" });
  const words = T.heat_title.split(", ");
  title.append(s("tspan", { x: 10, dy: 0, text: words[0] + (words.length > 1 ? "," : "") }));
  if (words.length > 1) title.append(s("tspan", { x: 10, dy: "1.2em", text: words.slice(1).join(", ") }));
  pM.axes.append(title);
  const n = Math.round(100 / config.share_step) + 1;
  const cells = [];
  const cellW = xM(config.share_step) - xM(0);
  const cellGroup = s("g");
  for (let i = 0; i < n; i++) {
    cells.push([]);
    for (let j = 0; j < n; j++) {
      const r = s("rect", { x: xM(j * config.share_step - half), y: yM(i * config.share_step + half), width: cellW + 0.3, height: cellW + 0.3, fill: "#fff" });
      cells[i].push(r);
      cellGroup.append(r);
    }
  }
  pM.plot.append(cellGroup);
  const note = s("text", { x: 412, y: 68, "text-anchor": "end", class: "ux-note-text" });
  T.heat_note.split("\n").forEach((line, i) => note.append(s("tspan", { x: 412, dy: i ? "1.2em" : 0, text: line })));
  const marks = s("g");
  pM.plot.append(s("rect", { x: 300, y: 56, width: 116, height: 28, fill: "#fff" }), note, marks);
  legend(svgM, [
    { label: T.legend_heat[0], color: "none", marker: "circle" },
    { label: T.legend_heat[1], color: col.identification, marker: "star", size: 8 },
  ], { x: 300, y: 100, width: 120 });
  // colour bar
  const cb = s("g", { "aria-hidden": "true" });
  const cbX = 450, cbTop = 50, cbH = 350;
  const lut = config.viridis;
  for (let k = 0; k < 64; k++) {
    const c = lut[Math.min(lut.length - 1, Math.floor(((k + 0.5) / 64) * lut.length))];
    cb.append(s("rect", { x: cbX, y: cbTop + cbH - ((k + 1) * cbH) / 64, width: 16, height: cbH / 64 + 0.5, fill: c }));
  }
  cb.append(s("rect", { x: cbX, y: cbTop, width: 16, height: cbH, fill: "none", stroke: "#333", "stroke-width": 0.8 }));
  const cbTicks = s("g");
  cb.append(cbTicks, s("text", { transform: `translate(${cbX + 62},${cbTop + cbH / 2}) rotate(-90)`, "text-anchor": "middle", class: "ux-label", text: T.colorbar_label }));
  svgM.append(cb);
  fr.chart.append(svgO, svgM);

  const colour = (val, [lo, hi]) => {
    if (!Number.isFinite(val)) return "#ffffff";
    let t = hi > lo ? (val - lo) / (hi - lo) : 0;
    t = Math.min(Math.max(t, 0), 1);
    return lut[Math.min(lut.length - 1, Math.floor(t * lut.length))];
  };
  let shownSlice = null;
  let shownClim = null;
  const fills = cells.map((row) => row.map(() => "#fff"));

  let waiting = 0;
  function update(changed) {
    const v = ctl.values();
    if (SHARES.includes(changed)) {
      try {
        split_budget(v.total, v.prevention / 100, v.identification / 100, v.aftercare / 100);
      } catch (err) {
        if (!(err && err.name === "ValueError")) throw err;
        ctl.byName[changed].value = lastGood[changed];
        fr.error(fmt(T.share_refused, { err: err.message, name: changed, old: lastGood[changed] }));
        return;
      }
    }
    Object.assign(lastGood, v);
    remainder.textContent = remainderText(config, v);
    let out;
    try {
      if (!compute.ready(v)) {
        // a new total or set of assumptions: sweep every split first, without freezing the page
        split_budget(v.total, v.prevention / 100, v.identification / 100, v.aftercare / 100);
        const token = ++waiting;
        fr.figure.setAttribute("aria-busy", "true");
        compute.prepare(v).then(() => {
          if (token !== waiting) return;
          fr.figure.removeAttribute("aria-busy");
          update();
        });
        return;
      }
      waiting += 1;
      fr.figure.removeAttribute("aria-busy");
      out = compute(v);
    } catch (err) {
      if (err && err.name === "ValueError") {
        fr.error(fmt(config.not_updated, { err: err.message }));
        return;
      }
      throw err;
    }
    fr.clearError();
    config.outcomes.forEach((o, i) => {
      const p = out.pct[o];
      const [lo, , hi] = out.bands[o];
      bars[i].setAttribute("width", Math.max(0, xO(Math.min(p, config.x_max)) - xO(0)));
      const x1 = xO(Math.min(lo, config.x_max)), x2 = xO(Math.min(hi, config.x_max)), y = rowY(i);
      whiskers[i].setAttribute("d", `M${x1},${y}H${x2}M${x1},${y - 6}V${y + 6}M${x2},${y - 6}V${y + 6}`);
      barText[i].setAttribute("x", xO(Math.min(Math.max(p, hi), config.x_max - 75) + 4));
      barText[i].textContent = fmt(T.bar_value, { pct: p });
    });
    const key = `${out.total}|${v.assumptions}|${out.row[3]}`;
    if (key !== shownSlice) {
      shownSlice = key;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        const val = i < out.z.length && j < out.z.length ? out.z[i][j] : NaN;
        const fill = colour(val, out.clim);
        if (fills[i][j] !== fill) {  // a cell whose colour stays is not touched
          fills[i][j] = fill;
          cells[i][j].setAttribute("fill", fill);
        }
      }
    }
    if (out.clim !== shownClim) {  // the colour bar's ticks change with the total and the assumptions
      shownClim = out.clim;
      cbTicks.replaceChildren();
      const [lo, hi] = out.clim;
      const yC = linear(lo, hi, cbTop + cbH, cbTop);
      for (const t of ticks(lo, hi, 5)) {
        cbTicks.append(s("line", { x1: cbX + 16, x2: cbX + 20, y1: yC(t), y2: yC(t), stroke: "#333" }));
        cbTicks.append(s("text", { x: cbX + 23, y: yC(t) + 4, class: "ux-ticklabel", text: fmt("{t:g}", { t }) }));
      }
    }
    marks.replaceChildren(
      s("circle", { cx: xM(out.shares[0]), cy: yM(out.shares[1]), r: 7, fill: "none", stroke: "#fff", "stroke-width": 2.5 }),
      s("circle", { cx: xM(out.shares[0]), cy: yM(out.shares[1]), r: 9, fill: "none", stroke: "#000", "stroke-width": 1.2 }),
      marker("star", xM(out.bestSlice[0]), yM(out.bestSlice[1]), col.identification, 9),
    );
    fr.update(out.status, out.alt);
  }
  update();
});
