"""Backups of the SQLite database, taken with SQLite's own backup API (never by copying the live file,
which in WAL mode may be missing committed pages that still sit in kit.db-wal).

Each copy is checked with `PRAGMA integrity_check` before it gets its final name, so a file named
kit-<UTC time>.db in a backup folder is always a whole, readable database.
Daily automatic backups go to KIT_HOME/backups/ as auto-<UTC time>.db and are kept KIT_BACKUP_KEEP_DAYS.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

from .settings import reserve_bytes, setting

STAMP = "%Y%m%dT%H%M%SZ"
AUTO_PREFIX, MANUAL_PREFIX, SAFETY_PREFIX = "auto-", "kit-", "before-restore-"
RECORD = "last_backup.json"
Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why in one line."""


def database_path(app) -> Path:
    """The SQLite file of this kit; a plain refusal for PostgreSQL, whose backups are pg_dump's job."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if not url.drivername.startswith("sqlite"):
        raise BackupError("this kit uses PostgreSQL (KIT_DATABASE_URL): back it up with pg_dump "
                          "and restore with pg_restore; `kit backup` handles SQLite only")
    if not url.database or url.database == ":memory:":
        raise BackupError("this kit's database is in memory; there is nothing to back up")
    return Path(url.database)


def backups_dir(app) -> Path:
    return Path(app.config["KIT_HOME"]) / "backups"


def _connect_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def integrity_problem(path: Path) -> str | None:
    """None when `path` is a whole SQLite database, else a one-line reason (also when it cannot be read)."""
    if not Path(path).is_file():
        return f"{path} does not exist"
    try:
        connection = _connect_readonly(Path(path))
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        return f"{path} cannot be checked: {error}"
    if rows != [("ok",)]:
        return f"{path} is damaged: {rows[0][0]}"
    return None


def _copy(source: Path, destination: Path) -> None:
    """One backup step for the whole database: a consistent snapshot, and in WAL mode writers go on meanwhile."""
    src = sqlite3.connect(source, timeout=30)  # read-write open: a read-only one cannot join a WAL database reliably
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)  # pages=-1: everything in one read transaction
        dst.execute("PRAGMA journal_mode=DELETE")  # a backup is a single self-contained file
    finally:
        dst.close()
        src.close()


def _unique_name(folder: Path, prefix: str, now: datetime) -> Path:
    base = f"{prefix}{now.strftime(STAMP)}"
    candidate, n = folder / f"{base}.db", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{base}-{n}.db"
    return candidate


def _check_room(source: Path, folder: Path, reserve_bytes: int) -> None:
    """A backup must not fill the disk it is written to (the kit itself may live on that disk)."""
    needed = sum(p.stat().st_size for p in (source, source.with_name(source.name + "-wal")) if p.exists())
    if shutil.disk_usage(folder).free - needed < reserve_bytes:
        raise BackupError(f"not enough free space in {folder} for a backup of {needed // 1_000_000 + 1} MB")


def backup_file(source: Path, folder: Path, *, prefix: str = MANUAL_PREFIX, now: datetime | None = None,
                progress: Progress | None = None, reserve_bytes: int = 0) -> Path:
    """Copy the database `source` into `folder`, check the copy, and return its final path."""
    if not Path(source).is_file():
        raise BackupError(f"there is no database at {source} yet (run `kit init`)")
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"cannot create {folder}: {error.strerror}") from None
    _check_room(Path(source), folder, reserve_bytes)
    final = _unique_name(folder, prefix, now or datetime.now(UTC))
    partial = final.with_name(final.name + ".partial")
    try:
        _step(progress, "copy")
        _copy(Path(source), partial)
        _step(progress, "check")
        problem = integrity_problem(partial)
        if problem:
            raise BackupError(f"the copy failed its integrity check: {problem}")
        os.replace(partial, final)
    except sqlite3.Error as error:
        raise BackupError(f"the backup failed: {error}") from None
    except OSError as error:
        raise BackupError(f"cannot write the backup in {folder}: {error.strerror or error}") from None
    finally:
        if partial.exists():
            partial.unlink()
    _step(progress, "done")
    return final


def _step(progress: Progress | None, name: str) -> None:
    if progress:
        progress(name)


def take_backup(app, folder: Path, *, prefix: str = MANUAL_PREFIX, now: datetime | None = None,
                progress: Progress | None = None, reserve_bytes: int = 0) -> Path:
    """Back up this kit's database into `folder` and remember it as the last backup."""
    now = now or datetime.now(UTC)
    path = backup_file(database_path(app), folder, prefix=prefix, now=now, progress=progress,
                       reserve_bytes=reserve_bytes)
    _remember(app, path, now)
    return path


def _remember(app, path: Path, when: datetime) -> None:
    record = Path(app.config["KIT_HOME"]) / RECORD
    tmp = record.with_suffix(".tmp")
    tmp.write_text(json.dumps({"path": str(path), "at": when.strftime(STAMP)}), encoding="utf-8")
    os.replace(tmp, record)


def last_backup(app) -> tuple[Path, datetime] | None:
    """The newest backup this kit took (manual or automatic), wherever it was written."""
    try:
        data = json.loads((Path(app.config["KIT_HOME"]) / RECORD).read_text(encoding="utf-8"))
        return Path(data["path"]), datetime.strptime(data["at"], STAMP).replace(tzinfo=UTC)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _stamp_of(path: Path, prefix: str) -> datetime | None:
    text = path.stem[len(prefix):].split("-")[0]
    try:
        return datetime.strptime(text, STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def automatic_backups(app) -> list[tuple[Path, datetime]]:
    """Automatic backups, oldest first."""
    folder = backups_dir(app)
    found = [(p, _stamp_of(p, AUTO_PREFIX)) for p in folder.glob(f"{AUTO_PREFIX}*.db")] if folder.is_dir() else []
    return sorted(((p, t) for p, t in found if t is not None), key=lambda item: item[1])


def run_due_backups(app, now: datetime | None = None) -> Path | None:
    """Take the daily backup if the newest automatic one is a day old (or missing), then drop old ones.

    "Daily at the first chance" rather than at a fixed hour: school machines are usually off at night.
    Returns the new backup's path, or None when none was due.
    """
    now = now or datetime.now(UTC)
    interval = timedelta(hours=setting(app.config, "KIT_BACKUP_INTERVAL_HOURS"))
    existing = automatic_backups(app)
    if not existing or now - existing[-1][1] >= interval or existing[-1][1] > now:
        return backup_now(app, now=now)
    _prune(app, now)
    return None


def backup_now(app, *, now: datetime | None = None, progress: Progress | None = None) -> Path:
    """One more automatic backup in the kit's backups folder, then drop the old ones. The admin
    page's "Back up now" uses it too, so pressing it often never fills the disk."""
    now = now or datetime.now(UTC)
    made = take_backup(app, backups_dir(app), prefix=AUTO_PREFIX, now=now, progress=progress,
                       reserve_bytes=reserve_bytes(app.config))
    _prune(app, now)
    return made


def _prune(app, now: datetime) -> None:
    """Drop automatic backups older than the keep period, but never the newest one."""
    keep = timedelta(days=setting(app.config, "KIT_BACKUP_KEEP_DAYS"))
    backups = automatic_backups(app)
    for path, taken in backups[:-1]:
        if now - taken > keep:
            path.unlink(missing_ok=True)


def start_scheduler(app, *, check_every_seconds: float = 3600) -> threading.Thread:
    """Start a daemon thread that calls run_due_backups now and then every hour; errors are logged, not fatal."""
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                run_due_backups(app)
            except (BackupError, OSError, sqlite3.Error) as error:
                app.logger.error("automatic backup failed: %s", error)
            stop.wait(check_every_seconds)

    thread = threading.Thread(target=loop, name="kit-backups", daemon=True)
    thread.stop = stop  # so a caller (or a test) can end it
    thread.start()
    return thread
