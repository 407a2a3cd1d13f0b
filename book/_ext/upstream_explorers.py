"""Serve the in-page explorers: bundle src/upstream/js/ into _static/explorers/ (loaded from _config.yml).

Each explorer's output in a notebook (see ``explorer_html`` in the widget
base) ends with ``<script src="../_static/explorers/NAME.js" defer>``. This
extension writes those files when the HTML build finishes: for each
``src/upstream/js/explorers/NAME.js`` it follows the relative ``import``
statements and joins the ES modules into one classic script, each module
wrapped in its own function scope, with the shared style sheet
(``src/upstream/js/explorers.css``) inlined.

Why classic scripts and not ``<script type="module">``: Chromium refuses to
load ES modules from ``file://`` (a workshop USB stick), and classic scripts
load from anywhere. Why no bundler from npm: the modules are small and use
only ``import {a, b as c} from "./x.js"`` and ``export function/const/class``;
this file turns exactly those into a script, with no download and no build tool.
Nothing here is loaded on a page without an explorer.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

# resolved: the sources may be reached through a symbolic link (the test suite builds a staged copy)
JS_ROOT = (Path(__file__).resolve().parents[2] / "src" / "upstream" / "js").resolve()
IMPORT = re.compile(r'^\s*import\s*\{([^}]*)\}\s*from\s*["\'](\.{1,2}/[^"\']+)["\'];?[ \t]*$', re.M)
EXPORT_DECL = re.compile(r"^export\s+(?:async\s+)?(function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)", re.M)
EXPORT_LIST = re.compile(r"^export\s*\{([^}]*)\};?[ \t]*$", re.M)
LEFTOVER = re.compile(r"^\s*(import|export)\b", re.M)


def _names(spec: str) -> list[tuple[str, str]]:
    """``"a, b as c"`` -> [("a", "a"), ("b", "c")]."""
    out = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        bits = part.split(" as ")
        out.append((bits[0].strip(), bits[-1].strip()))
    return out


def _module(path: Path, root: Path) -> tuple[str, list[Path]]:
    """One module as the body of a function returning its exports; and its imports."""
    src = path.read_text(encoding="utf-8")
    deps: list[Path] = []

    def imp(m):
        dep = (path.parent / m.group(2)).resolve()
        deps.append(dep)
        pairs = ", ".join(a if a == b else f"{a}: {b}" for a, b in _names(m.group(1)))
        return f"const {{ {pairs} }} = __mods[{json.dumps(dep.relative_to(root).as_posix())}];"

    src = IMPORT.sub(imp, src)
    exports = [m.group(2) for m in EXPORT_DECL.finditer(src)]
    src = EXPORT_DECL.sub(lambda m: m.group(0)[len("export ") :].lstrip(), src)
    for m in EXPORT_LIST.finditer(src):
        exports += [f"{b}: {a}" if a != b else a for a, b in _names(m.group(1))]
    src = EXPORT_LIST.sub("", src)
    bad = LEFTOVER.search(src)
    if bad:
        line = src[: bad.start()].count("\n") + 1
        raise ValueError(
            f"{path}:{line}: only `import {{...}} from './x.js'` and `export function/const/class` "
            "are supported by the explorer bundler"
        )
    return f"{src}\nreturn {{ {', '.join(exports)} }};", deps


def bundle(entry: Path, root: Path = JS_ROOT, css: Path | None = None) -> str:
    """The classic script for one explorer: its modules in dependency order, then the entry."""
    root = root.resolve()
    order: list[Path] = []
    bodies: dict[Path, str] = {}

    def visit(path: Path, stack: tuple[Path, ...]):
        path = path.resolve()
        if path in stack:
            raise ValueError(f"import cycle: {' -> '.join(p.name for p in (*stack, path))}")
        if path in bodies:
            return
        if not path.is_file():
            raise FileNotFoundError(f"{stack[-1] if stack else entry}: imports {path}, which does not exist")
        body, deps = _module(path, root)
        bodies[path] = body
        for dep in deps:
            visit(dep, (*stack, path))
        order.append(path)

    visit(entry, ())
    parts = [
        f"// Upstream in-page explorer, bundled from src/upstream/js/{entry.resolve().relative_to(root).as_posix()}",
        "// and the modules it imports (each mirrors a Python module; see the comments in each).",
        "(function () {",
        '"use strict";',
        "const __mods = {};",
    ]
    if css is not None and css.is_file():
        parts.append(f"const __css = {json.dumps(css.read_text(encoding='utf-8'))};")
        parts.append(
            'if (!document.getElementById("upstream-explorers-css")) { const s = document.createElement("style");'
            ' s.id = "upstream-explorers-css"; s.textContent = __css; document.head.appendChild(s); }'
        )
    for path in order:
        key = path.relative_to(root).as_posix()
        parts.append(f"// ---- {key}\n__mods[{json.dumps(key)}] = (function () {{\n{bodies[path]}\n}})();")
    parts.append("})();\n")
    return "\n".join(parts)


def write_bundles(out_dir: Path, root: Path = JS_ROOT, names=None) -> list[Path]:
    """Write ``NAME.js`` for every ``explorers/NAME.js`` (or the ``names`` given) and the licence into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    entries = sorted((root / "explorers").glob("*.js"))
    if names is not None:
        entries = [e for e in entries if e.stem in names]
    for entry in entries:
        target = out_dir / entry.name
        target.write_text(bundle(entry, root, css=root / "explorers.css"), encoding="utf-8")
        written.append(target)
    licence = root.parents[2] / "LICENSE"
    if licence.is_file():
        shutil.copyfile(licence, out_dir / "LICENSE.txt")
    return written


def _build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        write_bundles(Path(app.outdir) / "_static" / "explorers")


def setup(app):
    app.connect("build-finished", _build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
