"""The live workshop path, outside the browser: set-up, `make lab`, the browser finder,
the kernel's start-up notice, and what the README promises about them."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import conftest
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_section() -> str:
    m = re.search(r"^## Set-up.*?(?=^## )", README, re.S | re.M)
    assert m, "README has no '## Set-up' section"
    return m.group(0)


# --------------------------------------------------------------------------- set-up


def _extras() -> dict[str, list[str]]:
    """``[project.optional-dependencies]`` of pyproject.toml (no tomllib on Python 3.10)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[project.optional-dependencies]", 1)[1].split("\n[", 1)[0]
    return {
        name: re.findall(r'^\s*"([^"]+)"', body, re.M)
        for name, body in re.findall(r"^(\w+) = \[(.*?)^\]", section, re.S | re.M)
    }


def test_lab_extra_pins_jupyterlab_and_the_myst_renderer_as_binder_does():
    extras = _extras()
    lab = sorted(extras["lab"])
    assert any(r.startswith("jupyterlab-myst") for r in lab), lab
    assert any(re.match(r"jupyterlab[<>=]", r) for r in lab), lab
    assert "upstream[lab]" in extras["test"], "the test extra must bring the lab extra (tests/test_jupyterlab.py)"
    binder = sorted(
        line.strip()
        for line in (ROOT / "binder/requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    assert binder == lab, f"binder/requirements.txt {binder} differs from the lab extra {lab}"


def test_make_book_installs_only_what_the_book_needs(tmp_path):
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is not installed (apt-get install make)", pytrace=False)
    out = subprocess.run(
        [make, "-n", "book", f"VENV={tmp_path / 'venv'}", "PYTHON=python3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installs = [line for line in out.splitlines() if "pip install" in line and "--upgrade pip" not in line]
    assert installs, out
    assert all(re.search(r"pip install --quiet -e \.$", line.strip()) for line in installs), installs
    assert "jupyter-book build" in out


def test_python_dash_m_upstream_runs_the_cli():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "upstream", "--help"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    assert "agenda" in proc.stdout and "export" in proc.stdout


def test_readme_setup_lists_every_prerequisite_and_how_to_run_the_cli():
    setup = _setup_section()
    for needed, why in [
        ("python3-venv", "Debian/Ubuntu Python has no venv without it"),
        ("make", "both commands are make targets"),
        ("apt-get install chromium", "the browser tests on Debian"),
        ("snap install chromium", "the browser tests on Ubuntu"),
        ("Google Chrome", "the browser tests with Chrome"),
        ("UPSTREAM_CHROMIUM", "naming another browser"),
        ("nodejs npm", "npm ci installs axe-core for make test"),
        ("source .venv/bin/activate", "putting the CLI on PATH"),
        ("python -m upstream", "running the CLI without activating"),
        ("make lab", "running the lessons live"),
        ("--allow-root", "running make lab as root"),
    ]:
        assert needed in setup, f"README set-up does not mention {needed!r} ({why})"
    assert "(after `make book` or\n`make test`, they are in `.venv/bin/`)" not in README


# --------------------------------------------------------------------------- the browser finder


def _fake_browser(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def no_browsers(monkeypatch, tmp_path):
    """A machine with no browser anywhere: no known install place, an empty PATH and HOME."""
    monkeypatch.setattr(conftest, "CHROMIUM_CANDIDATES", ())
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PLAYWRIGHT_BROWSERS_PATH", raising=False)
    monkeypatch.delenv(conftest.CHROMIUM_ENV, raising=False)
    return tmp_path


def test_finder_reports_no_browser_with_how_to_install_one(no_browsers):
    path, why = conftest.find_chromium()
    assert path is None and "no Chromium-family browser" in why


def test_finder_takes_the_browser_named_in_the_environment(no_browsers, monkeypatch):
    chrome = _fake_browser(no_browsers / "opt" / "my-chrome")
    monkeypatch.setenv("UPSTREAM_CHROMIUM", str(chrome))
    assert conftest.find_chromium() == (chrome, "$UPSTREAM_CHROMIUM")
    monkeypatch.setenv("UPSTREAM_CHROMIUM", str(no_browsers / "missing"))
    path, why = conftest.find_chromium()
    assert path is None and "is not an executable file" in why


def test_finder_tries_install_places_then_path_then_playwrights_own(no_browsers, monkeypatch):
    own = _fake_browser(no_browsers / "home" / ".cache" / "ms-playwright" / "chromium-1200" / "chrome-linux" / "chrome")
    assert conftest.find_chromium() == (own, "Playwright's own browser")
    on_path = _fake_browser(no_browsers / "empty-path" / "google-chrome")
    assert conftest.find_chromium() == (on_path, "on PATH")
    debian = _fake_browser(no_browsers / "usr-bin" / "chromium")
    monkeypatch.setattr(conftest, "CHROMIUM_CANDIDATES", (str(no_browsers / "nowhere"), str(debian)))
    assert conftest.find_chromium() == (debian, "installed")


def test_without_a_browser_a_browser_test_fails_with_one_clear_line(tmp_path):
    env = {**os.environ, "UPSTREAM_CHROMIUM": str(tmp_path / "no-such-browser"), "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/test_browser.py::test_chromium_is_installed",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stdout[-2000:]
    lines = [line for line in proc.stdout.splitlines() if "no-such-browser" in line and "install" in line]
    assert lines, proc.stdout[-2000:]
    assert "sudo apt-get install chromium" in lines[0] and "UPSTREAM_CHROMIUM" in lines[0]
    assert "Traceback" not in proc.stdout and "def require_chromium" not in proc.stdout


# --------------------------------------------------------------------------- the kernel's start-up notice


def test_kernel_config_drops_the_tcp_notice_and_nothing_else():
    import logging

    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    config = ROOT / "book" / "_ext" / "ipython_kernel_config.py"
    log = logging.getLogger("IPKernelApp")
    handler = Keep()
    log.addHandler(handler)
    before = list(log.filters)
    try:
        exec(compile(config.read_text(encoding="utf-8"), str(config), "exec"), {"get_config": lambda: None, "c": None})
        exec(compile(config.read_text(encoding="utf-8"), str(config), "exec"), {"get_config": lambda: None, "c": None})
        assert len(log.filters) == len(before) + 1, "loading the config twice must add one filter"
        log.warning("Kernel is running over TCP without encryption. All communication ... eavesdropping.")
        log.warning("Another kernel warning")
    finally:
        log.removeHandler(handler)
        log.filters[:] = before
    assert records == ["Another kernel warning"]


def test_make_installs_the_kernel_config_where_ipykernel_reads_it():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "KERNEL_CONFIG = $(VENV)/etc/ipython/ipython_kernel_config.py" in makefile
    for target in ("book", "test", "lab"):
        line = next(line for line in makefile.splitlines() if line.startswith(f"{target}:"))
        assert "$(KERNEL_CONFIG)" in line, f"make {target} does not install the kernel config"
    from IPython.core.application import ENV_CONFIG_DIRS

    assert os.path.join(sys.prefix, "etc", "ipython") in ENV_CONFIG_DIRS


# --------------------------------------------------------------------------- make lab


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_prints_a_url_that_opens_the_lessons_folder(tmp_path):
    """`make lab` as whoever runs the tests (root in CI and Docker): JupyterLab starts,
    the printed URL answers, and the lessons folder is where it opens."""
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is not installed (apt-get install make)", pytrace=False)
    if shutil.which("jupyter-lab", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("JupyterLab is not installed: pip install -e '.[lab]' (make test installs it)", pytrace=False)
    # This environment, dressed as the Makefile's .venv, so make installs nothing.
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "bin").symlink_to(Path(sys.executable).parent)
    for stamp in (".installed-book", ".installed-lab", ".installed-test"):
        (venv / stamp).touch()
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    proc = subprocess.Popen(
        [make, "lab", f"VENV={venv}", f"LAB_PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    out: list[str] = []
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            out.append(line)
            m = re.search(rf"(http://127\.0\.0\.1:{port}/lab/tree/notebooks\?token=\S+)", line)
            url = m and m.group(1)
        assert url, "make lab printed no URL:\n" + "".join(out)
        token = url.split("token=")[1]
        deadline = time.monotonic() + 240
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    status = r.status
                    break
            except OSError:
                time.sleep(1)
        assert status == 200, f"the printed URL did not answer (exit {proc.poll()}):\n" + "".join(out)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/notebooks?token={token}", timeout=10) as r:
            listing = r.read().decode()
        assert "lesson-01" in listing and "lesson-08" in listing
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    rest = proc.stdout.read() if proc.stdout else ""
    assert "Running as root is not recommended" not in "".join(out) + rest


# --------------------------------------------------------------------------- the test HTTP server


def _hang_up_mid_download(server) -> None:
    """Ask for a large file, read a little of it, and reset the connection."""
    import struct
    import threading

    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        for _ in range(3):
            with socket.create_connection(server.server_address, timeout=10) as s:
                s.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
                s.recv(1024)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST on close
        # each request is served on a thread of its own: wait until they have all ended (and written
        # whatever they write), not a fixed time
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(
            t.name.endswith("(process_request_thread)") for t in threading.enumerate()
        ):
            time.sleep(0.02)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_book_server_treats_a_client_hanging_up_as_normal(tmp_path, capfd):
    import http.server

    (tmp_path / "big.bin").write_bytes(b"\0" * 8_000_000)
    # the standard server prints a traceback for it (so this test sets up the real case) ...
    plain = http.server.ThreadingHTTPServer(("127.0.0.1", 0), conftest.QuietHandler)
    plain.RequestHandlerClass = lambda *a, **k: conftest.QuietHandler(*a, directory=str(tmp_path), **k)
    _hang_up_mid_download(plain)
    assert re.search(r"(BrokenPipe|ConnectionReset)Error", capfd.readouterr().err), "the disconnect was not reproduced"
    # ... and the book server does not
    _hang_up_mid_download(conftest.BookServer(tmp_path))
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err
