"""Lessons in a pack must pass the same checks as the kit's own lessons before anyone sees them."""
from __future__ import annotations

from pathlib import Path

from .errors import PackError


def check_lessons(root: Path, builtin_notebooks: Path | None = None) -> None:
    """Raise PackError naming the first problem in root/lessons (with file:line:key), if any.

    Notebooks named by lessons are looked up in the pack's own notebooks/ folder when it has one,
    otherwise among the kit's built-in notebooks.
    """
    from kit_server.content import check
    from kit_server.content.cli import known_demos

    lessons = root / "lessons"
    if not lessons.is_dir():
        return  # a notebooks-only pack
    notebooks = root / "notebooks" if (root / "notebooks").is_dir() else builtin_notebooks
    issues = check(lessons, known_demos(), notebooks)
    if issues:
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        raise PackError(f"a lesson does not pass the checks: {issues[0]}{more}")
