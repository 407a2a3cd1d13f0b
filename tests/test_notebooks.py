"""Every lesson notebook executes cleanly, and what it shows teaches without a kernel.

The notebooks are executed once per session (``executed_notebooks`` in conftest.py);
these tests read that execution.
"""

from __future__ import annotations

import re

import pytest

from conftest import NOTEBOOKS, load_notebook

pytestmark = [pytest.mark.notebooks]

IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT = re.compile(r'\balt="([^"]*)"')
SRC = re.compile(r'\bsrc="([^"]*)"')
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _outputs(nb):
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                yield i, out


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 8, f"expected the eight lesson notebooks in notebooks/; found {len(NOTEBOOKS)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = load_notebook(path)
    dirty = [
        i
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; strip them (nbstripout --keep-id)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path, executed_notebooks):
    run = executed_notebooks[path.stem]
    if run.error:
        i, name, message = run.error
        first = run.nb.cells[i].source.splitlines()[0] if i >= 0 and run.nb.cells[i].source else ""
        pytest.fail(f"{path.name}: cell {i} ({first!r}) raised {name}: {message}", pytrace=False)
    stderr = [
        (i, out["text"][:200])
        for i, out in _outputs(run.nb)
        if out["output_type"] == "stream" and out["name"] == "stderr"
    ]
    assert not stderr, f"{path.name}: cells write to stderr (warnings a learner would see): {stderr}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_and_widget_has_a_static_image_with_alt_text(path, executed_notebooks):
    """What the book shows without a kernel: each widget carries a static HTML view, and
    every image is an inline PNG with alt text (never a file or a URL)."""
    run = executed_notebooks[path.stem]
    images = 0
    for i, out in _outputs(run.nb):
        data = out.get("data", {})
        if WIDGET_VIEW in data:
            assert "text/html" in data, f"{path.name}: cell {i} shows a widget with no static HTML for the book"
        for tag in IMG.findall(data.get("text/html", "")):
            images += 1
            alt = ALT.search(tag)
            assert alt and len(alt.group(1).strip()) >= 20, f"{path.name}: cell {i} has an image without real alt text"
            assert SRC.search(tag).group(1).startswith("data:image/png;base64,"), (
                f"{path.name}: cell {i} links an image"
            )
        assert "image/png" not in data or "text/html" in data, f"{path.name}: cell {i} shows a bare PNG (no alt text)"
    assert images >= 1, f"{path.name}: no figure at all"
