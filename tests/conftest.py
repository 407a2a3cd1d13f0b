"""Shared fixtures: paths, the lesson notebooks, and one build of the book."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
    roots = [Path(cache)] if cache and cache != "0" else [
        Path.home() / ".cache" / "ms-playwright",
        Path.home() / "Library" / "Caches" / "ms-playwright",
    ]
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


def load_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def markdown_of(nb: dict) -> str:
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """Build the book once per test session with -W -n --keep-going; return the HTML folder.

    Set UPSTREAM_BOOK_HTML to a folder built from the same tree to reuse it.
    """
    reuse = os.environ.get("UPSTREAM_BOOK_HTML")
    if reuse:
        html = Path(reuse)
        assert (html / "index.html").is_file(), f"UPSTREAM_BOOK_HTML={reuse} holds no built book"
        return html
    out = tmp_path_factory.mktemp("book")
    jb = shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) or "jupyter-book"
    proc = subprocess.run(
        [jb, "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
    )
    log = proc.stdout + proc.stderr
    (out / "build.log").write_text(log, encoding="utf-8")
    # Sphinx reports "path:line: WARNING: ..." (and ERROR/CRITICAL); the kernel's own
    # "[IPKernelApp] WARNING | ..." start-up notes are not build warnings.
    warnings = [line for line in log.splitlines() if re.search(r"\b(WARNING|ERROR|SEVERE|CRITICAL):", line)]
    assert proc.returncode == 0 and not warnings, (
        f"book build failed (exit {proc.returncode}); full log in {out / 'build.log'}:\n"
        + "\n".join(warnings[:40] or log.splitlines()[-40:])
    )
    return out / "_build" / "html"


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
