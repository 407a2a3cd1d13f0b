"""Shared fixtures: paths, one execution of the lesson notebooks, and one build of the book.

Each lesson notebook is executed exactly once per test run (:func:`executed_notebooks`),
and the book is built once from that execution (:func:`built_book`); the notebook tests,
the student-copy test, the book tests and the browser tests all read them. With
pytest-xdist, whichever worker first needs them executes and builds, under a file lock in a
folder all the run's workers share, and the other waits and reads the result
(:func:`once_per_run`). Tests that use them are grouped by module, so the groups spread
over the workers while a module's browser and its page cache stay on one.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Flags for a headless Chromium-family browser, as DESIGN.md section 6 says
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

#: Environment variable naming a Chromium-family browser to use instead of the ones found
CHROMIUM_ENV = "UPSTREAM_CHROMIUM"

#: Where a Chromium-family browser is usually installed, in the order tried:
#: Debian's chromium, Ubuntu's (a snap: /usr/bin/chromium-browser is its wrapper),
#: Google Chrome, and the same on macOS. Playwright's own browser (only if the
#: user ran `playwright install chromium` themselves) is tried last.
CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/snap/bin/chromium",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/opt/google/chrome/chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)

CHROMIUM_INSTALL_HINT = (
    "install one (Debian: `sudo apt-get install chromium`; Ubuntu: `sudo snap install chromium`; "
    "or Google Chrome) or set UPSTREAM_CHROMIUM=/path/to/chrome; the tests never download a browser"
)


def _playwright_chromium() -> Path | None:
    """Playwright's own Chromium, if the user installed it (``playwright install chromium``)."""
    cache = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    roots = (
        [Path(cache)]
        if cache and cache != "0"
        else [
            Path.home() / ".cache" / "ms-playwright",
            Path.home() / "Library" / "Caches" / "ms-playwright",
        ]
    )
    patterns = (
        "chromium-*/chrome-linux*/chrome",
        "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
        "chromium-*/chrome-mac*/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing",
        "chromium_headless_shell-*/chrome-*/headless_shell",
    )
    for root in roots:
        for pattern in patterns:
            found = sorted(root.glob(pattern))
            if found:
                return found[-1]
    return None


def find_chromium() -> tuple[Path | None, str]:
    """The Chromium-family browser the browser tests use, and why it was chosen.

    ``$UPSTREAM_CHROMIUM`` wins when set (and must be an executable file); then the
    usual install places (:data:`CHROMIUM_CANDIDATES`), ``chromium``,
    ``chromium-browser``, ``google-chrome`` on PATH, and Playwright's own browser.
    Returns ``(None, reason)`` when there is none.
    """
    named = os.environ.get(CHROMIUM_ENV, "").strip()
    if named:
        path = Path(shutil.which(named) or named)
        if path.is_file() and os.access(path, os.X_OK):
            return path, f"${CHROMIUM_ENV}"
        return None, f"{CHROMIUM_ENV}={named} is not an executable file"
    for candidate in CHROMIUM_CANDIDATES:
        path = Path(candidate)
        if path.is_file() and os.access(path, os.X_OK):
            return path, "installed"
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return Path(found), "on PATH"
    own = _playwright_chromium()
    if own is not None:
        return own, "Playwright's own browser"
    return None, "no Chromium-family browser found"


_FOUND, _WHY = find_chromium()
#: The browser the tests drive (Debian's path when none is found, so messages can name it)
CHROMIUM = _FOUND or Path("/usr/bin/chromium")


def chromium_problem() -> str | None:
    """One line saying why there is no browser and how to get one, or None if there is one."""
    if _FOUND is not None:
        return None
    return f"The browser tests need a Chromium-family browser: {_WHY}. To fix it, {CHROMIUM_INSTALL_HINT}."


def require_chromium() -> None:
    """Fail (never skip) with one line saying how to install a browser when none is found."""
    problem = chromium_problem()
    if problem:
        pytest.fail(problem, pytrace=False)


@pytest.fixture(scope="module")
def book_server(built_book):
    """Serve the built book on 127.0.0.1 (a free port); yield its base URL; shut down after."""

    server = BookServer(built_book)  # quiet, and a client hanging up is not an error
    # a short poll: shutdown() waits for the next one, and every browser module shuts a server down
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="book-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module (the browser :func:`find_chromium` found).

    Module scope, not session: a running sync Playwright owns an asyncio loop, and any
    other test on the same worker that starts its own sync_playwright() fails while this
    one is open. Module scope closes it before other modules run.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


#: resolves once the page looks as a reader sees it: web fonts in, eager images decoded
SETTLE_JS = """async () => {
  await document.fonts.ready;
  const eager = [...document.images].filter(img => !img.complete && img.loading !== 'lazy');
  await Promise.all(eager.map(img => img.decode().catch(() => null)));
}"""


def settle_page(page) -> None:
    """Wait for the load event, the web fonts and the page's images, then return.

    Cheaper than Playwright's ``networkidle``, which always waits 500 ms more. A test that
    cares about requests sent after the load event records them over its whole visit
    (tests/test_browser.py does).
    """
    page.wait_for_load_state("load")
    page.evaluate(SETTLE_JS)


def refuse_other_hosts(context, base: str, record: list, local=("data:",)) -> None:
    """Abort every request of ``context`` that is not for ``base`` (or a ``local`` scheme); note its URL in ``record``.

    The match is a regular expression, which Playwright applies in its driver, so only those
    requests are held back (a Python function as the match would make Playwright hold back every
    request of the page to ask Python).
    """
    pattern = re.compile("^(?!" + "|".join(re.escape(prefix) for prefix in (base, *local)) + ")")

    def refuse(route):
        record.append(route.request.url)
        route.abort()

    context.route(pattern, refuse)


class Session:
    """One page in a fresh browser context, loaded and settled; console errors and requests to other
    hosts recorded (``errors``, ``foreign``). ``arrives_at``: the page a redirect ends on, waited for."""

    def __init__(self, browser, base: str, page_name: str, *, arrives_at: str | None = None, **context_args):
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.context = browser.new_context(**context_args)
        try:
            refuse_other_hosts(self.context, base, self.foreign)
            self.page = self.context.new_page()
            self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
            self.page.on("pageerror", lambda e: self.errors.append(str(e)))
            self.page.goto(base + page_name, wait_until="load")
            if arrives_at:
                self.page.wait_for_url(base + arrives_at)
            settle_page(self.page)
        except BaseException:
            self.context.close()
            raise

    def close(self):
        self.context.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without logging each request."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class BookServer(http.server.ThreadingHTTPServer):
    """A threaded HTTP server for a built book on 127.0.0.1 (a free port by default).

    A browser that closes a connection while a file is still being sent (it
    navigated on, or had what it needed) is normal, not an error: the base class
    prints a ``BrokenPipeError`` traceback for it, this one says nothing. Any
    other error is still reported.
    """

    daemon_threads = True

    def __init__(self, folder: Path, port: int = 0):
        super().__init__(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(folder)))

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


def load_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def markdown_of(nb: dict) -> str:
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


@dataclass
class Execution:
    """One lesson notebook after its one execution in this test session.

    Attributes
    ----------
    path : the notebook in notebooks/.
    nb : the executed notebook (nbformat NotebookNode), outputs included.
    error : ``None``, or ``(cell index, error name, message)`` of the first cell that raised.
    """

    path: Path
    nb: object
    error: tuple[int, str, str] | None


def _client(nb, path: Path):
    from nbclient import NotebookClient

    return NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})


def _first_error(nb, err) -> tuple[int, str, str]:
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and "raises-exception" not in cell.metadata.get("tags", []):
                return i, out["ename"], out["evalue"]
    return -1, type(err).__name__, str(err)


def execute_notebook(nb, path: Path):
    """Execute ``nb`` in place in a fresh python3 kernel, with notebooks/ as working folder.

    Returns ``None`` or ``(cell index, error name, message)`` of the first cell that raised
    (a cell tagged ``raises-exception`` may raise).
    """
    from nbclient.exceptions import CellExecutionError

    try:
        _client(nb, path).execute()
    except CellExecutionError as err:
        return _first_error(nb, err)
    return None


async def execute_notebook_async(nb, path: Path):
    """:func:`execute_notebook` as a coroutine, so several notebooks can run at once."""
    from nbclient.exceptions import CellExecutionError

    try:
        await _client(nb, path).async_execute()
    except CellExecutionError as err:
        return _first_error(nb, err)
    return None


#: lesson notebooks executing at once (one kernel per core of a 2-core machine: about 40 % less wall
#: time than one after another, measured 15.3 s -> 8.9 s for the eight lessons on a quiet machine)
PARALLEL_NOTEBOOKS = 2


def shared_tmp(tmp_path_factory) -> Path:
    """A folder that every xdist worker of this test run shares (a fresh one per run).

    Under pytest-xdist each worker's temporary folder is ``.../pytest-N/popen-gwK``; their
    parent ``pytest-N`` belongs to this run alone. Without xdist it is the run's own folder.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / "shared"
    folder.mkdir(exist_ok=True)
    return folder


def once_per_run(folder: Path, make) -> Path:
    """Fill ``folder`` by calling ``make(folder)`` once per test run, whichever worker asks first.

    The others wait on a file lock and reuse what it made. If ``make`` raised, the others fail
    with the same one-line message instead of doing the work again.
    """
    from filelock import FileLock

    done, failed = folder / ".done", folder / ".failed"
    with FileLock(f"{folder}.lock"):
        if failed.exists():
            pytest.fail(f"(on another worker) {failed.read_text(encoding='utf-8')}", pytrace=False)
        if not done.exists():
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            try:
                make(folder)
            except BaseException as err:
                failed.write_text(f"{type(err).__name__}: {err}"[:4000], encoding="utf-8")
                raise
            done.write_text("", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def executed_notebooks(tmp_path_factory) -> dict[str, Execution]:
    """Every lesson notebook, executed once per test run; keyed by file stem (the lesson slug)."""
    import nbformat

    def execute_all(folder: Path) -> None:
        async def run_all() -> dict:
            gate = asyncio.Semaphore(PARALLEL_NOTEBOOKS)

            async def run(path: Path):
                nb = nbformat.read(path, as_version=4)
                async with gate:
                    error = await execute_notebook_async(nb, path)
                nbformat.write(nb, folder / path.name)
                return path.stem, error

            return dict(await asyncio.gather(*(run(path) for path in NOTEBOOKS)))

        errors = asyncio.run(run_all())
        (folder / "errors.json").write_text(json.dumps(errors), encoding="utf-8")

    folder = once_per_run(shared_tmp(tmp_path_factory) / "notebooks", execute_all)
    errors = json.loads((folder / "errors.json").read_text(encoding="utf-8"))
    return {
        path.stem: Execution(
            path,
            nbformat.read(folder / path.name, as_version=4),
            tuple(errors[path.stem]) if errors[path.stem] else None,
        )
        for path in NOTEBOOKS
    }


def _stage_book(executed: dict[str, Execution], stage: Path) -> Path:
    """A copy of the book's sources in ``stage`` whose lesson notebooks carry the session's outputs.

    ``book/`` and ``src/`` are copied, everything else at the top of the repository is linked; ``_config.yml``
    is the repository's with the lesson notebooks excluded from execution (the book's
    own pages, ``book/*.md``, still execute).
    """
    import nbformat

    for entry in ROOT.iterdir():
        if entry.name.startswith(".") or entry.name in {"_build", "_config.yml", "book", "notebooks", "src"}:
            continue
        (stage / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    # copied, not linked: the book's extensions resolve paths under book/ and src/ (the bundled explorers)
    shutil.copytree(ROOT / "book", stage / "book")
    shutil.copytree(ROOT / "src", stage / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    (stage / "notebooks").mkdir()
    for entry in (ROOT / "notebooks").iterdir():
        if entry.suffix != ".ipynb":
            (stage / "notebooks" / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    for run in executed.values():
        nbformat.write(run.nb, stage / "notebooks" / run.path.name)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["exclude_patterns"] = ["*.ipynb"]
    (stage / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return stage


def jupyter_book_build(source: Path, out: Path) -> subprocess.CompletedProcess:
    """``jupyter-book build SOURCE --path-output OUT -W -n --keep-going`` (warnings are errors), output captured."""
    jb = shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) or "jupyter-book"
    return subprocess.run(
        [jb, "build", str(source), "--path-output", str(out), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        cwd=source,
        timeout=1800,
    )


@pytest.fixture(scope="session")
def built_book(tmp_path_factory, request) -> Path:
    """Build the book once per test run with -W -n --keep-going; return the HTML folder.

    The lesson notebooks are not executed again: the build reads the outputs of
    :func:`executed_notebooks`. Set UPSTREAM_BOOK_HTML to a folder built from the
    same tree to reuse it.
    """
    reuse = os.environ.get("UPSTREAM_BOOK_HTML")
    if reuse:
        html = Path(reuse)
        assert (html / "index.html").is_file(), f"UPSTREAM_BOOK_HTML={reuse} holds no built book"
        return html
    executed_notebooks = request.getfixturevalue("executed_notebooks")

    def build(out: Path) -> None:
        failed = {name: run.error for name, run in executed_notebooks.items() if run.error}
        assert not failed, f"cannot build the book: notebooks raised {failed} (see tests/test_notebooks.py)"
        stage = out / "src"
        stage.mkdir()
        _stage_book(executed_notebooks, stage)
        proc = jupyter_book_build(stage, out)
        log = proc.stdout + proc.stderr
        (out / "build.log").write_text(log, encoding="utf-8")
        # Sphinx reports "path:line: WARNING: ..." (and ERROR/CRITICAL); the kernel's own
        # "[IPKernelApp] WARNING | ..." start-up notes are not build warnings.
        warnings = [line for line in log.splitlines() if re.search(r"\b(WARNING|ERROR|SEVERE|CRITICAL):", line)]
        assert proc.returncode == 0 and not warnings, (
            f"book build failed (exit {proc.returncode}); full log in {out / 'build.log'}:\n"
            + "\n".join(warnings[:40] or log.splitlines()[-40:])
        )
        executed_in_build = re.findall(r"notebooks/[\w-]+\.ipynb: Execut", log)
        assert not executed_in_build, f"the build executed lesson notebooks again: {executed_in_build}"

    return once_per_run(shared_tmp(tmp_path_factory) / "book", build) / "_build" / "html"


#: fixtures whose users are grouped by module on one xdist worker (the run's notebook execution and
#: book build are shared by all workers; a module's Chromium, server and page caches are per module)
GROUPED_FIXTURES = {"executed_notebooks", "built_book", "browser", "book_server"}

#: With ``--no-loadscope-reorder`` (make test) xdist hands out groups in the order of their first
#: test. The notebook run goes first, then JupyterLab (long, and needs neither the run nor the
#: book), so one worker executes the lessons and builds the book while the other runs JupyterLab;
#: then the other groups, largest first, while the book is ready; the small unit tests last, to
#: even out the end.
FIRST_MODULES = ("test_notebooks", "test_jupyterlab")


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Group the tests that use the notebook run, the book or a browser by module, for pytest-xdist.

    A module's tests then share its module-scoped Chromium, book server and page caches on one
    worker, and different modules run on different workers. Tagging here, before xdist groups
    the tests, means no test can forget the mark. The groups that take longest start first.

    pytest-xdist 3.8 groups ``xdist_group`` tests by writing ``item._nodeid``, which pytest 9 no
    longer reads (the node id lives in ``item._id``): there every test was spread over the workers.
    After xdist's own hook, the group is appended to the node id as xdist intends (``test_x@group``),
    where xdist could not.
    """
    for item in items:
        if GROUPED_FIXTURES & set(getattr(item, "fixturenames", ())) and not any(item.iter_markers("xdist_group")):
            item.add_marker(pytest.mark.xdist_group(item.path.stem.removeprefix("test_")))

    grouped: dict[str, int] = {}
    for item in items:
        if any(item.iter_markers("xdist_group")):
            grouped[item.path.stem] = grouped.get(item.path.stem, 0) + 1

    def rank(item) -> tuple[int, int]:
        stem = item.path.stem
        if stem in FIRST_MODULES:
            return FIRST_MODULES.index(stem), 0
        if stem in grouped:
            return len(FIRST_MODULES), -grouped[stem]
        return len(FIRST_MODULES) + 1, 0

    items.sort(key=rank)  # stable: the order within each rank is pytest's
    result = yield
    if getattr(config.option, "loadgroup", False):
        _append_xdist_groups(items)
    return result


def _append_xdist_groups(items) -> None:
    try:
        from _pytest.nodeid import coerce_node_id  # pytest >= 9
    except ImportError:  # pytest 8: xdist's own suffix works
        return
    for item in items:
        names = sorted(
            {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
        )
        if names and "@" not in item.nodeid and hasattr(item, "_id"):
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")


def pytest_terminal_summary(terminalreporter):
    """Print the axe-core counts per impact level that tests/test_browser.py records per page.

    Read from the test reports (record_property), so the table appears with and
    without pytest-xdist, and without -s.
    """
    rows = {}
    for reports in terminalreporter.stats.values():
        for rep in reports:
            for name, value in getattr(rep, "user_properties", ()) or ():
                if name == "axe" and isinstance(value, dict):
                    rows[value["page"]] = value
    if not rows:
        return
    impacts = ("critical", "serious", "moderate", "minor")
    version = next(iter(rows.values())).get("version", "?")
    tr = terminalreporter
    tr.write_sep("-", f"axe-core {version}, WCAG 2.0/2.1/2.2 A/AA: violations per page (rules/elements)")
    width = max(len(page) for page in rows) + 2
    tr.write_line("page".ljust(width) + "".join(f"{i:>11}" for i in impacts) + f"{'review':>9}")
    totals = {i: [0, 0] for i in impacts}
    for page in sorted(rows):
        counts = rows[page]["counts"]
        cells = ""
        for i in impacts:
            totals[i][0] += counts[i]["rules"]
            totals[i][1] += counts[i]["elements"]
            cells += f"{counts[i]['rules']}/{counts[i]['elements']}".rjust(11)
        tr.write_line(page.ljust(width) + cells + f"{rows[page]['incomplete']:>9}")
        if rows[page]["rules"]:
            tr.write_line("    violations: " + ", ".join(rows[page]["rules"]))
        if rows[page].get("review"):
            tr.write_line("    to review: " + ", ".join(rows[page]["review"]))
    tr.write_line("total".ljust(width) + "".join(f"{t[0]}/{t[1]}".rjust(11) for t in totals.values()))
    tr.write_line("('review' = axe results that need a person to judge, e.g. contrast over images)")


def pytest_report_header(config):
    """Say which browser the browser tests drive (or why there is none), once, at the top."""
    return chromium_problem() or f"browser: {CHROMIUM} ({_WHY})"
