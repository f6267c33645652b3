"""KIT_HOME and what the kit writes in it are private to the kit's account (review L6); `kit doctor`
warns when the kit runs as root or its folder is open to others."""
import os
import stat
import sys

import pytest
from click.testing import CliRunner

from kit_server import create_app
from kit_server.manage.backup import take_backup
from kit_server.manage.cli import doctor
from kit_server.reports.signing import ensure_school_keys

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _others_can_read(folder) -> list[str]:
    return [str(p) for p in [folder, *folder.rglob("*")] if not p.is_symlink() and _mode(p) & 0o077]


def test_a_new_kit_keeps_its_folder_database_keys_backups_and_reports_private(tmp_path):
    from kit_server.db import upgrade
    from kit_server.extensions import db

    old = os.umask(0o022)  # the usual umask on a school PC
    try:
        home = tmp_path / "kit"
        app = create_app({"KIT_HOME": str(home), "TESTING": True})
        with app.app_context():
            upgrade(db.engine)
            db.engine.dispose()
        ensure_school_keys(home)
        take_backup(app, home / "backups")
    finally:
        os.umask(old)
    assert _mode(home) == 0o700
    for name in ("kit.db", "secret_key"):
        assert _mode(home / name) == 0o600, name
    assert list((home / "backups").iterdir()) and list((home / "keys").iterdir())
    assert not _others_can_read(home)


def test_files_an_older_kit_left_readable_are_tightened_at_start(tmp_path):
    home = tmp_path / "kit"
    for folder in ("backups", "keys", "reports/r1", "notebooks/7/work"):
        (home / folder).mkdir(parents=True)
    files = {"kit.db": b"", "kit.db-wal": b"", "backups/auto-2026.db": b"", "keys/school.key": b"k",
             "reports/r1/report.json": b"{}", "notebooks/7/work/a.ipynb": b"{}"}
    for name, body in files.items():
        (home / name).write_bytes(body)
        os.chmod(home / name, 0o644)
    for folder in (home, home / "backups", home / "keys", home / "reports", home / "notebooks"):
        os.chmod(folder, 0o755)
    create_app({"KIT_HOME": str(home), "TESTING": True})
    assert _mode(home) == 0o700
    for name in ("kit.db", "kit.db-wal", "backups/auto-2026.db", "keys/school.key", "reports/r1/report.json"):
        assert _mode(home / name) == 0o600, name
    assert _mode(home / "backups") == 0o700 and _mode(home / "reports/r1") == 0o700
    # A student's folder sits behind the closed KIT_HOME: left as it was, never walked at each start.
    assert _mode(home / "notebooks/7/work/a.ipynb") == 0o644


def test_a_link_in_kit_home_is_not_followed_when_tightening(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("x")
    os.chmod(outside, 0o644)
    home = tmp_path / "kit"
    home.mkdir()
    (home / "backups").mkdir()
    (home / "backups" / "link.db").symlink_to(outside)
    create_app({"KIT_HOME": str(home), "TESTING": True})
    assert _mode(outside) == 0o644


def _doctor(monkeypatch, app):
    monkeypatch.setenv("KIT_HOME", app.config["KIT_HOME"])
    monkeypatch.setenv("KIT_MIN_FREE_MB", "0")
    monkeypatch.setenv("KIT_MIN_FREE_MEMORY_MB", "0")
    return CliRunner().invoke(doctor, [])


def test_doctor_warns_when_the_kit_runs_as_root(app, monkeypatch):
    monkeypatch.setattr("kit_server.home_files.running_as_root", lambda: True)
    result = _doctor(monkeypatch, app)
    assert result.exit_code == 1
    assert "security: The kit runs as root. Run it as its own user" in result.output


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only as root")
def test_doctor_really_notices_root(app, monkeypatch):
    assert "runs as root" in _doctor(monkeypatch, app).output


def test_doctor_warns_when_kit_home_is_open_to_other_accounts(app, monkeypatch):
    """The kit tightens its folder at start; the doctor speaks when it could not (a folder owned by
    another account, stood in for here by a tightening that changes nothing)."""
    monkeypatch.setattr("kit_server.home_files.running_as_root", lambda: False)
    monkeypatch.setattr("kit_server.home_files._tighten", lambda path, mode: None)
    home = app.config["KIT_HOME"]
    os.chmod(home, 0o755)
    result = _doctor(monkeypatch, app)
    assert result.exit_code == 1 and f"Other accounts on this computer can open {home}" in result.output
