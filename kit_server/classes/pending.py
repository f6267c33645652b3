"""A previewed CSV import waiting for the teacher's confirmation, kept on the server.

The parsed rows live in KIT_HOME/imports/<token>.json between the preview and the confirm button,
so the browser never sends the rows back (nothing it could tamper with). The token is random; the
file also records the class and the teacher, and expires after an hour.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import asdict
from pathlib import Path

from .csv_import import Row

LIFETIME_SECONDS = 3600
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _folder(home: str | os.PathLike) -> Path:
    folder = Path(home) / "imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _path(home, token: str) -> Path | None:
    # Only our own token shape becomes a file name: no "../", no other folder.
    return _folder(home) / f"{token}.json" if _TOKEN_RE.match(token or "") else None


def save(home, class_id: int, user_id: int, kind: str, rows: list[Row]) -> str:
    prune(home)
    token = secrets.token_urlsafe(24)
    data = {"class_id": class_id, "user_id": user_id, "kind": kind, "created": time.time(),
            "rows": [asdict(r) for r in rows]}
    fd = os.open(_path(home, token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # children's names
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    return token


def load(home, token: str, class_id: int, user_id: int) -> dict | None:
    """The waiting import, or None when it is unknown, expired, or someone else's."""
    path = _path(home, token)
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("class_id") != class_id or data.get("user_id") != user_id:
        return None
    if time.time() - data.get("created", 0) > LIFETIME_SECONDS:
        discard(home, token)
        return None
    data["rows"] = [Row(**r) for r in data["rows"]]
    return data


def claim(home, token: str, class_id: int, user_id: int) -> dict | None:
    """Load the waiting import and take it off the shelf in one step, so that two clicks on the
    confirm button (or two tabs) can never import the same rows twice."""
    data = load(home, token, class_id, user_id)
    if data is None:
        return None
    path = _path(home, token)
    try:
        path.rename(path.with_suffix(".taken"))  # atomic: only one request wins the rename
    except FileNotFoundError:
        return None
    path.with_suffix(".taken").unlink(missing_ok=True)
    return data


def discard(home, token: str) -> None:
    path = _path(home, token)
    if path is not None:
        path.unlink(missing_ok=True)


def prune(home) -> None:
    """Forget previews nobody confirmed (they hold names, so they should not linger)."""
    cutoff = time.time() - LIFETIME_SECONDS
    for path in _folder(home).glob("*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            pass
