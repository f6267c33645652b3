"""Background jobs as the admin sees them: the request returns at once, the page shows the progress,
the end (done, refused or cut short by a power cut) is said plainly, and other users are not held up."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from kit_server.extensions import db
from kit_server.jobs import service
from kit_server.jobs.models import Job
from kit_server.timeutil import utcnow

EN = {"Accept-Language": "en"}


@pytest.fixture
def admin(client, login_as):
    login_as("admin")
    return client


def _start(app, kind, work):
    with app.test_request_context():
        job, started = service.start(kind, work, started_by=None)
        return job.id, started


def _progress(client, job_id):
    return client.get(f"/admin/jobs/{job_id}/progress", headers=EN).get_json()


def _wait_until_ended(client, job_id):
    for _ in range(600):
        body = _progress(client, job_id)
        if body["state"] != "running":
            return body
        threading.Event().wait(0.05)
    raise AssertionError("the job did not end")


def test_the_page_shows_a_running_jobs_progress_while_other_pages_still_answer(app, admin):
    reached, release = threading.Event(), threading.Event()

    def work(report):
        report("count", 2, 4)
        reached.set()
        release.wait(30)  # the job is held here while the test looks at the pages
        return "2026-11-report"

    job_id, started = _start(app, "report", work)
    assert started and reached.wait(10)
    body = _progress(admin, job_id)
    assert body == {"state": "running", "percent": 50, "text": "Counting module 2 of 4…"}
    page = admin.get(f"/admin/jobs/{job_id}", headers=EN).get_data(as_text=True)
    assert "Building a usage report" in page and 'value="50"' in page and "Counting module 2 of 4" in page
    assert admin.get("/admin/reports", headers=EN).status_code == 200  # the kit goes on answering
    release.set()
    assert _wait_until_ended(admin, job_id)["state"] == "done"
    done = admin.get(f"/admin/jobs/{job_id}", headers=EN).get_data(as_text=True)
    assert "The report is ready." in done and "/admin/reports/2026-11-report/summary" in done


def test_a_second_job_of_the_same_kind_joins_the_running_one(app, admin):
    release = threading.Event()
    first, _ = _start(app, "backup", lambda report: release.wait(30) and "x")
    second, started = _start(app, "backup", lambda report: "never run")
    release.set()
    assert (second, started) == (first, False)
    _wait_until_ended(admin, first)


def test_a_refusal_is_shown_with_its_reason(app, admin):
    def work(report):
        raise service.JobFailed("the pack is not signed")

    job_id, _ = _start(app, "pack_install", work)
    assert _wait_until_ended(admin, job_id)["state"] == "failed"
    page = admin.get(f"/admin/jobs/{job_id}", headers=EN).get_data(as_text=True)
    assert "It did not work. Nothing was changed." in page and "the pack is not signed" in page
    assert "Back to the content packs" in page


def test_an_unexpected_error_ends_the_job_and_is_logged(app, admin, caplog):
    def work(report):
        raise RuntimeError("disk on fire")

    job_id, _ = _start(app, "backup", work)
    assert _wait_until_ended(admin, job_id)["state"] == "failed"
    assert "disk on fire" in admin.get(f"/admin/jobs/{job_id}", headers=EN).get_data(as_text=True)
    assert any("background job" in r.getMessage() for r in caplog.records)


def test_a_job_cut_short_by_a_power_cut_says_so_instead_of_spinning(app, admin):
    with app.app_context():  # what a power cut leaves: a running job nobody writes to any more
        db.session.add(Job(id="cut-short", kind="backup", phase="copy",
                           heartbeat_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    assert _progress(admin, "cut-short")["state"] == "interrupted"
    page = admin.get("/admin/jobs/cut-short", headers=EN).get_data(as_text=True)
    assert "The kit stopped before this job finished" in page and 'href="/admin/health"' in page
    with app.test_request_context():  # and it does not stop a new backup from starting
        assert service.running_job("backup") is None


def test_old_finished_jobs_are_forgotten(app, admin):
    with app.app_context():
        db.session.add(Job(id="long-ago", kind="backup", state="done", finished_at=utcnow() - timedelta(days=40)))
        db.session.commit()
    job_id, _ = _start(app, "backup", lambda report: "kit.db")
    _wait_until_ended(admin, job_id)
    with app.app_context():
        assert db.session.scalars(sa.select(Job.id)).all() == [job_id]


def test_an_unknown_job_is_not_found_and_only_admins_see_jobs(app, client, login_as):
    job_id, _ = _start(app, "backup", lambda report: "kit.db")
    login_as("teacher")
    assert client.get(f"/admin/jobs/{job_id}").status_code == 403
    assert client.get(f"/admin/jobs/{job_id}/progress").status_code == 403
    login_as("admin")
    assert client.get("/admin/jobs/no-such-job").status_code == 404


def test_the_packs_page_leads_back_to_an_install_still_running(app, admin):
    release = threading.Event()
    job_id, _ = _start(app, "pack_install", lambda report: release.wait(30) and "meet-ai 1.0")
    page = admin.get("/admin/packs", headers=EN).get_data(as_text=True)
    release.set()
    assert "A pack is being installed." in page and f"/admin/jobs/{job_id}" in page
    _wait_until_ended(admin, job_id)
    assert "A pack is being installed." not in admin.get("/admin/packs", headers=EN).get_data(as_text=True)
