"""Putting a backup back. Checked first, confirmed by a person, and the current database is saved.

The backup is written into the live database with SQLite's backup API, which replaces every page in
one transaction: other connections (even a running server) see either the old database or the
restored one, never a mix, and the live WAL file is handled by SQLite itself instead of being left
to disagree with a swapped file.
"""
from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from .backup import (SAFETY_PREFIX, BackupError, Progress, _step, backup_file, backups_dir, database_path,
                     integrity_problem)


def check_restorable(path: Path) -> None:
    """Refuse anything that is not a whole kit database; refusal also when it cannot be checked."""
    problem = integrity_problem(Path(path))
    if problem:
        raise BackupError(f"will not restore: {problem}")
    connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as error:
        raise BackupError(f"will not restore: {path} cannot be checked: {error}") from None
    finally:
        connection.close()
    if "alembic_version" not in tables:
        raise BackupError(f"will not restore: {path} is not a kit database")


def restore_backup(app, path: Path, *, progress: Progress | None = None) -> Path | None:
    """Restore `path` over this kit's database. Returns the safety backup of what was there (None if nothing)."""
    path = Path(path)
    target = database_path(app)
    _step(progress, "check")
    check_restorable(path)
    safety = None
    if target.is_file():
        _step(progress, "safety")
        safety = backup_file(target, backups_dir(app), prefix=SAFETY_PREFIX, now=datetime.now(UTC))
    _step(progress, "restore")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    destination = sqlite3.connect(target, timeout=30)
    try:
        source.backup(destination)
    except sqlite3.Error as error:
        raise BackupError(f"the restore failed and the database was left as it was: {error}") from None
    finally:
        destination.close()
        source.close()
    problem = integrity_problem(target)
    if problem:
        raise BackupError(f"the restored database fails its check ({problem}); the safety copy is {safety}")
    _step(progress, "done")
    return safety
