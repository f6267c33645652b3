"""The admin's notebook settings, in KIT_HOME/notebooks.json so that every app process sees them."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from .limits import Limits

SETTINGS_FILE = "notebooks.json"
# (lowest, highest) of each number an admin may set; the form and the file reader both use these.
BOUNDS = {
    "max_servers": (0, 200),
    "idle_minutes": (5, 240),
    "memory_mb": (256, 16384),
    "processes": (32, 4096),
    "tmp_mb": (16, 4096),
    "folder_mb": (10, 10240),
}


@dataclass(frozen=True)
class NotebookSettings:
    max_servers: int = 30
    idle_minutes: int = 20
    trusted_mode: bool = False  # run WITHOUT a sandbox where bwrap is missing; an admin decides
    memory_mb: int = Limits.memory_mb  # per student server (see limits.py)
    processes: int = Limits.processes
    tmp_mb: int = Limits.tmp_mb
    folder_mb: int = Limits.folder_mb

    def limits(self) -> Limits:
        return Limits(memory_mb=self.memory_mb, processes=self.processes, tmp_mb=self.tmp_mb,
                      folder_mb=self.folder_mb)


def load_settings(home) -> NotebookSettings:
    path = Path(home) / SETTINGS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return NotebookSettings()
    if not isinstance(data, dict):
        return NotebookSettings()
    defaults = NotebookSettings()
    numbers = {key: _bounded(data.get(key), *BOUNDS[key], getattr(defaults, key)) for key in BOUNDS}
    return NotebookSettings(trusted_mode=data.get("trusted_mode") is True, **numbers)


def save_settings(home, settings: NotebookSettings) -> None:
    path = Path(home) / SETTINGS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(dataclasses.asdict(settings)), encoding="utf-8")
    tmp.replace(path)  # never a half-written file


def _bounded(value, low: int, high: int, default: int) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    return value if ok else default
