"""The admin backs the database up from the health page and watches it happen."""
from __future__ import annotations

from pathlib import Path

from kit_server.manage.backup import backups_dir, integrity_problem

from ..conftest import finish_job, post_form

EN = {"Accept-Language": "en"}


def test_an_admin_backs_up_from_the_health_page(app, client, login_as):
    login_as("admin")
    page = client.get("/admin/health", headers=EN).get_data(as_text=True)
    assert "Back up now" in page and "No backup yet." in page
    done = finish_job(client, post_form(client, "/admin/backups", {}, token_from="/admin/health"), headers=EN)
    [copy] = backups_dir(app).glob("auto-*.db")  # kept, and in time dropped, like the daily backups
    assert "The backup is saved and checked." in done and str(copy) in done
    assert integrity_problem(copy) is None
    health = client.get("/admin/health", headers=EN).get_data(as_text=True)
    assert "Last backup:" in health and "No backup yet." not in health


def test_a_backup_that_would_fill_the_disk_is_refused_and_leaves_nothing(app, client, login_as):
    app.config["KIT_MIN_FREE_MB"] = 10 ** 9  # no disk has this much to spare
    login_as("admin")
    done = finish_job(client, post_form(client, "/admin/backups", {}, token_from="/admin/health"), headers=EN)
    assert "It did not work. Nothing was changed." in done and "not enough free space" in done
    assert not list(Path(backups_dir(app)).glob("*.db*"))


def test_backing_up_often_never_fills_the_disk_old_backups_go_as_the_daily_ones_do(app, client, login_as):
    old = backups_dir(app) / "auto-20200101T000000Z.db"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"a backup from long ago")
    login_as("admin")
    for _ in range(2):
        finish_job(client, post_form(client, "/admin/backups", {}, token_from="/admin/health"))
    assert not old.exists()
    assert len(list(backups_dir(app).glob("auto-*.db"))) == 2
