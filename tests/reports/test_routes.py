"""The admin pages and the programme's API, used as people would use them."""
import io
import re
import zipfile
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from kit_server.extensions import db

from ..conftest import finish_job, post_form

NOV = datetime(2026, 11, 10, 9, 0)
TOKEN_RE = re.compile(r"kit_[0-9a-f]{8}_[A-Za-z0-9_-]+")


@pytest.fixture
def admin(login_as):
    return login_as("admin")


def _new_token(admin, label="programme", days="365"):
    page = post_form(admin, "/admin/reports/tokens", {"label": label, "days": days}, token_from="/admin/reports/tokens")
    assert page.status_code == 200
    return TOKEN_RE.search(page.get_data(as_text=True)).group(0)


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def built(app, admin):
    response = post_form(admin, "/admin/reports/build", {"period": "2026-11"}, token_from="/admin/reports")
    assert "افتحوا التقرير" in finish_job(admin, response)  # "Open the report", on the admin's Arabic page
    from kit_server.reports.models import ReportLog

    with app.app_context():
        return db.session.scalar(sa.select(ReportLog.report_id))


def test_admin_builds_a_report_and_sees_its_summary_and_key_fingerprint(app, admin, built):
    page = admin.get("/admin/reports").get_data(as_text=True)
    from kit_server.reports.signing import school_fingerprint

    assert school_fingerprint(app.config["KIT_HOME"]) in page
    summary = admin.get(f"/admin/reports/{built}/summary")
    assert summary.status_code == 200 and "تقرير الاستخدام" in summary.get_data(as_text=True)
    download = admin.get(f"/admin/reports/{built}/bundle")
    assert zipfile.ZipFile(io.BytesIO(download.data)).namelist()[0].startswith(built)
    assert admin.get("/admin/reports/key.pem").data.startswith(b"-----BEGIN PUBLIC KEY")


def test_admin_builds_a_school_year_and_a_term(app, admin):
    from kit_server.reports.models import ReportLog

    for data in ({"period": "2026-2027"}, {"period_start": "2026-09-15", "period_end": "2026-12-20"}):
        finish_job(admin, post_form(admin, "/admin/reports/build", data, token_from="/admin/reports"))
    with app.app_context():
        kinds = db.session.execute(sa.select(ReportLog.kind, ReportLog.period_start, ReportLog.period_end)
                                   .order_by(ReportLog.id)).all()
    assert [(k, s.isoformat(), e.isoformat()) for k, s, e in kinds] == [
        ("year", "2026-09-01", "2027-08-31"), ("term", "2026-09-15", "2026-12-20")]


def test_a_bad_period_is_refused_with_a_message(admin):
    response = post_form(admin, "/admin/reports/build", {"period": "November"}, token_from="/admin/reports",
                         follow_redirects=True)
    assert "اختاروا شهرًا" in response.get_data(as_text=True)  # the admin's page is in Arabic


def test_a_token_is_shown_once_and_stored_only_as_a_hash(app, admin):
    token = _new_token(admin)
    assert token not in admin.get("/admin/reports/tokens").get_data(as_text=True)
    from kit_server.reports.models import ApiToken

    with app.app_context():
        row = db.session.scalar(sa.select(ApiToken))
        assert token not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
        assert row.scope == "reports" and row.expires_at > datetime.now() + timedelta(days=364)


def test_the_programme_lists_and_downloads_reports_with_a_token(app, admin, built):
    token = _new_token(admin)
    api = app.test_client()  # no cookies: a different machine
    listed = api.get("/api/v1/reports?from=2020-01-01", headers=_bearer(token))
    assert listed.status_code == 200
    [entry] = listed.get_json()["reports"]
    assert entry["report_id"] == built and entry["period_start"] == "2026-11-01"
    assert api.get("/api/v1/reports?from=2999-01-01", headers=_bearer(token)).get_json()["reports"] == []
    bundle = api.get(entry["bundle"], headers=_bearer(token))
    assert bundle.status_code == 200 and bundle.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(bundle.data)).namelist()
    assert sorted(n.split("/")[1] for n in names) == ["manifest.json", "manifest.sig", "report.csv",
                                                      "report.json", "summary.html"]
    from kit_server.reports.models import ApiToken

    with app.app_context():
        assert db.session.scalar(sa.select(ApiToken.last_used_at)) is not None
    assert api.get("/api/v1/reports/nope/bundle", headers=_bearer(token)).status_code == 404


def test_wrong_expired_and_revoked_tokens_get_401(app, admin, built):
    token = _new_token(admin)
    api = app.test_client()
    assert api.get("/api/v1/reports").status_code == 401
    assert api.get("/api/v1/reports", headers=_bearer(token[:-2] + "xx")).status_code == 401
    assert api.get("/api/v1/reports", headers=_bearer("kit_00000000_nothing")).status_code == 401
    from kit_server.reports.models import ApiToken

    with app.app_context():
        row = db.session.scalar(sa.select(ApiToken))
        row.expires_at = datetime(2000, 1, 1)
        token_id = row.id
        db.session.commit()
    assert api.get("/api/v1/reports", headers=_bearer(token)).status_code == 401
    second = _new_token(admin, "second")
    assert api.get("/api/v1/reports", headers=_bearer(second)).status_code == 200
    with app.app_context():
        second_id = db.session.scalar(sa.select(ApiToken.id).where(ApiToken.id != token_id))
    response = post_form(admin, f"/admin/reports/tokens/{second_id}/revoke", {}, token_from="/admin/reports/tokens")
    assert response.status_code == 302
    assert api.get("/api/v1/reports", headers=_bearer(second)).status_code == 401


def test_a_report_token_opens_nothing_else(app, admin, built):
    token = _new_token(admin)
    api = app.test_client()
    for path in ("/admin/reports", "/admin/", "/teacher/classes", "/api/demos/rules_vs_learning/schema", "/me"):
        assert api.get(path, headers=_bearer(token)).status_code == 403, path
    assert api.post("/api/events", json={}, headers=_bearer(token)).status_code == 403


def test_the_api_is_rate_limited(app, admin, built):
    app.config["REPORTS_API_PER_MINUTE"] = 5
    token = _new_token(admin)
    api = app.test_client()
    codes = [api.get("/api/v1/reports", headers=_bearer(token)).status_code for _ in range(7)]
    assert codes == [200] * 5 + [429] * 2


def test_guessing_tokens_is_slowed_down(app):
    app.config["REPORTS_API_FAILURES"] = 3
    api = app.test_client()
    codes = [api.get("/api/v1/reports", headers=_bearer(f"kit_0000000{k}_x")).status_code for k in range(5)]
    assert codes == [401, 401, 401, 429, 429]


def test_teachers_cannot_open_report_pages(login_as):
    teacher = login_as("teacher")
    for path in ("/admin/reports", "/admin/reports/tokens", "/admin/reports/consent"):
        assert teacher.get(path).status_code == 403


def test_the_notice_is_public_and_names_the_retention_period(client, app):
    page = client.get("/privacy")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'lang="ar"' in text and "730" in text


def test_consent_per_class_makes_its_students_counted(app, admin, school):
    page = admin.get("/admin/reports/consent").get_data(as_text=True)
    assert "0 / 1" in page
    response = post_form(admin, "/admin/reports/consent",
                         {"class_id": school["class"].id, "basis": "school", "scope": "reports", "status": "given",
                          "given_on": "2026-09-01"}, token_from="/admin/reports/consent")
    assert response.status_code == 302
    assert "1 / 1" in admin.get("/admin/reports/consent").get_data(as_text=True)
    bad = post_form(admin, "/admin/reports/consent", {"basis": "school", "scope": "reports", "status": "given",
                                                      "given_on": "2026-09-01"}, token_from="/admin/reports/consent")
    assert bad.status_code == 400


def test_admin_exports_then_deletes_a_student_and_nothing_references_them(app, admin, school, seed):
    sid = school["student"].id
    seed.events(sid, "m1-l1-rules-vs-learning", NOV, minutes=(0, 2))
    seed.completed(sid, "m1-l1-rules-vs-learning", NOV, reflection="my own words")
    seed.test(sid, "m1-meet-ai", "pre", 40, NOV)
    seed.session(school["class"].id, school["teacher"].id, NOV, 40, students=[sid])
    seed.consent_class(school["class"].id)
    from kit_server.reports.consent import record

    with app.app_context():
        record(basis="parent", scope="reports", status="given", given_on=NOV.date(), student_id=sid)
        from kit_server.auth.ratelimit import record_failure

        record_failure([f"student:{sid}"])
    exported = admin.get(f"/admin/students/{sid}/data.json").get_json()
    assert exported["student"]["display_name"] == school["student"].display_name
    assert len(exported["progress_event"]) == 2 and exported["lesson_progress"][0]["reflections"]
    assert "secret_hash" not in str(exported)
    assert admin.get(f"/admin/students/{sid}/data").status_code == 200
    refused = post_form(admin, f"/admin/students/{sid}/delete", {}, token_from=f"/admin/students/{sid}/data")
    assert refused.status_code == 303
    done = post_form(admin, f"/admin/students/{sid}/delete", {"confirm": "yes"}, token_from=f"/admin/students/{sid}/data")
    assert done.status_code == 302
    with app.app_context():
        assert not _references(sid)
    assert admin.get(f"/admin/students/{sid}/data").status_code == 404


def _references(student_id) -> list[str]:
    """Every row anywhere that still points at the student (by foreign key or sign-in key)."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "student" for fk in column.foreign_keys) or \
                    (table.name == "student" and column.name == "id"):
                if db.session.scalar(sa.select(sa.func.count()).select_from(table).where(column == student_id)):
                    found.append(f"{table.name}.{column.name}")
    if db.session.scalar(sa.text("select count(*) from sign_in_attempt where key = :k"), {"k": f"student:{student_id}"}):
        found.append("sign_in_attempt.key")
    return found


def test_purge_removes_old_student_records_and_keeps_reports(app, seed, admin, built):
    from kit_server.reports.data import purge_expired
    from kit_server.reports.models import ReportLog

    _t, cls = seed.teacher_class()
    sid = seed.student(cls)
    seed.events(sid, "m1-l1-rules-vs-learning", datetime(2020, 1, 1), minutes=(0,))
    seed.events(sid, "m1-l1-rules-vs-learning", datetime.now() - timedelta(days=3), minutes=(0,))
    counts = purge_expired(app)
    assert counts["progress_event"] == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportLog)) == 1
        from kit_server.progress.models import ProgressEvent
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgressEvent)) == 1
