// Runs calls of the JavaScript models for tests/test_js_parity.py.
//
// stdin:  {"module": "population", "calls": [{"fn": "simulate_many", "args": [...], "kwargs": {...}}, ...]}
// stdout: a JSON array with one entry per call: {"value": ...} or {"error": "ValueError", "message": "..."}.
// With --serve: one such request per line of stdin, one answer per line of stdout, until
// stdin closes (so a test session starts Node once).
//
// Arguments may hold tagged objects that become model objects before the call:
//   {"__Parameters__": {...fields}}  ->  Parameters({...})   (population.js)
//   {"__Budget__": {...levers}}      ->  Budget({...})       (population.js)
// "kwargs", if given, is passed as one trailing options object (JS keyword arguments).
// Non-finite numbers travel as the strings "NaN", "Infinity" and "-Infinity".
// A call may name a method of the result: {"fn": "robustness", ..., "then": ["share_within", [5.0]]}.
// {"__ref__": i} in the arguments stands for the (unencoded) value of call i of the same batch.
// {"const": "NAME"} instead of "fn" returns the module's exported constant NAME.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import * as population from "../../src/upstream/js/models/population.js";

let raw = [];

function decode(x) {
  if (x === "NaN") return NaN;
  if (x === "Infinity") return Infinity;
  if (x === "-Infinity") return -Infinity;
  if (Array.isArray(x)) return x.map(decode);
  if (x !== null && typeof x === "object") {
    if ("__Parameters__" in x) return population.Parameters(decode(x.__Parameters__));
    if ("__Budget__" in x) return population.Budget(decode(x.__Budget__));
    if ("__ref__" in x) return raw[x.__ref__];
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, decode(v)]));
  }
  return x;
}

function encode(x) {
  if (typeof x === "number") {
    if (Number.isNaN(x)) return "NaN";
    if (x === Infinity) return "Infinity";
    if (x === -Infinity) return "-Infinity";
    return x;
  }
  if (ArrayBuffer.isView(x) || Array.isArray(x)) return Array.from(x, encode);
  if (x !== null && typeof x === "object") {
    return Object.fromEntries(Object.keys(x).map((k) => [k, encode(x[k])]));
  }
  return x;
}

const MODULES = new Set(["population", "allocation", "deterrence", "screening", "capture"]);

async function answer(input) {
  if (!MODULES.has(input.module)) throw new Error(`unknown module ${input.module}`);
  const mod = await import(`../../src/upstream/js/models/${input.module}.js`);
  raw = [];
  const out = [];
  for (const call of input.calls) {
    raw.push(undefined);
    if (call.const !== undefined) {
      out.push(call.const in mod ? { value: encode(mod[call.const]) } : { error: "MissingConstant", message: call.const });
      continue;
    }
    const fn = mod[call.fn];
    if (typeof fn !== "function") {
      out.push({ error: "MissingFunction", message: `${input.module}.js has no function ${call.fn}` });
      continue;
    }
    try {
      const args = decode(call.args || []);
      if (call.kwargs) args.push(decode(call.kwargs));
      let value = fn(...args);
      if (call.then) value = value[call.then[0]](...decode(call.then[1] || []));
      raw[raw.length - 1] = value;
      out.push({ value: encode(value) });
    } catch (err) {
      out.push({ error: err.name, message: err.message });
    }
  }
  return JSON.stringify(out);
}

if (process.argv.includes("--serve")) {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim()) process.stdout.write((await answer(JSON.parse(line))) + "\n");
  }
} else {
  process.stdout.write(await answer(JSON.parse(readFileSync(0, "utf8"))));
}
