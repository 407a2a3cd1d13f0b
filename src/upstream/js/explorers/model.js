// Lesson 4's model explorer in the page. Mirrors
// src/upstream/widgets/model_explorer.py (ModelExplorer.draw and status_text)
// on top of models/population.js (a mirror of the Python population model).
// Controls, parameters, texts and palette come from the Python widget's output.
import { enhance, controls, frame, fmt } from "../lib/ui.js";
import { chart, panel, linear, ticks, s, pathData, legend } from "../lib/svg.js";
import { Budget, Parameters, equilibrium, simulate } from "../models/population.js";

// ModelExplorer.draw + status_text for the control values; `cache` keeps the baseline per horizon.
export function compute(config, v, cache = new Map(), params = Parameters(config.params)) {
  const T = config.text;
  const years = Math.round(v.years);
  if (!cache.has(years)) cache.set(years, simulate(Budget(), params, years, config.dt));
  const base = cache.get(years);
  const levers = {};
  for (const k of config.levers) levers[k] = v[k];
  const budget = Budget(levers);
  const run = simulate(budget, params, years, config.dt);
  const pct = {};
  for (const k of config.outcomes) {
    const b = base[k];
    pct[k] = b > 0 ? (100.0 * run[k]) / b : 100.0;
  }
  let spent = 0;
  for (const k of config.levers) spent += budget[k];
  const e_end = run.E[run.E.length - 1];
  const e0 = base.E[base.E.length - 1];
  const leverText = config.levers.map((k) => fmt(T.lever_item, { name: k, value: budget[k] })).join(T.lever_sep);
  const outcomes = config.outcomes.map((k, i) => fmt(T.outcome_item, { label: config.outcome_labels_lower[i], pct: pct[k] })).join(T.outcome_sep);
  const alt = fmt(T.alt, { years, spent, levers: leverText, e_end, e0, outcomes });
  const outs = {};
  for (const k of config.outcomes) outs[k] = run[k];
  const status = fmt(T.status, { spent, years, ...outs });
  return { years, base, run, pct, alt, status };
}

enhance("model", (live, config) => {
  const T = config.text;
  const col = config.colors;
  const params = Parameters(config.params);
  const cache = new Map();
  const fr = frame(live, config, {});
  const ctl = controls(config.controls, () => update());
  live.append(ctl.el, fr.status, fr.figure);
  const eq = equilibrium(params);
  const eqv = (x) => (typeof x === "number" ? x : x[0]);
  const tops = { E: 1.15 * eqv(eq.E), T: 1.15 * eqv(eq.T) };
  const panels = {};
  const lines = {};
  let horizon = null;
  const svgs = {};
  for (const st of ["E", "T"]) {
    svgs[st] = chart({ width: 360, height: 270, title: `${T.chart}: ${T.titles[st]}`, describedBy: fr.summaryId });
    fr.chart.append(svgs[st]);
  }
  function timeAxes(years) {
    for (const st of ["E", "T"]) {
      if (panels[st]) panels[st].g.remove();
      const x = linear(0, years, 62, 345);
      const y = linear(0, tops[st], 220, 30);
      panels[st] = panel(svgs[st], { left: 62, top: 30, width: 283, height: 190, x, y, xTicks: ticks(0, years, 5), yTicks: ticks(0, tops[st], 5),
                                     xLabel: T.x_label, yLabel: st === "E" ? T.y_label : null, title: T.titles[st] });
      lines[st + "0"] = s("path", { fill: "none", stroke: col.none, "stroke-width": 1.6, "stroke-dasharray": "6 4" });
      lines[st] = s("path", { fill: "none", stroke: col.mixed, "stroke-width": 2.4 });
      panels[st].plot.append(lines[st + "0"], lines[st]);
    }
    legend(panels.E.g, [
      { label: T.legend[0], color: col.none, line: true, dash: "6 4" },
      { label: T.legend[1], color: col.mixed, line: true },
    ], { x: 70, y: 188, width: 200, rowHeight: 16 });
  }
  // outcome bars
  const svgO = chart({ width: 450, height: 300, title: `${T.chart}: ${T.outcomes_title}`, describedBy: fr.summaryId });
  fr.chart.append(svgO);
  // each outcome's label sits above its bar, so the drawing stays narrow and legible on a phone
  const xO = linear(0, config.x_max, 12, 438);
  const rowY = (i) => 62 + i * 42;
  const pO = panel(svgO, { left: 12, top: 28, width: 426, height: 218, x: xO, y: linear(0, 1, 0, 1), xTicks: ticks(0, config.x_max, 5),
                           xLabel: T.outcomes_x_label, title: T.outcomes_title, grid: true });
  const bars = [];
  const barText = [];
  config.outcome_labels.forEach((label, i) => {
    pO.axes.append(s("text", { x: 16, y: rowY(i) - 14, class: "ux-ticklabel", text: label }));
    const bar = s("rect", { x: 12, y: rowY(i) - 8, height: 16, width: 0, fill: col.mixed, stroke: "#000", "stroke-width": 0.6 });
    const txt = s("text", { y: rowY(i) + 4, class: "ux-value" });
    bars.push(bar);
    barText.push(txt);
    pO.plot.append(bar);
  });
  pO.plot.append(s("line", { x1: xO(100), x2: xO(100), y1: 28, y2: 246, stroke: col.none, "stroke-width": 1.2, "stroke-dasharray": "6 4" }));
  for (const t of barText) pO.plot.append(t);

  function update() {
    const out = compute(config, ctl.values(), cache, params);
    if (out.years !== horizon) {
      horizon = out.years;
      timeAxes(horizon);
    }
    for (const st of ["E", "T"]) {
      const { x, y } = panels[st];
      lines[st + "0"].setAttribute("d", pathData(out.base.t, out.base[st], x, y));
      lines[st].setAttribute("d", pathData(out.run.t, out.run[st], x, y));
    }
    config.outcomes.forEach((k, i) => {
      const w = Math.min(out.pct[k], config.x_max);
      bars[i].setAttribute("width", Math.max(0, xO(w) - xO(0)));
      barText[i].setAttribute("x", Math.min(xO(w) + 2, 400));
      barText[i].textContent = fmt(T.bar_value, { pct: out.pct[k] });
    });
    fr.update(out.status, out.alt);
  }
  update();
});
