"""Remove outputs, execution counts and run-time metadata from notebooks, in place.

    .venv/bin/python tools/strip_notebooks.py notebooks/*.ipynb
    .venv/bin/python tools/strip_notebooks.py --check notebooks/*.ipynb   # exit 1 if any needs it

Notebooks in the repository carry no outputs: outputs are large, change at every run, and a
student should see the plots appear when they run the cells themselves.
"""

from __future__ import annotations

import sys

import nbformat

# Metadata JupyterLab adds while running that has no place in shipped content.
RUNTIME_CELL_KEYS = ("execution", "collapsed", "scrolled", "jupyter")


def strip(nb) -> bool:
    """Strip nb in place; True if anything changed."""
    changed = False
    # The kernel fills in its exact Python version; keep only the language name.
    if nb.metadata.get("language_info", {"name": "python"}) != {"name": "python"}:
        nb.metadata["language_info"] = {"name": "python"}
        changed = True
    for cell in nb.cells:
        for key in RUNTIME_CELL_KEYS:
            if key in cell.metadata:
                del cell.metadata[key]
                changed = True
        if cell.cell_type != "code":
            continue
        if cell.outputs or cell.execution_count is not None:
            cell.outputs = []
            cell.execution_count = None
            changed = True
    return changed


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [arg for arg in argv if arg != "--check"]
    dirty = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if strip(nb):
            dirty.append(path)
            if not check:
                nbformat.write(nb, path)
    verb = "need stripping" if check else "stripped"
    print(f"{len(dirty)} of {len(paths)} notebooks {verb}" + ("".join(f"\n  {p}" for p in dirty)))
    return 1 if (check and dirty) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
