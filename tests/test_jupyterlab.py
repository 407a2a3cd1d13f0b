"""The lessons as an instructor projects them: in JupyterLab, with the MyST renderer.

A real JupyterLab (the ``lab`` extra: jupyterlab + jupyterlab-myst) is started on
127.0.0.1 with a random token, serving a copy of the lesson notebooks from a
temporary folder (so nothing JupyterLab writes, such as an autosave, can touch the
repository). JupyterLab is loaded once in headless Chromium and each lesson is
opened in it as from the file browser (every other tab closed first, and no kernel
started: the copies have no outputs and nothing is run), then checked:

1. no raw MyST is visible (no ``:::{``, no ``{cite`` role text, no ``{solution``);
2. the content note renders as a note (a MyST warning admonition titled "Content note");
3. no solution text is visible before it is opened, and every solution is there
   once its dropdown and its collapsed cells are clicked (so the first check
   looked for text that really is in the page);
4. the page asked no host but the local server for anything.

The server is stopped when the module's tests end.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import NOTEBOOKS, ROOT, refuse_other_hosts

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("jupyterlab")]

LESSONS = [p for p in NOTEBOOKS if re.match(r"lesson-\d+", p.name)]

# JupyterLab settings for the test: every cell attached (no virtual scrolling, so
# the whole lesson is in the page), no news or update checks (no request leaves
# the machine), no autosave.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


# --------------------------------------------------------------------------- what the solutions say


def _source(cell) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _phrase(text: str, avoid: str, n: int = 6) -> str | None:
    """The first run of ``n`` words in ``text`` that carries no Markdown markup and
    does not occur in ``avoid`` (the lesson outside its solutions).

    Markup (links, roles, math, emphasis, code, list markers) renders differently
    from its source, so a phrase is taken from between markup characters only.
    """
    text = re.sub(r"^\s*(\d+[.)]|[-*+])\s+", "", text, flags=re.M)  # list markers are not text
    for segment in re.split(r"[`$*_\[\](){}|<>#]", text):
        words = _tokens(segment)
        for i in range(len(words) - n + 1):
            phrase = " ".join(words[i : i + n])
            if f" {phrase} " not in f" {avoid} ":
                return phrase
    return None


def solution_parts(nb: dict) -> tuple[list[tuple[str, str]], str]:
    """Every solution's parts as ``(kind, text)`` (``{solution}`` bodies and the cells between
    ``{solution-start}`` and ``{solution-end}``), and the rest of the lesson's text."""
    parts: list[tuple[str, str]] = []
    rest: list[str] = []
    gated = False
    for cell in nb["cells"]:
        src = _source(cell)
        if cell["cell_type"] == "markdown" and re.search(r"\{solution(-start|-end)?\}", src):
            for m in re.finditer(r"^:::\{solution\}[^\n]*\n(.*?)^:::\s*$", src, re.S | re.M):
                body = "\n".join(line for line in m.group(1).splitlines() if not re.match(r"^:[\w-]+:", line))
                parts.append(("markdown", body))
            rest.append(re.sub(r"^:::\{solution\}[^\n]*\n(.*?)^:::\s*$", "", src, flags=re.S | re.M))
            starts = [m.start() for m in re.finditer(r"\{solution-start\}", src)]
            ends = [m.start() for m in re.finditer(r"\{solution-end\}", src)]
            if starts or ends:
                gated = max(starts, default=-1) > max(ends, default=-1)
            continue
        if gated and src.strip():
            parts.append((cell["cell_type"], src))
        else:
            rest.append(src)
    return parts, " ".join(_tokens("\n".join(rest)))


def solution_phrases(nb: dict) -> list[str]:
    """A phrase from each solution part that must stay hidden until the solution is opened."""
    phrases = []
    parts, rest = solution_parts(nb)
    for kind, text in parts:
        if kind == "code":
            line = next(line for line in text.splitlines() if line.strip())
            phrases.append(" ".join(_tokens(line)))
        else:
            phrase = _phrase(text, rest)
            assert phrase, f"no plain six-word phrase found only in this solution: {text[:80]!r}"
            phrases.append(phrase)
    return phrases


def test_every_lesson_has_solutions_to_check():
    assert LESSONS, "no lesson notebooks found"
    for path in LESSONS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert len(solution_phrases(nb)) >= 2, f"{path.name}: fewer than two solution parts found"


def test_gated_solution_cells_are_collapsed_in_the_notebook_file():
    """What JupyterLab reads: every cell inside a gated solution has its input (and a code
    cell its output) collapsed, and a blank first line, because a collapsed cell shows its
    first line."""
    for path in LESSONS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        gated = False
        for cell in nb["cells"]:
            src = _source(cell)
            if cell["cell_type"] == "markdown" and re.search(r"\{solution-(start|end)\}", src):
                starts = [m.start() for m in re.finditer(r"\{solution-start\}", src)]
                ends = [m.start() for m in re.finditer(r"\{solution-end\}", src)]
                gated = max(starts, default=-1) > max(ends, default=-1)
                continue
            if not gated:
                continue
            meta = cell["metadata"].get("jupyter", {})
            where = f"{path.name} cell {cell.get('id')}"
            assert meta.get("source_hidden") is True, f"{where}: a solution cell without jupyter.source_hidden"
            if cell["cell_type"] == "code":
                assert meta.get("outputs_hidden") is True, (
                    f"{where}: a solution code cell without jupyter.outputs_hidden"
                )
            assert src.split("\n")[0].strip() == "", (
                f"{where}: first line {src.splitlines()[0]!r} would show while collapsed"
            )
        for m in re.finditer(
            r"^:::\{solution\}[^\n]*\n((?::[^\n]*\n)*)", "\n".join(_source(c) for c in nb["cells"]), re.M
        ):
            assert re.search(r":class:.*\bdropdown\b", m.group(1)), (
                f"{path.name}: a {{solution}} without :class: dropdown"
            )


# --------------------------------------------------------------------------- a real JupyterLab


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """Start JupyterLab on 127.0.0.1 over a copy of the lessons; yield (base URL, token); stop it."""
    jupyter = shutil.which("jupyter-lab", path=str(Path(sys.executable).parent))
    if jupyter is None:
        pytest.fail("JupyterLab is not installed: pip install -e '.[lab]' (make test installs it)", pytrace=False)
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "root"
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = tmp / "settings"
    for name, value in LAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(value), encoding="utf-8")
    for sub in ("config", "data", "runtime", "workspaces"):
        (tmp / sub).mkdir()
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_TOKEN": token,
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    cmd = [
        jupyter,
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        # window.jupyterapp: the tests open each lesson in one loaded JupyterLab, as an instructor does
        "--LabApp.expose_app_in_browser=True",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp / "lab.log", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start (exit {proc.poll()}); log: {tmp / 'lab.log'}", pytrace=False)
            time.sleep(1)
        yield base, token
    finally:
        # SIGTERM: the server shuts its kernels down, then exits; kill what is left.
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{base}/api/status", timeout=2)


class LabPage:
    """One JupyterLab loaded in Chromium; requests to any other host are refused and recorded."""

    def __init__(self, browser, lab):
        base, token = lab
        self.foreign: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        refuse_other_hosts(self.context, base, self.foreign, local=("data:", "blob:"))
        self.page = self.context.new_page()
        self.page.goto(f"{base}/lab/workspaces/lessons/tree/notebooks?token={token}", wait_until="load")
        self.page.wait_for_function("() => window.jupyterapp !== undefined", timeout=180_000)
        self.page.evaluate("() => window.jupyterapp.started")
        # Open lessons without a kernel: the copies have no outputs and nothing is run, so a
        # kernel changes nothing checked here, and starting one for each lesson is costly.
        self.page.evaluate(
            """() => {
                 const factory = window.jupyterapp.docRegistry.getWidgetFactory('Notebook');
                 // read-only getters: shadow them on this one factory object
                 Object.defineProperty(factory, 'preferKernel', {value: false});
                 Object.defineProperty(factory, 'canStartKernel', {value: false});
               }"""
        )

    def open(self, path: Path) -> dict:
        """Drop every tab, open the lesson as the file browser does, wait until all its cells are in the page."""
        nb = json.loads(path.read_text(encoding="utf-8"))
        self.page.evaluate(
            """async path => {
                 const app = window.jupyterapp;
                 // the last lesson's tab is dropped, not closed: opening its cells changed it, and
                 // closing would ask whether to save (nothing here is saved)
                 for (const widget of Array.from(app.shell.widgets('main'))) widget.dispose();
                 for (let i = 0; i < 600 && document.querySelector('.jp-NotebookPanel'); i++)
                   await new Promise(resolve => setTimeout(resolve, 50));
                 await app.commands.execute('docmanager:open', {path});
               }""",
            f"notebooks/{path.name}",
        )
        self.page.wait_for_function(
            "n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').length >= n",
            arg=len(nb["cells"]),
            timeout=180_000,
        )
        return nb


@pytest.fixture(scope="module")
def lab_page(browser, lab):
    lab_page = LabPage(browser, lab)
    yield lab_page
    lab_page.context.close()


#: the element's visible text once it has not changed for ``quiet`` ms: read in the page, and
#: only after the DOM below it changed (a MutationObserver), so a quiet notebook costs nothing
SETTLED_TEXT_JS = """async (el, [quiet, timeout]) => {
  let dirty = false;
  const observer = new MutationObserver(() => { dirty = true; });
  observer.observe(el, {subtree: true, childList: true, characterData: true, attributes: true});
  try {
    const start = performance.now();
    let last = el.innerText, since = start;
    while (performance.now() - start < timeout) {
      await new Promise(resolve => setTimeout(resolve, 100));
      if (dirty) {
        dirty = false;
        const now = el.innerText;
        if (now !== last) { last = now; since = performance.now(); continue; }
      }
      if (performance.now() - since >= quiet) break;
    }
    return last;
  } finally {
    observer.disconnect();
  }
}"""


def settled_text(locator, quiet: float = 0.4, timeout: float = 15.0) -> str:
    """The locator's visible text once it has not changed for ``quiet`` seconds (cells still rendering)."""
    return locator.evaluate(SETTLED_TEXT_JS, [quiet * 1000, timeout * 1000])


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_renders_in_jupyterlab_with_solutions_hidden(lab_page, path):
    foreign_before = len(lab_page.foreign)
    nb = lab_page.open(path)
    page = lab_page.page
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first
    # 2. the content note, as jupyterlab-myst renders a warning admonition
    note = notebook.locator("aside.myst-admonition-warning", has_text="Content note").first
    try:
        note.wait_for(state="visible", timeout=120_000)
    except Exception:  # noqa: BLE001 - reported as the failure below
        pytest.fail(
            f"{path.name}: the content note did not render as a note (is jupyterlab-myst installed and enabled?)",
            pytrace=False,
        )
    title = note.locator(".myst-admonition-header-text").first.inner_text().strip()
    assert title == "Content note", f"{path.name}: the warning admonition is titled {title!r}"
    assert "support" in note.inner_text(), f"{path.name}: the content note does not point to support"
    # visible text only: inner_text skips what CSS hides, such as a rendered cell's editor
    before = settled_text(notebook)  # once the last markdown cells have finished rendering

    # 1. no raw MyST
    for raw in (":::{", "```{", "{cite", "{solution", "{exercise", ":class:"):
        assert raw not in before, (
            f"{path.name}: raw MyST {raw!r} is visible: ...{before[max(0, before.find(raw) - 80) : before.find(raw) + 80]}..."
        )

    # 3. no solution visible before it is opened ...
    phrases = solution_phrases(nb)
    seen = " ".join(_tokens(before))
    shown = [p for p in phrases if p in seen]
    assert not shown, f"{path.name}: solution text visible before it is opened: {shown}"
    assert "Solution to" in before, f"{path.name}: no solution toggle is visible"

    # ... and there once opened: the solution dropdowns, then every collapsed cell
    # (the collapsed cells first: expanding a cell can redraw the Markdown around it)
    placeholders = notebook.locator(".jp-InputPlaceholder .jp-Placeholder-content")
    while placeholders.count():
        placeholders.first.click()
    toggles = notebook.locator("details > summary", has_text="Solution")
    assert toggles.count() >= 1, f"{path.name}: no solution dropdown found"
    text = None  # the notebook's text once settled after the last clicks
    for _ in range(3):  # a click can redraw the cell around it: open what is still closed
        closed = [i for i in range(toggles.count()) if not toggles.nth(i).evaluate("s => s.parentElement.open")]
        if not closed:
            break
        for i in closed:
            toggles.nth(i).click()
        text = settled_text(notebook)
    after = " ".join(_tokens(text if text is not None else settled_text(notebook)))
    missing = [p for p in phrases if p not in after]
    assert not missing, f"{path.name}: solution text not shown after opening (wrong phrase or not rendered): {missing}"

    # 4. nothing asked of another host
    foreign = lab_page.foreign[foreign_before:]
    assert not foreign, f"{path.name}: JupyterLab asked other hosts for {sorted(set(foreign))[:5]}"
