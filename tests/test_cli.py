"""The `kit` command as the school's IT person uses it."""
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kit_server.cli import main


def kit(*args, home, input_text=None, env=None):
    """Run `kit` in a real process, as a person would type it."""
    full_env = {**os.environ, "KIT_HOME": str(home), **(env or {})}
    return subprocess.run([sys.executable, "-m", "kit_server", *args], capture_output=True, text=True,
                          env=full_env, input=input_text, timeout=120)


def test_init_creates_database_school_and_admin(tmp_path):
    result = kit("init", "--school-name", "مدرسة النور", "--admin-username", "boss",
                 "--admin-password", "long-enough-1", home=tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "kit.db") as db:
        assert db.execute("select name from school").fetchone() == ("مدرسة النور",)
        role, password_hash = db.execute("select role, password_hash from staff_user where username='boss'").fetchone()
    assert role == "admin" and "long-enough-1" not in password_hash
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by the owner only
    again = kit("init", "--school-name", "x", home=tmp_path)  # safe to run twice
    assert again.returncode == 0, again.stderr


def test_init_without_a_terminal_asks_for_the_missing_option(tmp_path):
    result = kit("init", "--school-name", "s", "--admin-username", "boss", home=tmp_path, input_text="")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "admin password" in result.stderr


def test_init_refuses_a_short_password_in_one_line(tmp_path):
    result = kit("init", "--school-name", "s", "--admin-username", "boss", "--admin-password", "short",
                 home=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "kit: passwords need at least 8 characters"


@pytest.mark.parametrize("args", [["--bogus"], ["serve", "--port", "abc"], ["serve", "--port", "70000"],
                                  ["users", "add"], ["no-such-command"]])
def test_bad_arguments_give_one_line_and_exit_2(args, tmp_path):
    result = kit(*args, home=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kit: error:") and "Traceback" not in result.stderr


def test_serve_refuses_before_init(tmp_path):
    result = kit("serve", "--port", "8123", home=tmp_path)
    assert result.returncode == 1 and "kit init" in result.stderr


@pytest.mark.parametrize("command", [[], ["init"], ["serve"], ["demo"], ["users"], ["users", "add"], ["translate"]])
def test_every_command_has_help(command, capsys):
    assert main([*command, "--help"]) == 0
    assert "Usage:" in capsys.readouterr().out


def test_demo_prints_sign_ins_that_work(tmp_path):
    result = kit("demo", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "teacher / demo-teacher-2026" in result.stdout and "246810" in result.stdout
    pins = [line for line in result.stdout.splitlines() if "PIN" in line]
    assert len(pins) == 22  # 22 PINs + 3 picture passwords = 25 students
    with sqlite3.connect(tmp_path / "kit.db") as db:
        assert db.execute("select count(*) from student").fetchone() == (25,)
    rerun = kit("demo", home=tmp_path)  # running it again prints the same sign-ins, adds nobody
    assert rerun.stdout == result.stdout
    with sqlite3.connect(tmp_path / "kit.db") as db:
        assert db.execute("select count(*) from student").fetchone() == (25,)


def test_users_add_and_reset_password(tmp_path):
    kit("demo", home=tmp_path)
    added = kit("users", "add", "--username", "hoda", "--name", "هدى", "--password", "first-pass-1", home=tmp_path)
    assert added.returncode == 0, added.stderr
    taken = kit("users", "add", "--username", "hoda", "--name", "x", "--password", "first-pass-1", home=tmp_path)
    assert taken.returncode == 1 and "already taken" in taken.stderr
    reset = kit("users", "reset-password", "hoda", "--password", "second-pass-2", home=tmp_path)
    assert reset.returncode == 0
    missing = kit("users", "reset-password", "nobody", "--password", "second-pass-2", home=tmp_path)
    assert missing.returncode == 1 and "nobody" in missing.stderr
    listed = kit("users", "list", home=tmp_path)
    assert "hoda" in listed.stdout and "teacher" in listed.stdout


def test_home_option_keeps_kits_apart(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    kit("--home", str(first), "demo", home=tmp_path / "unused")
    assert (first / "kit.db").exists() and not (second / "kit.db").exists()


BROKEN = Path(__file__).resolve().parent / "content" / "fixtures" / "broken"
GOOD = Path(__file__).resolve().parent / "content" / "fixtures" / "good"


def _mixed_lessons(tmp_path) -> Path:
    """One good module and one broken one, side by side."""
    lessons = tmp_path / "lessons"
    shutil.copytree(GOOD, lessons)
    for module in BROKEN.iterdir():
        if module.is_dir():
            shutil.copytree(module, lessons / module.name)
    return lessons


def test_serve_refuses_broken_lessons_and_lists_every_problem(tmp_path):
    home = tmp_path / "home"
    kit("demo", home=home)
    env = {"KIT_LESSONS_DIR": str(BROKEN), "KIT_NOTEBOOKS_DIR": str(GOOD.parent / "notebooks")}
    result = kit("serve", "--port", "8124", home=home, env=env)
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if re.match(r"^\S+:\d+: \S+: ", line)]
    assert len(problems) >= 5  # file:line: key: message, one per problem
    assert "--skip-broken" in result.stderr.splitlines()[-1]


def test_serve_with_skip_broken_serves_the_good_lessons(tmp_path):
    home = tmp_path / "home"
    kit("demo", home=home)
    env = {**os.environ, "KIT_HOME": str(home), "KIT_LESSONS_DIR": str(_mixed_lessons(tmp_path)),
           "KIT_NOTEBOOKS_DIR": str(GOOD.parent / "notebooks")}
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "kit_server", "serve", "--skip-broken", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/join", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the kit did not start")
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "is off until fixed" in output and "The kit has stopped." in output


def test_backup_and_doctor_work_with_broken_lessons(tmp_path):
    """A backup is what an admin needs before fixing content: broken lessons never stop it."""
    home = tmp_path / "home"
    kit("demo", home=home)
    env = {"KIT_LESSONS_DIR": str(BROKEN), "KIT_NOTEBOOKS_DIR": str(GOOD.parent / "notebooks")}
    result = kit("backup", str(tmp_path / "usb"), home=home, env=env)
    assert result.returncode == 0, result.stderr
    copy = Path(result.stdout.strip().splitlines()[-1])
    with sqlite3.connect(copy) as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        assert db.execute("select count(*) from staff_user").fetchone()[0] >= 2
    doctor = kit("doctor", home=home, env=env)
    assert "Traceback" not in doctor.stderr and doctor.returncode in (0, 1)


def test_admin_sees_which_lessons_are_off(tmp_path, monkeypatch):
    from kit_server import create_app
    from kit_server.db import upgrade
    from kit_server.extensions import db

    from .conftest import sign_in_staff

    monkeypatch.setenv("KIT_LESSONS_DIR", str(_mixed_lessons(tmp_path)))
    monkeypatch.setenv("KIT_NOTEBOOKS_DIR", str(GOOD.parent / "notebooks"))
    app = create_app({"KIT_HOME": str(tmp_path / "home"), "SKIP_BROKEN_LESSONS": True})
    with app.app_context():
        upgrade(db.engine)
        from kit_server.auth.service import create_staff

        create_staff("admin", "boss", "Boss", "long-enough-1")
        db.session.commit()
    client = app.test_client()
    sign_in_staff(client, "boss", "long-enough-1")
    html = client.get("/admin/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "دروس أُوقفت" in html and app.extensions["kit_catalog"].broken
    for lesson in app.extensions["kit_catalog"].broken:
        assert lesson in html
    with app.app_context():
        db.engine.dispose()


def test_a_newer_kit_backs_up_then_upgrades_an_older_database(tmp_path):
    from alembic import command

    from kit_server import create_app
    from kit_server.db import _alembic_config, schema_state
    from kit_server.extensions import db

    app = create_app({"KIT_HOME": str(tmp_path)})
    with app.app_context():
        command.upgrade(_alembic_config(db.engine), "0003")  # as an older kit left it
        assert schema_state(db.engine) == "behind"
        db.engine.dispose()
    result = kit("users", "list", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Saved a backup before upgrading" in result.stdout
    assert list((tmp_path / "backups").glob("before-upgrade-*.db"))
    with app.app_context():
        assert schema_state(db.engine) == "current"
        db.engine.dispose()


def test_a_database_from_a_newer_kit_is_refused(tmp_path):
    kit("demo", home=tmp_path)
    with sqlite3.connect(tmp_path / "kit.db") as db:
        db.execute("INSERT INTO alembic_version (version_num) VALUES ('9999_from_the_future')")
    result = kit("users", "list", home=tmp_path)
    assert result.returncode == 1 and "newer kit" in result.stderr


@pytest.mark.parametrize("variable, value", [("KIT_MIN_FREE_MB", "5OO"), ("KIT_HTTPS", "ture"),
                                             ("KIT_TIMEZONE", "Beirut"), ("KIT_NOTEBOOK_PORTS", "89-x")])
def test_a_bad_setting_stops_the_kit_with_one_line_naming_it(variable, value, tmp_path):
    """A typo in a setting must not quietly mean the default (5OO is not 500)."""
    result = kit("doctor", home=tmp_path, env={variable: value})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and variable in result.stderr
