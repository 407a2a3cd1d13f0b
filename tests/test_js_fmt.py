"""The page's sentence formatter (src/upstream/js/lib/fmt.js) equals Python's str.format.

Every sentence an in-page explorer shows is a template from the Python widget
filled in by fmt.js, so the two must agree to the character, including
Python's rounding of ties (to even, on the exact binary value), thousands
separators, signs and the "g" format, on random and on tricky values. Also the
explorer bundler: every explorer bundles into one classic script that Node can parse.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FMT = ROOT / "src" / "upstream" / "js" / "lib" / "fmt.js"
SPECS = ["", ".0f", ".1f", ".2f", "g", ",", ",.0f", "+.1f", ".2f", ",d", "d"]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node (Node.js 20) is not on PATH: the JavaScript tests need it", pytrace=False)
    return node


def _cases(n: int = 3000) -> list[tuple[float | int, str]]:
    rng = random.Random(13)
    tricky = [
        0.0,
        -0.0,
        0.5,
        1.5,
        2.5,
        -2.5,
        0.125,
        0.375,
        12.345,
        99.5,
        1e-5,
        123456.5,
        1e16,
        0.05,
        2.675,
        1 / 3,
        2 / 3,
        1000,
        1234567,
        99.95,
        0.045,
        4.35,
    ]
    cases = [(x, spec) for x in tricky for spec in SPECS if not (spec in ("d", ",d") and not isinstance(x, int))]
    for _ in range(n):
        kind = rng.random()
        if kind < 0.4:
            x = rng.uniform(-1000, 1000)
        elif kind < 0.7:
            x = rng.randint(0, 40000) / rng.choice([2, 4, 8, 10, 20, 40, 100, 1000])  # ties and near-ties
        else:
            x = rng.lognormvariate(0, 4)
        spec = rng.choice([s for s in SPECS if s not in ("d", ",d", ",")])
        cases.append((x, spec))
    cases += [(rng.randint(0, 10**7), spec) for spec in ("", ",", "d", ",d") for _ in range(50)]
    return [(int(x) if isinstance(x, int) else float(x), spec) for x, spec in cases]


def test_fmt_js_formats_like_python():
    cases = _cases()
    script = (
        f"import {{ formatValue, fmt }} from {json.dumps(FMT.as_uri())};\n"
        "let data = ''; process.stdin.on('data', c => data += c); process.stdin.on('end', () => {\n"
        "  const cases = JSON.parse(data);\n"
        "  const out = cases.map(([x, spec, isNegZero]) => formatValue(isNegZero ? -0 : x, spec));\n"
        "  out.push(fmt('{a:,.0f} and {b} {{braces}} {c:+.1f}%', {a: 1234.5, b: 'text', c: 2.25}));\n"
        "  process.stdout.write(JSON.stringify(out));\n});\n"
    )
    payload = json.dumps([[x, spec, isinstance(x, float) and x == 0 and str(x).startswith("-")] for x, spec in cases])
    proc = subprocess.run(
        [_node(), "--input-type=module", "-e", script], input=payload, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout)
    # JSON has no integers apart from floats: whole floats arrive in JS as integers, which {x} shows without ".0"
    want = [format(x, spec) if not (spec in ("", ",") and isinstance(x, float)) else None for x, spec in cases]
    bad = [(x, spec, g, w) for (x, spec), g, w in zip(cases, got, want) if w is not None and g != w]
    assert not bad, f"{len(bad)} of {len(cases)} differ, e.g. {bad[:5]}"
    assert got[-1] == "{a:,.0f} and {b} {{braces}} {c:+.1f}%".format(a=1234.5, b="text", c=2.25)


def test_every_explorer_bundles_into_a_classic_script(tmp_path):
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        from upstream_explorers import JS_ROOT, write_bundles
    finally:
        sys.path.pop(0)
    written = write_bundles(tmp_path, JS_ROOT)
    assert {p.stem for p in written} == {"model", "allocator", "deterrence", "screening", "capture", "quiz", "sorter"}
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "\nimport " not in text and "\nexport " not in text, f"{path.name} still has module syntax"
        proc = subprocess.run([_node(), "--check", str(path)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, f"{path.name} is not a valid classic script: {proc.stderr[-500:]}"
