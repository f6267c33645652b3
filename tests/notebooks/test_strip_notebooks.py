"""tools/strip_notebooks.py turns a notebook saved after a run back into shippable content."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

TOOL = Path(__file__).resolve().parents[2] / "tools" / "strip_notebooks.py"


def run_tool(*args):
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True)


def test_strip_removes_outputs_counts_and_run_metadata(tmp_path):
    cell = new_code_cell("print(1)", execution_count=3)
    cell.outputs = [new_output("stream", name="stdout", text="1\n")]
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00"}
    nb = new_notebook(cells=[cell])
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    path = tmp_path / "n.en.ipynb"
    nbformat.write(nb, path)

    assert run_tool("--check", path).returncode == 1
    assert run_tool(path).returncode == 0

    stripped = nbformat.read(path, as_version=4)
    nbformat.validate(stripped)
    code = stripped.cells[0]
    assert code.outputs == [] and code.execution_count is None and "execution" not in code.metadata
    assert code.source == "print(1)"
    assert stripped.metadata.language_info == {"name": "python"}
    assert run_tool("--check", path).returncode == 0
