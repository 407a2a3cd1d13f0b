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

#: Debian's Chromium, started as DESIGN.md section 6 says (never a downloaded browser)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def require_chromium() -> None:
    """Fail (never skip) with the install command when Chromium is missing."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests use Debian's Chromium. "
            "Install it with `apt-get install chromium` (never `playwright install`).",
            pytrace=False,
        )


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
