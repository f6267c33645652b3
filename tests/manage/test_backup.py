"""Backups on a real SQLite file: consistent under writes, checked, named by time, pruned."""
from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from kit_server.manage.backup import (BackupError, automatic_backups, database_path, integrity_problem,
                                      last_backup, run_due_backups, start_scheduler, take_backup)

from .conftest import db_file, rows

T0 = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)


def test_a_backup_is_a_whole_checked_copy_named_by_utc_time(app, tmp_path):
    path = take_backup(app, tmp_path / "usb", now=T0)

    assert path == tmp_path / "usb" / "kit-20261102T083000Z.db"
    assert integrity_problem(path) is None
    assert rows(path, "SELECT name FROM school") == [("مدرسة الاختبار",)]
    assert rows(path, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file, no -wal beside it
    assert last_backup(app) == (path, T0)
    assert take_backup(app, tmp_path / "usb", now=T0).name == "kit-20261102T083000Z-2.db"


def test_a_backup_taken_while_another_thread_writes_has_every_committed_row(app, tmp_path):
    live = db_file(app)
    setup = sqlite3.connect(live)
    setup.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    setup.commit()
    setup.close()
    committed, stop, started = [0], threading.Event(), threading.Event()

    def writer():
        connection = sqlite3.connect(live, timeout=30)
        while not stop.is_set():
            connection.execute("INSERT INTO note (body) VALUES (?)", ("x" * 200,))
            connection.commit()
            committed[0] += 1
            if committed[0] == 200:
                started.set()
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert started.wait(30)
        before = committed[0]
        path = take_backup(app, tmp_path / "usb")
    finally:
        stop.set()
        thread.join()
    ids = [row[0] for row in rows(path, "SELECT id FROM note ORDER BY id")]
    assert integrity_problem(path) is None
    assert len(ids) >= before  # everything committed before the backup began is in it
    assert ids == list(range(1, len(ids) + 1))  # and nothing half-written: no gaps


def test_a_damaged_file_fails_the_integrity_check(tmp_path):
    path = tmp_path / "damaged.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.executemany("INSERT INTO t VALUES (?)", [("row %d" % i * 20,) for i in range(2000)])
    connection.commit()
    connection.close()
    data = bytearray(path.read_bytes())
    data[4096 * 3: 4096 * 3 + 2000] = b"\xff" * 2000
    path.write_bytes(bytes(data))
    assert integrity_problem(path) is not None
    assert "does not exist" in integrity_problem(tmp_path / "missing.db")


def test_postgresql_is_refused_plainly_with_the_right_tool_named():
    app = SimpleNamespace(config={"SQLALCHEMY_DATABASE_URI": "postgresql://kit@localhost/kit"})
    with pytest.raises(BackupError, match="pg_dump"):
        database_path(app)


def test_an_unwritable_destination_is_a_one_line_error(app, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    with pytest.raises(BackupError, match="cannot create"):
        take_backup(app, blocker / "backups")


def test_the_daily_backup_is_taken_once_a_day_and_old_ones_go(app):
    app.config["KIT_BACKUP_KEEP_DAYS"] = 14
    first = run_due_backups(app, now=T0)
    assert first is not None and first.name == "auto-20261102T083000Z.db"
    assert run_due_backups(app, now=T0 + timedelta(hours=5)) is None  # not due yet
    assert run_due_backups(app, now=T0 + timedelta(days=1)) is not None
    run_due_backups(app, now=T0 + timedelta(days=16))
    kept = [taken for _path, taken in automatic_backups(app)]
    assert kept == [T0 + timedelta(days=16)]  # the two older ones were more than 14 days old


def test_pruning_never_removes_the_only_backup(app):
    run_due_backups(app, now=T0)
    app.config["KIT_BACKUP_INTERVAL_HOURS"] = 10_000
    run_due_backups(app, now=T0 + timedelta(days=60))
    assert [taken for _path, taken in automatic_backups(app)] == [T0]


def test_the_scheduler_takes_a_backup_in_the_background(app):
    thread = start_scheduler(app, check_every_seconds=0.05)
    try:
        for _ in range(200):
            if automatic_backups(app):
                break
            threading.Event().wait(0.05)
    finally:
        thread.stop.set()
        thread.join(5)
    assert len(automatic_backups(app)) == 1
    assert not thread.is_alive()


def test_the_daily_backup_never_fills_the_kit_disk(app):
    app.config["KIT_MIN_FREE_MB"] = 10**12
    with pytest.raises(BackupError, match="not enough free space"):
        run_due_backups(app, now=T0)
    assert automatic_backups(app) == [] and last_backup(app) is None
