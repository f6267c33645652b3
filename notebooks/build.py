"""Build notebooks/<slug>.<lang>.ipynb from notebooks/source/<slug>.py.

    .venv/bin/python notebooks/build.py          # write all notebooks
    .venv/bin/python notebooks/build.py --check  # exit 1 if a notebook differs from its source

Each source declares SLUG, LESSON and CELLS (see source/_kit.py). Arabic markdown is
wrapped in <div dir="rtl"> so it reads right to left in JupyterLab and in the kit.
Cell ids are fixed (c00, c01, ...) so rebuilding gives the same files and a student's
copy can be matched cell by cell with the original.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
sys.path.insert(0, str(SOURCE))

from _kit import LANGS  # noqa: E402

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
PIECE_RE = re.compile(r"<<(\w+)>>")


def load_source(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem.replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def markdown_text(texts: dict, lang: str) -> str:
    text = textwrap.dedent(texts[lang]).strip()
    if lang == "ar":
        # Blank lines keep the inside parsed as markdown, not as raw HTML.
        text = f'<div dir="rtl">\n\n{text}\n\n</div>'
    return text


def code_text(template: str, pieces: dict, lang: str) -> str:
    def replace(match):
        return pieces[match[1]][lang]

    return PIECE_RE.sub(replace, textwrap.dedent(template).strip())


def build(module, lang: str) -> nbformat.NotebookNode:
    cells = []
    for index, cell in enumerate(module.CELLS):
        if cell[0] == "markdown":
            new = new_markdown_cell(markdown_text(cell[1], lang))
        else:
            new = new_code_cell(code_text(cell[1], cell[2], lang))
        new.id = f"c{index:02d}"
        cells.append(new)
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["kit"] = {"lesson": module.LESSON, "lang": lang}
    nbformat.validate(nb)
    return nb


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for path in sorted(SOURCE.glob("m*.py")):
        module = load_source(path)
        for lang in LANGS:
            target = HERE / f"{module.SLUG}.{lang}.ipynb"
            text = nbformat.writes(build(module, lang)) + "\n"
            current = target.read_text(encoding="utf-8") if target.exists() else None
            if text == current:
                continue
            stale.append(target.name)
            if not check:
                target.write_text(text, encoding="utf-8")
    verb = "differ from their source" if check else "written"
    print(f"{len(stale)} notebooks {verb}" + (": " + ", ".join(stale) if stale else ""))
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
