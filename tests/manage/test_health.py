"""Health checks, the admin health page and its browser-clock check."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from kit_server.manage import health
from kit_server.manage.backup import take_backup

from ..conftest import csrf_token
from .conftest import db_file


def _by_name(checks):
    return {check.name: check for check in checks}


def test_a_fresh_kit_warns_only_that_there_is_no_backup(kit_env):
    checks = _by_name(health.run_checks(kit_env))
    assert [c.name for c in health.problems(checks.values())] == ["backup"]
    assert checks["database"].code == "db_ok"


def test_a_damaged_database_is_a_failure(kit_env):
    path = db_file(kit_env)  # the test kit's own file, damaged after its first page
    data = bytearray(path.read_bytes())
    data[4096:4096 * 3] = b"\xee" * (4096 * 2)
    path.write_bytes(bytes(data))
    (path.parent / "kit.db-wal").unlink(missing_ok=True)
    check = health.check_database(kit_env)
    assert check.status == health.FAIL
    assert "damaged" in health.describe(check) or "cannot be read" in health.describe(check)


def test_low_disk_is_flagged_with_the_setting(kit_env):
    kit_env.config["KIT_MIN_FREE_MB"] = 10**12
    check = health.check_disk(kit_env)
    assert check.status == health.WARN
    assert "keep at least 1000000000000 MB" in health.describe(check)


def test_a_clock_reset_by_a_power_cut_is_flagged(kit_env, tmp_path):
    take_backup(kit_env, tmp_path / "usb", now=datetime(2026, 11, 20, tzinfo=UTC))
    assert health.check_clock(kit_env, now=datetime(2026, 11, 21, tzinfo=UTC)).status == health.OK
    assert health.check_clock(kit_env, now=datetime(2026, 11, 1, tzinfo=UTC)).code == "clock_reset"
    assert health.check_clock(kit_env, now=datetime(2000, 1, 1, tzinfo=UTC)).code == "clock_reset"


def test_a_browser_clock_more_than_five_minutes_away_is_flagged(kit_env):
    now = datetime.now(UTC)
    near = health.check_clock(kit_env, now=now, browser_time=now - timedelta(minutes=4))
    far = health.check_clock(kit_env, now=now, browser_time=now + timedelta(minutes=20))
    assert near.status == health.OK
    assert far.code == "clock_browser" and far.params["minutes"] == 20


def test_the_lead_can_plug_in_notebook_servers_and_report_exports(kit_env, monkeypatch):
    monkeypatch.setitem(health.PROVIDERS, "notebook_servers", lambda app: 3)
    checks = _by_name(health.run_checks(kit_env))
    assert health.describe(checks["notebooks"]) == "Live notebook servers: 3"
    assert health.describe(checks["report"]) == "Not available yet."


def test_the_health_page_shows_every_check_and_the_versions(client, login_as, kit_env):
    login_as("admin")
    html = client.get("/admin/health", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for label in ("Database", "Free disk", "Memory", "Clock", "Last backup", "No backup yet",
                  "scikit-learn", "SQLite", "browser_ms", "/admin/health/clock"):
        assert label in html


def test_the_clock_endpoint_compares_with_the_browser(client, login_as, kit_env):
    login_as("admin")
    token = csrf_token(client, "/admin/health")

    def post(value):
        return client.post("/admin/health/clock", data={"csrf_token": token, "browser_ms": value},
                           headers={"Accept-Language": "en"})

    now_ms = int(time.time() * 1000)
    assert post(now_ms).get_json()["ok"] is True
    off = post(now_ms - 3_600_000).get_json()
    assert off["ok"] is False and "this browser's: 60." in off["message"]
    assert post("soon").status_code == 400


def test_an_old_backup_is_flagged(kit_env, tmp_path):
    now = datetime.now(UTC)
    take_backup(kit_env, tmp_path / "usb", now=now - timedelta(days=5))
    check = health.check_backup(kit_env, now=now)
    assert check.status == health.WARN
    assert health.describe(check) == "Days since the last backup: 5. Take a new one."


def test_the_health_page_names_when_the_last_report_was_built(kit_env):
    from kit_server.extensions import db
    from kit_server.reports.models import ReportLog

    assert _by_name(health.run_checks(kit_env))["report"].code == "unknown"
    built = datetime(2026, 11, 30, 14, 5)
    with kit_env.app_context():
        db.session.add(ReportLog(report_id="r1", kind="month", period_start=built.date(), period_end=built.date(),
                                 revision=1, manifest_sha256="0" * 64, path="x", report_json="{}", created_at=built))
        db.session.commit()
    check = _by_name(health.run_checks(kit_env))["report"]
    assert check.code == "report" and "2026-11-30" in health.describe(check)
