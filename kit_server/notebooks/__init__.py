"""Companion notebooks: reading them in the lesson page (render.py).

Per-student Jupyter sessions (sessions.py) will live beside it.
"""

from kit_server.notebooks.render import (
    NotebookInfo,
    cache_info,
    clear_cache,
    highlight_css,
    list_notebooks,
    notebook_path,
    render_notebook,
)

__all__ = [
    "NotebookInfo",
    "cache_info",
    "clear_cache",
    "highlight_css",
    "list_notebooks",
    "notebook_path",
    "render_notebook",
]
