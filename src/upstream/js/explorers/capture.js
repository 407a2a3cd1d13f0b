// Lesson 2's capture-recapture explorer in the page. Mirrors
// src/upstream/widgets/capture_explorer.py (CaptureRecaptureExplorer.draw and
// status_text) on top of models/capture.js (a mirror of models/capture.py).
// Controls, texts, palette, bins and axes come from the Python widget's output.
// The surveys are simulated here with this package's own seeded generator, so
// for the same "random survey number" they are other draws than NumPy's: the
// same in distribution (tested), not the same survey.
import { enhance, controls, frame, fmt } from "../lib/ui.js";
import { chart, panel, barPanel, linear, ticks, s } from "../lib/svg.js";
import { chapman, simulate_lists } from "../models/capture.js";

// numpy.histogram of `values` over the sorted `edges` (the last bin includes its right edge).
export function histogram(values, edges) {
  const nb = edges.length - 1;
  const counts = new Array(nb).fill(0);
  const lo = edges[0], hi = edges[nb], width = (hi - lo) / nb;
  for (const x of values) {
    if (!(x >= lo && x <= hi)) continue;
    let i = Math.min(nb - 1, Math.floor((x - lo) / width));
    while (i > 0 && x < edges[i]) i -= 1;
    while (i < nb - 1 && x >= edges[i + 1]) i += 1;
    counts[i] += 1;
  }
  return counts;
}

function median(values) {
  const a = Float64Array.from(values).sort();
  const n = a.length;
  return n % 2 ? a[(n - 1) / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

// CaptureRecaptureExplorer.draw + status_text for the control values.
export function compute(config, v) {
  const T = config.text;
  const N = Math.round(v.N);
  const sample = simulate_lists(N, v.p1, v.p2, v.dependence, v.heterogeneity, config.n_surveys, Math.round(v.seed));
  const est = chapman(sample.n1, sample.n2, sample.m);
  const n1 = sample.n1[0], n2 = sample.n2[0], m = sample.m[0], seen = n1 + n2 - m;
  const nh = est.N_hat[0], lo = est.lower[0], hi = est.upper[0];
  const ratio = Array.from(est.N_hat, (x) => x / N);
  const bins = config.bins;
  const counts = histogram(ratio.map((r) => Math.min(Math.max(r, bins[0]), bins[bins.length - 1] - 1e-9)), bins);
  const med = median(ratio);
  let inside = 0;
  for (let i = 0; i < ratio.length; i++) if (est.lower[i] <= N && est.upper[i] >= N) inside += 1;
  const covered = inside / ratio.length;
  const alt = fmt(T.alt, { N, p1: v.p1, p2: v.p2, dependence: v.dependence, heterogeneity: v.heterogeneity, n1, n2, m, seen, nh, lo, hi,
                           n_surveys: config.n_surveys, med_pct: 100 * med, covered_pct: 100 * covered });
  let verdict;
  if (Math.abs(med - 1) <= 0.05) verdict = T.verdict_right;
  else if (med < 1) verdict = fmt(T.verdict_low, { under_pct: 100 * (1 - med) });
  else verdict = fmt(T.verdict_high, { over_pct: 100 * (med - 1) });
  const status = fmt(T.status, { N, verdict, covered_pct: 100 * covered });
  return { N, n1, n2, m, seen, nh, lo, hi, counts, med, covered, alt, status };
}

enhance("capture", (live, config) => {
  const T = config.text;
  const pal = config.palette;
  const fr = frame(live, config, {});
  const ctl = controls(config.controls, () => update());
  live.append(ctl.el, fr.status, fr.figure);

  // top: one survey
  const svgS = chart({ width: 560, height: 250, title: `${T.chart}: ${T.survey_title}`, describedBy: fr.summaryId });
  const rowY = (i) => 52 + i * 30;
  const colors = [pal.sky_blue, pal.orange, pal.green, config.grey, pal.blue];
  const pS = barPanel(svgS, T.rows, { left: 140, top: 22, width: 400, height: 170, xMax: config.xmax_pct, xTickCount: 5,
                                      xLabel: T.survey_x_label, title: T.survey_title, rowY, barHeight: 20, fill: colors });
  const { x: xS, bars, values: texts } = pS;
  const ci = s("path", { stroke: "#000", "stroke-width": 2, fill: "none" });
  pS.plot.append(...bars, ci,
    s("line", { x1: xS(100), x2: xS(100), y1: 22, y2: 192, stroke: "#000", "stroke-width": 1.4, "stroke-dasharray": "6 4" }),
    s("text", { x: xS(100), y: 34, class: "ux-value", text: T.true_size }), ...texts);

  // bottom: the estimate over repeated surveys
  const nb = config.bins.length - 1;
  const svgH = chart({ width: 560, height: 270, title: `${T.chart}: ${fmt(T.hist_title, { n_surveys: config.n_surveys })}`, describedBy: fr.summaryId });
  const xH = linear(config.bins[0], config.bins[nb], 70, 540);
  const yH = linear(0, config.hist_ymax, 220, 30);
  const pH = panel(svgH, { left: 70, top: 30, width: 470, height: 190, x: xH, y: yH, xTicks: ticks(config.bins[0], config.bins[nb], 5), yTicks: ticks(0, config.hist_ymax, 5),
                           xLabel: T.hist_x_label, yLabel: fmt(T.hist_y_label, { n_surveys: config.n_surveys }), title: fmt(T.hist_title, { n_surveys: config.n_surveys }) });
  const hist = s("path", { fill: pal.blue, "fill-opacity": 0.85, stroke: "#000", "stroke-width": 0.5 });
  const medLine = s("line", { y1: 30, y2: 220, stroke: pal.vermillion, "stroke-width": 2.4, "stroke-dasharray": "8 3 2 3" });
  const medText = s("text", { y: 56, class: "ux-value", fill: "#7a2e00" });
  const peak = s("text", { x: 536, y: 44, "text-anchor": "end", class: "ux-value" });
  pH.plot.append(hist, s("line", { x1: xH(1), x2: xH(1), y1: 30, y2: 220, stroke: "#000", "stroke-width": 1.4, "stroke-dasharray": "6 4" }),
    s("text", { x: xH(1), y: 42, class: "ux-value", text: T.hist_true }), medLine, medText, peak);
  fr.chart.append(svgS, svgH);

  function update() {
    const out = compute(config, ctl.values());
    const pct = (x) => Math.min((100.0 * x) / out.N, config.xmax_pct);
    [out.n1, out.n2, out.m, out.seen, out.nh].forEach((val, i) => {
      bars[i].setAttribute("width", Math.max(0, xS(pct(val)) - xS(0)));
      texts[i].setAttribute("x", xS(pct(i === 4 ? out.hi : val)) + 2);
      texts[i].textContent = fmt(T.bar_value, { value: val });
    });
    const y4 = rowY(4);
    ci.setAttribute("d", `M${xS(pct(out.lo))},${y4}H${xS(pct(out.hi))}M${xS(pct(out.lo))},${y4 - 8}V${y4 + 8}M${xS(pct(out.hi))},${y4 - 8}V${y4 + 8}`);
    let d = `M${xH(config.bins[0])},${yH(0)}`;
    for (let i = 0; i < nb; i++) {
      const yy = yH(Math.min(out.counts[i], config.hist_ymax));
      d += `V${yy}H${xH(config.bins[i + 1])}`;
    }
    hist.setAttribute("d", d + `V${yH(0)}Z`);
    const top = Math.max(...out.counts);
    peak.textContent = top > config.hist_ymax ? fmt(T.peak, { peak: top, ymax: config.hist_ymax }) : "";
    const xm = xH(Math.min(out.med, config.bins[nb]));
    medLine.setAttribute("x1", xm);
    medLine.setAttribute("x2", xm);
    medText.setAttribute("x", xm);
    medText.textContent = fmt(T.median, { med_pct: 100 * out.med });
    fr.update(out.status, out.alt);
  }
  update();
});
