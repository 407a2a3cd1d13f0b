// Lesson 6's deterrence explorer in the page. Mirrors
// src/upstream/widgets/deterrence_explorer.py (DeterrenceExplorer.draw and
// status_text) on top of models/deterrence.js (a mirror of models/deterrence.py).
// Controls, texts, palette and axes come from the Python widget's output.
import { enhance, controls, frame, fmt } from "../lib/ui.js";
import { chart, panel, linear, ticks, s, pathData, legend, marker, hatches } from "../lib/svg.js";
import { compare_doublings, expected_cost } from "../models/deterrence.js";

function niceCeiling(x, nice) {
  for (const v of nice) if (x <= v) return v;
  return Math.ceil(x / 100.0) * 100.0;
}

// DeterrenceExplorer.draw + status_text for the control values; returns what the page shows.
export function compute(config, v) {
  const p = v.certainty / 100;
  const S = Math.round(v.sentence);
  const r = v.discount / 100;
  const L = v.delay;
  const res = compare_doublings(p, S, r, L);
  const p2 = Math.min(2 * p, 1.0);
  const ceiling = r > 0 ? (p * Math.exp(-r * L)) / r : null;
  const T = config.text;
  const values = {
    p_pct: 100 * p, S, r_pct: 100 * r, L, S2: Math.min(2 * S, 60), p2_pct: 100 * p2,
    capped: res.certainty_capped ? T.capped : "", ...res,
  };
  values.ceiling_text = ceiling !== null ? fmt(T.ceiling, { ceiling }) : T.no_ceiling;
  const better = res.double_certainty > res.double_sentence ? T.better_certainty : T.better_sentence;
  const top = niceCeiling(1.15 * expected_cost(Math.min(2 * p, 1.0), config.max_sentence, r, L), config.nice);
  return { p, p2, S, r, L, res, ceiling, top, alt: fmt(T.alt, values), status: fmt(T.status, { better, ...res }) };
}

enhance("deterrence", (live, config) => {
  const T = config.text;
  const pal = config.palette;
  const [s0, s1, sn] = config.s_axis;
  const sAxis = Float64Array.from({ length: sn }, (_, i) => s0 + ((s1 - s0) * i) / (sn - 1));
  const fr = frame(live, config, {});
  const ctl = controls(config.controls, () => update());
  live.append(ctl.el, fr.status, fr.figure);

  // left: cost against sentence
  const svgL = chart({ width: 440, height: 330, title: `${T.chart}: ${T.title}`, describedBy: fr.summaryId });
  const svgR = chart({ width: 300, height: 330, title: `${T.chart}: ${T.side_title}`, describedBy: fr.summaryId });
  const pat = hatches(svgR);
  fr.chart.append(svgL, svgR);
  const x = linear(0, 60, 70, 425);
  let top = null;
  let left = null;
  let right = null;
  const lines = {};
  const bars = [];
  const barText = [];

  function axes(topValue) {
    if (left) left.g.remove();
    if (right) right.g.remove();
    const yL = linear(0, topValue, 250, 30);
    left = panel(svgL, { left: 70, top: 30, width: 355, height: 220, x, y: yL, xTicks: ticks(0, 60, 6), yTicks: ticks(0, topValue, 5),
                         xLabel: T.x_label, yLabel: T.y_label, title: T.title });
    lines.curve = s("path", { fill: "none", stroke: pal.blue, "stroke-width": 2.2 });
    lines.curve2 = s("path", { fill: "none", stroke: pal.vermillion, "stroke-width": 2.2, "stroke-dasharray": "7 4" });
    lines.ceiling = s("path", { fill: "none", stroke: pal.black, "stroke-width": 1.2, "stroke-dasharray": "2 3" });
    lines.points = s("g");
    left.plot.append(lines.curve, lines.curve2, lines.ceiling, lines.points);
    const yR = linear(0, topValue, 250, 30);
    const xb = (i) => 30 + i * 90;
    right = panel(svgR, { left: 20, top: 30, width: 270, height: 220, x: linear(0, 1, 20, 290), y: yR, yTicks: ticks(0, topValue, 5),
                          yTickLabels: ticks(0, topValue, 5).map(() => ""), title: T.side_title, grid: true });
    bars.length = 0;
    barText.length = 0;
    const fills = [pal.blue, pal.blue, pal.vermillion];
    const hatch = [null, pat.diag, pat.dots];
    T.bars.forEach((label, i) => {
      const bar = s("rect", { x: xb(i) + 10, width: 60, y: 250, height: 0, fill: fills[i], stroke: "#000", "stroke-width": 0.8 });
      const over = s("rect", { x: xb(i) + 10, width: 60, y: 250, height: 0, fill: hatch[i] ? `url(#${hatch[i]})` : "none", stroke: "none" });
      const txt = s("text", { x: xb(i) + 40, "text-anchor": "middle", class: "ux-value" });
      right.plot.append(bar, over);
      right.plot.append(txt);
      bars.push([bar, over]);
      barText.push(txt);
      const lab = s("text", { x: xb(i) + 40, y: 266, "text-anchor": "middle", class: "ux-ticklabel" });
      label.split("\n").forEach((line, j) => lab.append(s("tspan", { x: xb(i) + 40, dy: j ? "1.1em" : 0, text: line })));
      right.axes.append(lab);
    });
    right.yScale = yR;
    left.yScale = yL;
  }
  legend(svgL, [
    { label: T.legend[0], color: pal.blue, line: true },
    { label: T.legend[1], color: pal.vermillion, line: true, dash: "7 4", marker: "triangle" },
    { label: T.legend[2], color: pal.black, line: true, width: 1.2, dash: "2 3" },
    { label: T.legend[3], color: pal.blue, marker: "circle" },
    { label: T.legend[4], color: pal.blue, marker: "square" },
  ], { x: 8, y: 292, width: 440, columns: 2, rowHeight: 16 });
  svgL.setAttribute("viewBox", "0 0 440 340");

  function update() {
    const out = compute(config, ctl.values());
    if (out.top !== top) {
      top = out.top;
      axes(top);
    }
    const y = left.yScale;
    lines.curve.setAttribute("d", pathData(sAxis, expected_cost(out.p, sAxis, out.r, out.L), x, y));
    lines.curve2.setAttribute("d", pathData(sAxis, expected_cost(out.p2, sAxis, out.r, out.L), x, y));
    lines.ceiling.setAttribute("d", out.ceiling === null ? "" : pathData([0, 60], [out.ceiling, out.ceiling], x, y));
    const res = out.res;
    lines.points.replaceChildren(
      marker("circle", x(out.S), y(res.now), pal.blue, 5),
      marker("square", x(Math.min(2 * out.S, 60)), y(res.double_sentence), pal.blue, 4.5),
      marker("triangle", x(out.S), y(res.double_certainty), pal.vermillion, 5.5),
    );
    const vals = [res.now, res.double_sentence, res.double_certainty];
    const gains = [null, res.gain_sentence_pct, res.gain_certainty_pct];
    const yb = right.yScale;
    vals.forEach((val, i) => {
      for (const r of bars[i]) {
        r.setAttribute("y", Math.min(yb(val), 250));
        r.setAttribute("height", Math.max(0, 250 - yb(val)));
      }
      const t = barText[i];
      t.replaceChildren();
      const yTop = Math.max(yb(val), 60) - (gains[i] === null ? 4 : 18);
      t.append(s("tspan", { x: t.getAttribute("x"), y: yTop, text: fmt(T.bar_value, { v: val }) }));
      if (gains[i] !== null) t.append(s("tspan", { x: t.getAttribute("x"), dy: "1.1em", text: fmt(T.bar_gain, { g: gains[i] }) }));
    });
    fr.update(out.status, out.alt);
  }
  update();
});
