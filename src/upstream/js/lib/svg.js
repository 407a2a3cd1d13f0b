// Hand-written SVG charts for the explorers: scales, axes, lines, bars.
// Each chart is an <svg role="img"> named by its title and described by the
// explorer's "chart in words" paragraph; no library, no network.
import { formatValue } from "./fmt.js";

const NS = "http://www.w3.org/2000/svg";

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") el.textContent = v;
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
  return el;
}

export function linear(d0, d1, r0, r1) {
  const k = (r1 - r0) / (d1 - d0);
  const f = (x) => r0 + (x - d0) * k;
  f.domain = [d0, d1];
  f.range = [r0, r1];
  return f;
}

export function logScale(d0, d1, r0, r1) {
  const l0 = Math.log10(d0);
  const k = (r1 - r0) / (Math.log10(d1) - l0);
  const f = (x) => r0 + (Math.log10(x) - l0) * k;
  f.domain = [d0, d1];
  f.range = [r0, r1];
  return f;
}

// About n "nice" ticks (1, 2, 5 times a power of ten) covering [a, b].
export function ticks(a, b, n = 5) {
  const span = b - a;
  if (!(span > 0)) return [a];
  const raw = span / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((x) => x >= raw) || 10 * p;
  const out = [];
  for (let v = Math.ceil(a / step - 1e-9) * step; v <= b + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

export function tickLabel(v) {
  return formatValue(Math.abs(v) < 1e-12 ? 0 : v, "g");
}

// A chart: an <svg> with a viewBox (it scales with the column), a <title>
// naming it, aria-describedby pointing at the explorer's summary.
let charts = 0;
export function chart({ width, height, title, describedBy }) {
  charts += 1;
  const titleId = `${describedBy}-title-${charts}`;
  const svg = s("svg", {
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-labelledby": titleId,
    "aria-describedby": describedBy,
    class: "ux-svg",
    preserveAspectRatio: "xMidYMid meet",
    // grow in proportion to the drawing's own width, so side-by-side panels share one scale
    style: `flex: ${width} 1 ${width}px; max-width: ${Math.round(width * 1.25)}px`,
  });
  svg.append(s("title", { id: titleId, text: title }));
  return svg;
}

// A panel with axes: returns {g, x, y, plot} where plot is a group clipped to the plotting area.
export function panel(svg, { left, top, width, height, x, y, xTicks, yTicks, xLabel, yLabel, title, xTickLabels, yTickLabels, grid = true }) {
  const g = s("g", { class: "ux-panel" });
  const axes = s("g", { class: "ux-axes", "aria-hidden": "true" });
  const bottom = top + height;
  if (grid) {
    for (const t of yTicks || []) axes.append(s("line", { x1: left, x2: left + width, y1: y(t), y2: y(t), class: "ux-grid" }));
    for (const t of xTicks || []) axes.append(s("line", { x1: x(t), x2: x(t), y1: top, y2: bottom, class: "ux-grid" }));
  }
  axes.append(s("rect", { x: left, y: top, width, height, class: "ux-frame" }));
  (xTicks || []).forEach((t, i) => {
    axes.append(s("line", { x1: x(t), x2: x(t), y1: bottom, y2: bottom + 4, class: "ux-tick" }));
    axes.append(s("text", { x: x(t), y: bottom + 15, "text-anchor": "middle", class: "ux-ticklabel",
                            text: xTickLabels ? xTickLabels[i] : tickLabel(t) }));
  });
  (yTicks || []).forEach((t, i) => {
    axes.append(s("line", { x1: left - 4, x2: left, y1: y(t), y2: y(t), class: "ux-tick" }));
    axes.append(s("text", { x: left - 6, y: y(t) + 4, "text-anchor": "end", class: "ux-ticklabel",
                            text: yTickLabels ? yTickLabels[i] : tickLabel(t) }));
  });
  if (xLabel) axes.append(s("text", { x: left + width / 2, y: bottom + 32, "text-anchor": "middle", class: "ux-label", text: xLabel }));
  if (yLabel) {
    const lines = yLabel.split("\n");
    const t = s("text", { transform: `translate(${left - 42},${top + height / 2}) rotate(-90)`, "text-anchor": "middle", class: "ux-label" });
    lines.forEach((line, i) => t.append(s("tspan", { x: 0, dy: i === 0 ? `${-(lines.length - 1) * 0.6}em` : "1.2em", text: line })));
    axes.append(t);
  }
  if (title) axes.append(s("text", { x: left, y: top - 8, class: "ux-title", text: title }));
  g.append(axes);
  const plot = s("g", { class: "ux-plot" });
  g.append(plot);
  svg.append(g);
  return { g, axes, plot, x, y, left, top, width, height };
}

// A panel of horizontal bars, one a label, against x from 0 to xMax (about xTickCount ticks); rows are
// placed by rowY(i), and the y scale is unused. Each row has its label (right-aligned left of the panel,
// or labelAbove its bar), a bar of zero width from the panel's left edge that the explorer sizes later,
// filled with fill (one colour, or one a row), and an empty value text. Returns the panel (see panel)
// with its bars and values; the caller appends them to its plot with whatever else it draws there.
export function barPanel(svg, labels, { xMax, xTickCount, rowY, barHeight, fill, labelAbove = false, ...frame }) {
  const x = linear(0, xMax, frame.left, frame.left + frame.width);
  const p = panel(svg, { ...frame, x, y: linear(0, 1, 0, 1), xTicks: ticks(0, xMax, xTickCount) });
  const bars = [], values = [];
  labels.forEach((label, i) => {
    const at = labelAbove ? { x: p.left + 4, y: rowY(i) - 14 } : { x: p.left - 6, y: rowY(i) + 4, "text-anchor": "end" };
    p.axes.append(s("text", { ...at, class: "ux-ticklabel", text: label }));
    bars.push(s("rect", { x: p.left, y: rowY(i) - barHeight / 2, height: barHeight, width: 0, fill: Array.isArray(fill) ? fill[i] : fill,
                          stroke: "#000", "stroke-width": 0.6 }));
    values.push(s("text", { y: rowY(i) + 4, class: "ux-value" }));
  });
  return { ...p, bars, values };
}

export function pathData(xs, ys, x, y) {
  let d = "";
  for (let i = 0; i < xs.length; i++) {
    const px = x(xs[i]);
    const py = y(ys[i]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    d += (d ? "L" : "M") + px.toFixed(2) + "," + py.toFixed(2);
  }
  return d;
}

// A small legend: items [{label, color, dash, marker}] laid out in rows.
export function legend(svg, items, { x, y, width, rowHeight = 18, columns = 1 }) {
  const g = s("g", { class: "ux-legend", "aria-hidden": "true" });
  const colW = width / columns;
  items.forEach((it, i) => {
    const cx = x + (i % columns) * colW;
    const cy = y + Math.floor(i / columns) * rowHeight;
    if (it.line) g.append(s("line", { x1: cx, x2: cx + 26, y1: cy, y2: cy, stroke: it.color, "stroke-width": it.width || 2.2, "stroke-dasharray": it.dash || null }));
    if (it.box) g.append(s("rect", { x: cx + 4, y: cy - 6, width: 18, height: 12, fill: it.color, stroke: "#000", "stroke-width": 0.6, class: it.hatch ? `ux-hatch-${it.hatch}` : null }));
    if (it.box && it.hatch) g.append(s("rect", { x: cx + 4, y: cy - 6, width: 18, height: 12, fill: `url(#${it.hatch})`, stroke: "none" }));
    if (it.marker) g.append(marker(it.marker, cx + 13, cy, it.color, it.size || 5));
    g.append(s("text", { x: cx + 32, y: cy + 4, class: "ux-legendtext", text: it.label }));
  });
  svg.append(g);
  return g;
}

export function marker(kind, x, y, color, r = 5) {
  if (kind === "square") return s("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, fill: color, stroke: "#000", "stroke-width": 1 });
  if (kind === "triangle") return s("path", { d: `M${x},${y - r * 1.2}L${x + r * 1.1},${y + r * 0.8}L${x - r * 1.1},${y + r * 0.8}Z`, fill: color, stroke: "#000", "stroke-width": 1 });
  if (kind === "star") {
    let d = "";
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      const rr = i % 2 ? r * 0.45 : r;
      d += (i ? "L" : "M") + (x + rr * Math.cos(a)).toFixed(2) + "," + (y + rr * Math.sin(a)).toFixed(2);
    }
    return s("path", { d: d + "Z", fill: color, stroke: "#000", "stroke-width": 1 });
  }
  return s("circle", { cx: x, cy: y, r, fill: color, stroke: "#000", "stroke-width": 1 });
}

// Hatch patterns (so no meaning rests on colour alone, as in the matplotlib figures).
export function hatches(svg) {
  const defs = s("defs");
  const pat = (id, d) =>
    s("pattern", { id, width: 6, height: 6, patternUnits: "userSpaceOnUse" }, s("path", { d, stroke: "#000", "stroke-width": 0.8, fill: "none" }));
  charts += 1;
  const uid = `h${charts}`;
  const ids = { diag: `ux-diag-${uid}`, dots: `ux-dots-${uid}`, cross: `ux-cross-${uid}` };
  defs.append(pat(ids.diag, "M0,6L6,0M-1,1L1,-1M5,7L7,5"));
  defs.append(s("pattern", { id: ids.dots, width: 5, height: 5, patternUnits: "userSpaceOnUse" }, s("circle", { cx: 2.5, cy: 2.5, r: 0.9, fill: "#000" })));
  defs.append(pat(ids.cross, "M0,6L6,0M0,0L6,6"));
  svg.append(defs);
  return ids;
}
