// Input checks shared by the JavaScript models.
// Mirrors src/upstream/_validate.py (check_in_range, check_positive_int): each check
// throws a ValueError naming the parameter, the value it got and the valid range.
// Plain ES module, no dependencies: runs in Node 20 and in the browser.

/** Error thrown for bad input (the counterpart of Python's ValueError). */
export class ValueError extends Error {
  constructor(message) {
    super(message);
    this.name = "ValueError";
  }
}

/** Python's format spec `{x:g}` (6 significant digits), used in error messages. */
export function fmt_g(x) {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mant, expText] = x.toExponential(5).split("e");
  const exp = Number(expText);
  const strip = (s) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exp >= -4 && exp < 6) return strip(x.toFixed(Math.max(0, 5 - exp)));
  const sign = exp < 0 ? "-" : "+";
  return `${strip(mant)}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
}

function repr(value) {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "number") return fmt_g(value);
  if (isArrayLike(value)) return `array of length ${value.length}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** True for plain arrays and typed arrays (not strings). */
export function isArrayLike(value) {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

/**
 * Check that `value` (a number or an array of numbers) is finite and inside [lo, hi].
 * Returns the value as a number (scalars) or a new Float64Array (arrays).
 * Mirrors upstream/_validate.py: check_in_range.
 */
export function check_in_range(name, value, lo = 0.0, hi = Infinity,
  { lo_open = false, hi_open = false, unit = "" } = {}) {
  const isArr = isArrayLike(value);
  if (!isArr && typeof value !== "number") {
    throw new ValueError(`${name} must be a number; got ${repr(value)}`);
  }
  // the range as the messages print it, e.g. "[0.01, 0.99]" (written only for a message)
  const range = () => {
    const left = lo_open ? "(" : "[";
    const right = hi_open || hi === Infinity ? ")" : "]";
    return `${left}${fmt_g(lo)}, ${hi === Infinity ? "inf" : fmt_g(hi)}${right}${unit ? ` ${unit}` : ""}`;
  };
  const arr = !isArr ? null : value instanceof Float64Array ? new Float64Array(value) : Float64Array.from(value, Number);
  const items = isArr ? arr : [value];
  for (const x of items) {
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new ValueError(`${name} must be finite, in the range ${range()}; got ${isArr ? repr(value) : repr(x)}`);
    }
  }
  for (const x of items) {
    const bad = x < lo || x > hi || (lo_open && x === lo) || (hi_open && x === hi);
    if (bad) throw new ValueError(`${name} must be in the range ${range()}; got ${fmt_g(x)}`);
  }
  return isArr ? arr : value;
}

/**
 * Check that `value` is a whole number >= 1 (and <= hi if given).
 * Mirrors upstream/_validate.py: check_positive_int.
 */
export function check_positive_int(name, value, hi = null) {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new ValueError(`${name} must be a whole number >= 1; got ${repr(value)}`);
  }
  if (value < 1 || (hi !== null && value > hi)) {
    const top = hi === null ? "" : ` and <= ${hi}`;
    throw new ValueError(`${name} must be a whole number >= 1${top}; got ${value}`);
  }
  return value;
}

/** Python's built-in round(x) to an integer: halves go to the even neighbour. */
export function py_round(x) {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
