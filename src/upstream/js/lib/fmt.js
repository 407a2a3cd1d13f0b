// Python's str.format for the explorers' sentence templates, which come from
// the Python widgets (src/upstream/widgets/): a
// template such as "cost {now:.2f} (+{gain:.0f}%)" gives the same text here as
// template.format(**values) in Python, including Python's rounding (ties to even
// on the exact binary value) and the "," thousands separator.
// Supported specs: "", "d", "g", ".Nf", ",", ",d", ",.Nf", "+.Nf", ".Ng", "+d".

// Round-half-even fixed notation of a double, as Python's f"{x:.{n}f}".
export function fixed(x, n) {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  let s = x.toFixed(n); // exact value, ties away from zero
  // A tie is possible only when the exact decimal expansion ends in "5" at
  // digit n + 1; toFixed(n + 60) shows the expansion exactly enough to tell.
  const longer = Math.abs(x).toFixed(Math.min(100, n + 60));
  const cut = longer.indexOf(".") + 1 + n;
  if (longer[cut] === "5" && /^0*$/.test(longer.slice(cut + 1))) {
    // exact tie: Python keeps the even last digit
    const digits = longer.slice(0, cut).replace(".", "");
    const last = Number(digits[digits.length - 1]);
    if (last % 2 === 0) {
      const kept = longer.slice(0, cut).replace(/\.$/, "");
      s = (x < 0 ? "-" : "") + kept;
    }
  }
  if (Object.is(x, -0)) s = "-" + s; // Python keeps the sign of negative zero ("-0.0")
  return s;
}

function general(x, precision) {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const e = Number(x.toExponential(p - 1).split("e")[1]);
  if (e >= -4 && e < p) {
    let s = fixed(x, p - 1 - e);
    if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
    return s;
  }
  let [m, ex] = x.toExponential(p - 1).split("e");
  if (m.includes(".")) m = m.replace(/0+$/, "").replace(/\.$/, "");
  const sign = ex[0] === "-" ? "-" : "+";
  ex = ex.replace(/^[+-]/, "");
  return `${m}e${sign}${ex.padStart(2, "0")}`;
}

function group(s) {
  const neg = s.startsWith("-");
  const body = neg ? s.slice(1) : s;
  const [int, frac] = body.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (neg ? "-" : "") + grouped + (frac !== undefined ? "." + frac : "");
}

// Format one value with a Python format spec.
export function formatValue(value, spec) {
  if (typeof value === "string") {
    if (spec) throw new Error(`fmt: spec ${spec} on a string`);
    return value;
  }
  if (typeof value === "boolean") return value ? "True" : "False";
  const m = /^(\+)?(,)?(?:\.(\d+))?([dfg])?$/.exec(spec || "");
  if (!m) throw new Error(`fmt: unsupported format spec ${JSON.stringify(spec)}`);
  const [, plus, comma, prec, type] = m;
  let s;
  if (type === "f") s = fixed(value, prec === undefined ? 6 : Number(prec));
  else if (type === "g") s = general(value, prec === undefined ? 6 : Number(prec));
  else if (type === "d" || (!type && Number.isInteger(value))) {
    if (!Number.isInteger(value)) throw new Error(`fmt: {:d} needs a whole number; got ${value}`);
    s = String(value);
  } else s = general(value, prec === undefined ? 17 : Number(prec)); // not used by the templates
  if (comma) s = group(s);
  if (plus && !s.startsWith("-")) s = "+" + s;
  return s;
}

// Python's template.format(**values) for "{name}" and "{name:spec}" fields.
export function fmt(template, values) {
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g, (whole, name, spec) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    if (!(name in values)) throw new Error(`fmt: no value for {${name}} in ${JSON.stringify(template.slice(0, 60))}`);
    return formatValue(values[name], spec || "");
  });
}
