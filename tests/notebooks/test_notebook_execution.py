"""Every companion notebook runs top to bottom in a real kernel, offline, without warnings."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell, new_notebook

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom_offline(path, run_notebook):
    nb = run_notebook(nbformat.read(path, as_version=4))

    assert not run_notebook.network_log.exists(), run_notebook.network_log.read_text()
    code_cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code_cells), "a code cell did not run"
    # A student should not meet red warning text in a companion notebook.
    stderr = [
        out.text
        for cell in code_cells
        for out in cell.outputs
        if out.output_type == "stream" and out.name == "stderr"
    ]
    assert stderr == []
    # Every notebook draws at least one picture, shown inline as a PNG.
    assert any("image/png" in out.get("data", {}) for cell in code_cells for out in cell.outputs)


def _notebook(*sources):
    return new_notebook(cells=[new_code_cell(source) for source in sources])


@pytest.mark.slow
def test_guard_stops_a_notebook_that_reaches_the_network(run_notebook):
    nb = _notebook(
        "import urllib.request",
        "urllib.request.urlopen('http://example.com/', timeout=5).read()",
    )
    with pytest.raises(CellExecutionError, match="NetworkBlocked"):
        run_notebook(nb)
    assert "example.com" in run_notebook.network_log.read_text()


@pytest.mark.slow
def test_guard_sees_an_attempt_the_notebook_swallows_but_keeps_loopback(run_notebook):
    nb = _notebook(
        # An outside address (no name lookup needed): blocked even though the error is caught.
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('203.0.113.7', 80), timeout=2)\n"
        "except OSError as exc:\n"
        "    outside = type(exc).__name__",
        # Loopback is untouched: a closed local port is refused by the OS, not by the guard.
        "s = socket.socket()\n"
        "local = s.connect_ex(('127.0.0.1', 9))\n"
        "s.close()",
        "print(outside, local != 0)",
    )
    nb = run_notebook(nb)
    assert nb.cells[2].outputs[0].text.strip() == "NetworkBlocked True"
    assert "203.0.113.7" in run_notebook.network_log.read_text()
