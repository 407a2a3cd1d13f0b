// Shared pieces of the in-page explorers: reading the configuration that the
// Python widget wrote into the page, native labelled controls, a debounced
// polite live region, and progressive enhancement (the static figure stays
// until the live explorer is ready, and stays if anything goes wrong).
import { fmt, formatValue } from "./fmt.js";

let uid = 0;
export function nextId(prefix) {
  uid += 1;
  return `ux-${prefix}-${uid}`;
}

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") el.textContent = v;
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
  return el;
}

// Run setup(root, config) on every element with data-explorer=name, once.
export function enhance(name, setup) {
  const run = () => {
    for (const root of document.querySelectorAll(`[data-explorer="${name}"]`)) {
      if (root.dataset.live) continue;
      const script = root.querySelector(":scope > script.upstream-explorer-config");
      if (!script) continue;
      root.dataset.live = "starting";
      try {
        const config = JSON.parse(script.textContent);
        const live = h("div", { class: "ux-live" });
        setup(live, config, root);
        const fallback = root.querySelector(":scope > .upstream-explorer-fallback");
        if (fallback) fallback.hidden = true;
        root.append(live);
        root.dataset.live = "true";
      } catch (err) {
        root.dataset.live = "failed";
        console.error(`Upstream explorer "${name}" could not start; the static version stays.`, err);
      }
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
}

// A polite live region that speaks only once the reader pauses (a slider
// moved with the arrow keys must not flood a screen reader).
export function announcer(parent, delay = 700) {
  const region = h("div", { class: "ux-sr-only", "aria-live": "polite", "aria-atomic": "true", "data-role": "announce" });
  parent.append(region);
  let timer = null;
  return (text) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      region.textContent = text;
    }, delay);
  };
}

// An exercise marked answer by answer (the quiz, the card sorter): its title, its items and the
// running score. scoreText(right, done) gives the score line's words; the caller places .el.
// item(idPrefix, el, headTag, heading, text) adds el to the page, opened by a headTag element with the
// bold heading and the text, and returns {id, el, feedback}: a fresh id for the item's controls and
// an empty feedback line for the caller to place after them. mark(key, fb, verdict, feedback) records
// feedback fb (correct, text) under key, shows "verdict text" in the feedback line in the right or
// wrong colour and reads it out with the score; clear(key, feedback) forgets an answer. speak is the
// announcer they use, with a short delay: each answer is a single action.
export function scoreboard(live, config, scoreText) {
  const results = new Map();
  const speak = announcer(live, 100);
  if (config.title) live.append(h("p", {}, h("strong", { text: config.title })));
  const el = h("p", { class: "ux-score", "data-role": "score" });
  const update = () => {
    const right = [...results.values()].filter((r) => r.correct).length;
    el.textContent = scoreText(right, results.size);
  };
  return {
    el,
    speak,
    item(idPrefix, itemEl, headTag, heading, text) {
      const id = nextId(idPrefix);
      itemEl.append(h(headTag, {}, h("strong", { text: heading }), " " + text));
      live.append(itemEl);
      return { id, el: itemEl, feedback: h("p", { class: "ux-feedback", "data-role": "feedback" }) };
    },
    mark(key, fb, verdict, feedback) {
      results.set(key, fb);
      feedback.textContent = `${verdict} ${fb.text}`;
      feedback.style.color = fb.correct ? config.colors.ok : config.colors.wrong;
      update();
      speak(`${feedback.textContent} ${el.textContent}`);
    },
    clear(key, feedback) {
      results.delete(key);
      feedback.textContent = "";
      update();
    },
  };
}

// A native control built from a control spec written by Python
// (control_spec in the widget base): a range input with its value shown in an
// <output>, or a select. onChange(name, value) runs on every input event.
export function control(spec, onChange) {
  const id = nextId(spec.name);
  const wrap = h("div", { class: "ux-control", "data-control": spec.name });
  const label = h("label", { for: id, text: spec.label });
  let input;
  let out = null;
  if (spec.kind === "select") {
    input = h("select", { id, name: spec.name });
    for (const o of spec.options) input.append(h("option", { value: o, text: o }));
    input.value = spec.value;
    wrap.append(label, input);
  } else {
    input = h("input", { type: "range", id, name: spec.name, min: spec.min, max: spec.max, step: spec.step });
    input.value = String(spec.value);
    out = h("output", { for: id, "aria-hidden": "true" });
    wrap.append(label, h("div", { class: "ux-range" }, input, out));
  }
  const read = () => {
    if (spec.kind === "select") return input.value;
    const x = Number(input.value);
    return spec.integer ? Math.round(x) : x;
  };
  const show = () => {
    if (!out) return;
    const text = formatValue(read(), spec.format);
    out.textContent = text;
    // what a screen reader says while the slider moves: the value with its unit
    input.setAttribute("aria-valuetext", spec.unit ? `${text} ${spec.unit}` : text);
  };
  show();
  input.addEventListener(spec.kind === "select" ? "change" : "input", () => {
    show();
    onChange(spec.name, read());
  });
  return {
    el: wrap,
    input,
    spec,
    get value() {
      return read();
    },
    set value(v) {
      input.value = String(v);
      show();
    },
  };
}

// Controls for every spec; values() returns {name: value}.
export function controls(specs, onChange, attrs = {}) {
  const form = h("form", { class: "ux-controls", ...attrs });
  form.addEventListener("submit", (e) => e.preventDefault());
  const byName = {};
  for (const spec of specs) {
    const c = control(spec, onChange);
    byName[spec.name] = c;
    form.append(c.el);
  }
  return {
    el: form,
    byName,
    values() {
      const v = {};
      for (const [k, c] of Object.entries(byName)) v[k] = c.value;
      return v;
    },
  };
}

// The common frame: controls, a status line, the chart (an SVG with a name and
// a description) and a caption, and "the chart in words" below it.
export function frame(live, config, { label }) {
  const status = h("p", { class: "ux-status", "data-role": "status" });
  const summaryId = nextId("summary");
  const summary = h("p", { class: "ux-summary", id: summaryId, "data-role": "summary" });
  const chart = h("div", { class: "ux-chart" });
  const figure = h(
    "figure",
    { class: "ux-figure" },
    config.badge ? h("p", { class: "ux-badge", text: config.badge }) : null,
    chart,
    h("figcaption", { text: config.caption }),
    h("details", { class: "ux-words" }, h("summary", { text: "The chart in words" }), summary),
  );
  const speak = announcer(live);
  let first = true; // the state on load is read in the page, not announced
  return {
    status,
    summary,
    summaryId,
    chart,
    figure,
    label,
    update(statusText, summaryText) {
      status.textContent = statusText;
      summary.textContent = summaryText;
      if (!first) speak(statusText);
      first = false;
    },
    error(text) {
      status.textContent = text;
      status.classList.add("ux-error");
      speak(text);
    },
    clearError() {
      status.classList.remove("ux-error");
    },
  };
}

export { fmt, formatValue };
