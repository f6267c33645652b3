"""Fixture folders for the content tests, and the demo ids to check against."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"
BROKEN = FIXTURES / "broken"
NOTEBOOKS = FIXTURES / "notebooks"

from kit_server.demos import DEMO_IDS


@pytest.fixture
def good_copy(tmp_path):
    """A writable copy of the good lessons folder, at tmp_path/lessons."""
    target = tmp_path / "lessons"
    shutil.copytree(GOOD, target)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a fixture file; fail loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
