"""The code base keeps its shape: ruff passes, the layer contracts hold, one of each.

The contracts (import-linter) and the ruff rules are configured in pyproject.toml;
CONTRIBUTING.md ("How the code is organised") explains the layers.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src" / "upstream"
BIN = Path(sys.executable).parent
LINTED = ["src", "tests", "benchmarks", "book/_ext"]


def _tool(name: str) -> str:
    exe = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not exe:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'", pytrace=False)
    return exe


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )


def test_ruff_finds_nothing():
    proc = subprocess.run(
        [_tool("ruff"), "check", "--no-cache", *LINTED], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, f"ruff check {' '.join(LINTED)}:\n{proc.stdout}{proc.stderr}"


def test_ruff_format_leaves_the_code_as_it_is():
    """The code is in ruff's format (line length in pyproject.toml): `ruff format` changes nothing."""
    proc = subprocess.run(
        [_tool("ruff"), "format", "--check", "--no-cache", *LINTED],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"run `ruff format {' '.join(LINTED)}`:\n{proc.stdout}{proc.stderr}"


def test_ruff_uses_the_project_rules(tmp_path):
    """The configuration is read: an unused import and unsorted imports are reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import sys\nimport os\n", encoding="utf-8")
    proc = subprocess.run(
        [_tool("ruff"), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "F401" in proc.stdout and "I001" in proc.stdout


def test_import_contracts_hold():
    proc = _lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout and "6 kept" in proc.stdout, proc.stdout


def test_import_contracts_catch_a_layer_breach_and_a_cycle(tmp_path):
    """Copies of the package that a model importing a widget, and two course modules
    importing each other, break the contracts (so the test above can fail)."""
    shutil.copytree(SRC, tmp_path / "src" / "upstream")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with open(tmp_path / "src/upstream/models/capture.py", "a", encoding="utf-8") as fh:
        fh.write("\nfrom ..widgets import base  # noqa\n")
    with open(tmp_path / "src/upstream/course/notebooks.py", "a", encoding="utf-8") as fh:
        fh.write("\nfrom .export import student_notebook  # noqa\n")
    proc = _lint_imports(tmp_path)
    assert proc.returncode != 0
    assert "upstream.models is not allowed to import upstream.widgets" in proc.stdout
    assert "Models are pure NumPy: no plotting, no widgets BROKEN" in proc.stdout
    assert "No import cycles between sibling modules or packages BROKEN" in proc.stdout


def _modules():
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_all_is_declared_once_and_names_what_exists(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assigned = [
        n
        for n in ast.walk(tree)
        if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign))
        and any(
            isinstance(t, ast.Name) and t.id == "__all__"
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        )
    ]
    appended = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "__all__"
    ]
    assert len(assigned) <= 1 and not appended, f"{path.name}: __all__ is built in several steps"
    if path.name in ("__main__.py",) or not assigned:
        return
    names = ast.literal_eval(assigned[0].value)
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        defined |= {t.id for t in targets if isinstance(t, ast.Name)}
        if isinstance(node, ast.ImportFrom):
            defined |= {a.asname or a.name for a in node.names}
    missing = sorted(set(names) - defined)
    assert not missing, f"{path.name}: __all__ names {missing}, which the module does not define"
    assert len(set(names)) == len(names), f"{path.name}: __all__ repeats a name"


def test_version_is_read_from_the_package_metadata():
    import upstream

    assert upstream.__version__ == version("upstream")
    written = [p.name for p in SRC.rglob("*.py") if f'"{upstream.__version__}"' in p.read_text(encoding="utf-8")]
    assert not written, f"the version is written again in {written}; pyproject.toml holds it"


def test_models_and_figures_import_no_widgets_at_runtime():
    """Importing the models and figures loads neither ipywidgets nor IPython (checked in a fresh interpreter)."""
    code = (
        "import sys, upstream.models, upstream.figures, upstream.content, upstream.data; "
        "print(sorted(m for m in ('ipywidgets', 'IPython') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def group_rows(items) -> list:
    """``[module file, node id, fixture names, xdist groups]`` of each collected test."""
    return [
        [item.path.name, item.nodeid, sorted(item.fixturenames), [m.args[0] for m in item.iter_markers("xdist_group")]]
        for item in items
    ]


#: a pytest plugin for the subprocess below: writes :func:`group_rows` of the whole suite
GROUP_DUMP = """
import json, os


def pytest_collection_finish(session):
    from test_code_quality import group_rows

    with open(os.environ["GROUP_DUMP"], "w") as f:
        json.dump(group_rows(session.items), f)
"""


def _collected_rows(session, tmp_path) -> list:
    """:func:`group_rows` of every test in tests/.

    From this session when it collected every test module (``make test``), else from
    collecting the whole suite in a subprocess (this test run on its own or with ``-k``).
    """
    modules = {p.name for p in (ROOT / "tests").glob("test_*.py")}
    if {item.path.name for item in session.items} >= modules and not session.config.option.keyword:
        return group_rows(session.items)
    (tmp_path / "group_dump.py").write_text(GROUP_DUMP, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
        "GROUP_DUMP": str(tmp_path / "groups.json"),
    }
    cmd = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "group_dump", "-p", "no:cacheprovider"]
    proc = subprocess.run(
        [*cmd, "-n", "0", str(ROOT / "tests")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return json.loads((tmp_path / "groups.json").read_text(encoding="utf-8"))


def test_every_user_of_the_run_the_book_or_a_browser_is_grouped_by_module(request, tmp_path):
    """Tests sharing a module's Chromium and page caches stay on one xdist worker, module by module."""
    from conftest import GROUPED_FIXTURES

    rows = _collected_rows(request.session, tmp_path)
    users = [(module, nodeid, groups) for module, nodeid, fixtures, groups in rows if GROUPED_FIXTURES & set(fixtures)]
    assert len(users) > 100, f"only {len(users)} tests use the book or a browser?"
    by_module: dict[str, set] = {}
    for module, nodeid, groups in users:
        assert len(groups) == 1, f"{nodeid}: xdist groups {groups}"
        by_module.setdefault(module, set()).update(groups)
    for module, _nodeid, _fixtures, groups in rows:
        if module in by_module:
            by_module[module].update(groups)
    split = {m: sorted(g) for m, g in by_module.items() if len(g) != 1}
    assert not split, f"modules split over several xdist groups: {split}"


ONCE_PER_RUN = """
import sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from conftest import once_per_run

def make(folder):
    with open({log!r}, "a") as f:
        f.write("made\\n")
    time.sleep(1)
    if {fail!r}:
        raise RuntimeError("the build broke")
    (folder / "result.txt").write_text("ok")

out = once_per_run(Path({folder!r}), make)
print((out / "result.txt").read_text())
"""


@pytest.mark.parametrize("fail", [False, True], ids=["works", "fails"])
def test_once_per_run_makes_once_for_every_worker(tmp_path, fail):
    """Three workers ask at once: one makes, the others wait and read it (or fail with its message)."""
    log = tmp_path / "made.log"
    code = ONCE_PER_RUN.format(tests=str(ROOT / "tests"), log=str(log), folder=str(tmp_path / "shared"), fail=fail)
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert log.read_text().splitlines() == ["made"], "made more than once"
    if fail:
        assert all(p.returncode != 0 for p in procs)
        assert sum("the build broke" in err for _, err in outs) == 3, [err[-300:] for _, err in outs]
    else:
        assert [p.returncode for p in procs] == [0, 0, 0], [err[-300:] for _, err in outs]
        assert [out.strip() for out, _ in outs] == ["ok"] * 3
