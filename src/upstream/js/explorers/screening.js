// Lesson 7's screening explorer in the page. Mirrors
// src/upstream/widgets/screening_explorer.py (ScreeningExplorer.draw and
// status_text) on top of models/screening.js (a mirror of models/screening.py).
// Controls, studies, texts, palette and axes come from the Python widget's output.
import { enhance, controls, control, frame, fmt } from "../lib/ui.js";
import { chart, panel, linear, logScale, ticks, s, pathData, legend, marker, hatches } from "../lib/svg.js";
import { predictive_values, screen_counts } from "../models/screening.js";

// ScreeningExplorer.draw + status_text for the control values.
export function compute(config, v) {
  const T = config.text;
  const se = v.sensitivity / 100;
  const sp = v.specificity / 100;
  const pr = v.prevalence / 100;
  const c = screen_counts(se, sp, pr, config.screened);
  const tp = c.true_positive, fp = c.false_positive, fn = c.false_negative, tn = c.true_negative;
  const none = Number.isNaN(c.ppv);
  const ppv_text = none ? T.ppv_undefined : fmt(T.ppv_pct, { ppv_pct: 100 * c.ppv });
  const alt = fmt(T.alt, { se_pct: 100 * se, sp_pct: 100 * sp, pr_pct: 100 * pr, screened: config.screened, positives: tp + fp,
                           tp, fp, fn, tn, negatives: fn + tn, ppv_text });
  const status = none ? T.status_none : fmt(T.status, { ppv_pct: 100 * c.ppv, npv_pct: 100 * c.npv, screened: config.screened,
                                                         positives: c.positives, false_positive: c.false_positive });
  return { se, sp, pr, c, alt, status };
}

enhance("screening", (live, config) => {
  const T = config.text;
  const pal = config.palette;
  const N = config.screened;
  const fr = frame(live, config, {});
  const ctl = controls(config.controls, () => update());
  // A case-control study has no prevalence (null): its accuracy is set, the prevalence is left
  // where the learner put it, and the status says why (ScreeningExplorer.study_note).
  let chosen = null;
  const study = control({ name: "study", kind: "select", label: config.study.label, options: [config.study.custom, ...config.study.studies.map((x) => x.label)], value: config.study.custom }, (_, label) => {
    const st = config.study.studies.find((x) => x.label === label);
    chosen = st || null;
    if (!st) { update(); return; }
    for (const k of ["sensitivity", "specificity", "prevalence"]) if (st[k] != null) ctl.byName[k].value = st[k];
    update();
  });
  ctl.el.prepend(study.el);
  live.append(ctl.el, fr.status, fr.figure);

  const svgN = chart({ width: 460, height: 250, title: `${T.chart}: ${fmt(T.counts_title, { screened: N })}`, describedBy: fr.summaryId });
  const pat = hatches(svgN);
  const xN = linear(0, N, 90, 440);
  const yRow = [55, 105];
  const pN = panel(svgN, { left: 90, top: 30, width: 350, height: 110, x: xN, y: linear(0, 1, 0, 1), xTicks: ticks(0, N, 5),
                          xLabel: fmt(T.counts_x_label, { screened: N }), title: fmt(T.counts_title, { screened: N }), grid: false });
  T.rows.forEach((label, i) => {
    const t = s("text", { x: 84, y: yRow[i] - 3, "text-anchor": "end", class: "ux-ticklabel" });
    label.split("\n").forEach((line, j) => t.append(s("tspan", { x: 84, dy: j ? "1.1em" : 0, text: line })));
    pN.axes.append(t);
  });
  const seg = yRow.map((y, i) => {
    const have = s("rect", { y: y - 16, height: 32, x: 90, width: 0, fill: pal.vermillion, stroke: "#000", "stroke-width": 0.8 });
    const not = s("rect", { y: y - 16, height: 32, x: 90, width: 0, fill: i === 0 ? pal.sky_blue : config.grey, stroke: "#000", "stroke-width": 0.8 });
    const notHatch = s("rect", { y: y - 16, height: 32, x: 90, width: 0, fill: `url(#${pat.diag})` });
    const text = s("text", { y: y + 4, class: "ux-value" });
    pN.plot.append(have, not, notHatch, text);
    return { have, not, notHatch, text };
  });
  legend(svgN, [
    { label: T.legend_counts[0], color: pal.vermillion, box: true },
    { label: T.legend_counts[1], color: pal.sky_blue, box: true },
    { label: T.legend_counts[2], color: config.grey, box: true },
  ], { x: 20, y: 196, width: 440, rowHeight: 17 });

  const svgP = chart({ width: 460, height: 300, title: `${T.chart}: ${T.ppv_title}`, describedBy: fr.summaryId });
  const axis = config.prev_axis.map((p) => 100 * p);
  const prevAxis = Float64Array.from(config.prev_axis);
  const xP = logScale(axis[0], axis[axis.length - 1], 70, 440);
  const yP = linear(0, 100, 250, 30);
  const pP = panel(svgP, { left: 70, top: 30, width: 370, height: 220, x: xP, y: yP, xTicks: [0.1, 1, 10, 50], xTickLabels: ["0.1%", "1%", "10%", "50%"],
                           yTicks: ticks(0, 100, 5), xLabel: T.ppv_x_label, yLabel: T.ppv_y_label, title: T.ppv_title });
  pP.plot.append(s("line", { x1: 70, x2: 440, y1: yP(50), y2: yP(50), stroke: "#000", "stroke-dasharray": "2 3" }));
  pP.plot.append(s("text", { x: xP(0.12), y: yP(52), class: "ux-value", text: T.half_line }));
  const curve = s("path", { fill: "none", stroke: pal.blue, "stroke-width": 2.2 });
  const point = s("g");
  pP.plot.append(curve, point);
  legend(svgP, [
    { label: T.legend_ppv[0], color: pal.blue, line: true },
    { label: T.legend_ppv[1], color: pal.blue, marker: "circle" },
  ], { x: 80, y: 48, width: 200, rowHeight: 17 });
  fr.chart.append(svgN, svgP);

  const nz = (x) => (Number.isNaN(x) ? 0 : x);
  function update() {
    const out = compute(config, ctl.values());
    const { c } = out;
    const rows = [[c.true_positive, c.false_positive], [c.false_negative, c.true_negative]];
    rows.forEach(([have, nothave], i) => {
      const g = seg[i];
      g.have.setAttribute("width", xN(have) - xN(0));
      for (const r of [g.not, g.notHatch]) {
        r.setAttribute("x", xN(have));
        r.setAttribute("width", xN(have + nothave) - xN(have));
      }
      g.text.setAttribute("x", xN(Math.min(have + nothave, N - 260) + 8));
    });
    seg[0].text.textContent = fmt(T.row_positive, { tp: c.true_positive, fp: c.false_positive });
    seg[1].text.textContent = fmt(T.row_negative, { fn: c.false_negative, tn: c.true_negative });
    const ppv = Array.from(predictive_values(out.se, out.sp, prevAxis).ppv, (x) => 100 * nz(x));
    curve.setAttribute("d", pathData(axis, ppv, xP, yP));
    point.replaceChildren(marker("circle", xP(out.pr * 100), yP(100 * nz(c.ppv)), pal.blue, 5.5));
    const note = chosen && chosen.prevalence == null
      ? fmt(T.case_control_note, { label: chosen.label, share_pct: chosen.sample_share == null ? 0 : chosen.sample_share })
      : "";
    fr.update(out.status + note, out.alt);
  }
  update();
});
