"""`kit backup`, `kit restore` and `kit doctor` on the test kit's real database."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from kit_server.manage.cli import backup, doctor, restore

from ..conftest import make_staff
from .conftest import db_file, rows


def _run(command, *args, input=None):
    return CliRunner().invoke(command, [str(a) for a in args], input=input)


def _usernames(path):
    return [row[0] for row in rows(path, "SELECT username FROM staff_user ORDER BY username")]


def test_backup_prints_the_path_of_a_checked_copy(kit_env, tmp_path):
    result = _run(backup, tmp_path / "usb")
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip().splitlines()[-1])
    assert path.parent == tmp_path / "usb" and path.name.startswith("kit-") and path.is_file()


def test_restore_puts_the_backup_back_and_keeps_a_safety_copy(kit_env, tmp_path):
    make_staff("teacher", "before")
    saved = Path(_run(backup, tmp_path / "usb").output.strip().splitlines()[-1])
    make_staff("teacher", "after")

    result = _run(restore, saved, "--yes")
    assert result.exit_code == 0, result.output
    assert _usernames(db_file(kit_env)) == ["before"]
    [safety] = (Path(kit_env.config["KIT_HOME"]) / "backups").glob("before-restore-*.db")
    assert _usernames(safety) == ["after", "before"]
    assert f"saved as {safety}" in result.output


def test_restore_asks_first_and_no_changes_nothing(kit_env, tmp_path):
    saved = Path(_run(backup, tmp_path / "usb").output.strip().splitlines()[-1])
    make_staff("teacher", "after")
    result = _run(restore, saved, input="n\n")
    assert result.exit_code == 1
    assert "nothing was changed" in result.output
    assert _usernames(db_file(kit_env)) == ["after"]


def test_restore_refuses_a_damaged_file_before_asking(kit_env, tmp_path):
    make_staff("teacher", "kept")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    result = _run(restore, bad, "--yes")
    assert result.exit_code == 1 and "will not restore" in result.output
    assert "Restore " not in result.output  # never asked
    assert _usernames(db_file(kit_env)) == ["kept"]


def test_restore_refuses_a_database_that_is_not_a_kit(kit_env, tmp_path):
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE photos (name TEXT)")
    connection.commit()
    connection.close()
    result = _run(restore, other, "--yes")
    assert result.exit_code == 1 and "not a kit database" in result.output


def test_doctor_is_quiet_and_exits_0_on_a_healthy_kit(kit_env, tmp_path):
    _run(backup, tmp_path / "usb")
    result = _run(doctor)
    assert (result.exit_code, result.output.strip()) == (0, "The kit is healthy.")


def test_doctor_prints_one_line_per_problem_and_exits_1(kit_env, monkeypatch):
    monkeypatch.setenv("KIT_MIN_FREE_MB", str(10**12))
    result = _run(doctor)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("disk: Only ") and "keep at least" in lines[0]
    assert lines[1] == "backup: No backup yet. Take one on a USB stick."
    assert len(lines) == 2
