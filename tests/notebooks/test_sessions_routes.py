"""The notebook pages as students, teachers and admins use them.

Most tests use a session manager with no worker threads (nothing really starts) so they stay fast;
the last one opens a real JupyterLab through the pages, as a student would.
"""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

import pytest

from kit_server.extensions import db
from kit_server.notebooks import routes as nb_routes
from kit_server.notebooks.identity import BIND_COOKIE
from kit_server.notebooks.models import NotebookHandout
from kit_server.notebooks.sessions import NotebookSettings, SessionManager, load_settings, save_settings

from ..conftest import csrf_token, make_student, post_form

NOTEBOOK = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ar.ipynb"))[0]
SLUG, LANG = NOTEBOOK.name.split(".")[0], "ar"


@pytest.fixture
def nb(app):
    """The notebooks blueprint on the app (until the lead registers it) and a manager that starts nothing."""
    if "notebooks" not in app.blueprints:
        app.register_blueprint(nb_routes.bp)
    manager = SessionManager(app.config["KIT_HOME"], app.config["SECRET_KEY"], workers=0, sandboxed=True)
    app.extensions[nb_routes.EXTENSION_KEY] = manager
    return manager


def enable_running(client, class_id, on=True):
    page = f"/teacher/classes/{class_id}/notebooks"
    return post_form(client, f"{page}/running", {"enabled": "1" if on else "0"}, token_from=page)


def hand_out(client, class_id):
    page = f"/teacher/classes/{class_id}/notebooks"
    return post_form(client, f"{page}/handouts", {"notebook": f"{SLUG}.{LANG}"}, token_from=page)


def test_teacher_hands_out_and_every_student_gets_a_copy(app, client, school, login_as, nb):
    second, _pin = make_student(school["class"], name="سامي")
    login_as("teacher")
    assert hand_out(client, school["class"].id).status_code == 302
    for student in (school["student"], second):
        assert (nb.work_dir(student.id) / NOTEBOOK.name).read_bytes() == NOTEBOOK.read_bytes()
    page = client.get(f"/teacher/classes/{school['class'].id}/notebooks").get_data(as_text=True)
    assert NOTEBOOK.name in page
    assert hand_out(client, school["class"].id).status_code == 302  # twice is still one handout
    with app.app_context():
        assert db.session.query(NotebookHandout).count() == 1


def test_another_teacher_cannot_touch_the_class(client, school, login_as, nb):
    login_as("other_teacher")
    page = f"/teacher/classes/{school['class'].id}/notebooks"
    assert client.get(page).status_code == 404
    response = client.post(f"{page}/running", data={"enabled": "1", "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 404


def test_teacher_collects_copies_rendered(app, client, school, login_as, nb):
    make_student(school["class"], name="سامي")
    login_as("teacher")
    client.post("/language", data={"lang": "en", "csrf_token": csrf_token(client, "/login")})
    hand_out(client, school["class"].id)
    with app.app_context():
        handout = db.session.query(NotebookHandout).one()
    copy = nb.work_dir(school["student"].id) / NOTEBOOK.name
    copy.write_text(copy.read_text(encoding="utf-8").replace('"cells": [', '"cells": [{"cell_type": "markdown", '
                    '"id": "mine", "metadata": {}, "source": "ANSWER-FROM-LAYLA"},', 1), encoding="utf-8")
    base = f"/teacher/classes/{school['class'].id}/notebooks/handouts/{handout.id}"
    listing = client.get(base).get_data(as_text=True)
    assert school["student"].display_name in listing and "سامي" in listing
    assert listing.count("Not changed yet") == 1  # Sami has not touched his copy; Layla has
    review = client.get(f"{base}/{school['student'].id}")
    assert review.status_code == 200
    assert "ANSWER-FROM-LAYLA" in review.get_data(as_text=True)


def test_student_cannot_run_until_the_teacher_switches_it_on(client, school, login_as, nb):
    login_as("student")
    token = csrf_token(client, "/notebooks")
    response = client.post(f"/notebooks/{SLUG}/{LANG}/open", data={"csrf_token": token})
    assert response.status_code == 503
    assert nb.status(school["student"].id) is None
    assert f"/notebooks/{SLUG}/{LANG}/read" in response.get_data(as_text=True)  # reading still works


def _enable_and_become_student(client, school, login_as):
    login_as("teacher")
    enable_running(client, school["class"].id)
    hand_out(client, school["class"].id)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/login")})
    login_as("student")
    return csrf_token(client, "/notebooks")


def test_student_opens_waits_and_is_sent_to_their_server_with_a_ticket(client, school, login_as, nb):
    token = _enable_and_become_student(client, school, login_as)
    assert "Jupyter" in client.get("/notebooks").get_data(as_text=True)
    response = client.post(f"/notebooks/{SLUG}/{LANG}/open", data={"csrf_token": token})
    assert response.status_code == 302 and response.location.endswith(f"/notebooks/{SLUG}/{LANG}/wait")
    waiting = client.get(response.location)
    assert waiting.status_code == 200 and 'http-equiv="refresh"' in waiting.get_data(as_text=True)
    assert client.get(f"/api/notebooks/{SLUG}/{LANG}/status").get_json()["state"] == "queued"
    server = nb.status(school["student"].id)
    server.state, server.port = "ready", 8907  # as a worker would once the server answers
    ready = client.get(response.location)
    assert ready.status_code == 302
    assert ready.location.startswith(f"http://localhost:8907/lab/tree/{NOTEBOOK.name}?ticket=")


def test_past_the_cap_the_student_is_told_kindly_to_wait_or_read(app, client, school, login_as, nb):
    token = _enable_and_become_student(client, school, login_as)
    save_settings(app.config["KIT_HOME"], NotebookSettings(max_servers=0))
    response = client.post(f"/notebooks/{SLUG}/{LANG}/open", data={"csrf_token": token})
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    assert f"/notebooks/{SLUG}/{LANG}/read" in body


def test_reset_gives_the_student_a_fresh_copy(client, school, login_as, nb):
    token = _enable_and_become_student(client, school, login_as)
    copy = nb.work_dir(school["student"].id) / NOTEBOOK.name
    copy.write_text("{}", encoding="utf-8")
    response = client.post(f"/notebooks/{SLUG}/{LANG}/reset", data={"csrf_token": token})
    assert response.status_code == 302
    assert copy.read_bytes() == NOTEBOOK.read_bytes()


def test_unknown_or_crafted_notebook_names_are_not_found(client, school, login_as, nb):
    token = _enable_and_become_student(client, school, login_as)
    for slug in ("nothing-here", "..", "%2e%2e%2fkit"):
        assert client.post(f"/notebooks/{slug}/{LANG}/open", data={"csrf_token": token}).status_code == 404
        assert client.get(f"/notebooks/{slug}/{LANG}/read").status_code == 404


def test_admin_sees_settings_and_can_trust_and_stop(app, client, school, login_as, nb):
    login_as("admin")
    page = client.get("/admin/notebooks").get_data(as_text=True)
    assert 'name="max_servers"' in page
    post_form(client, "/admin/notebooks/settings", {"max_servers": "12", "idle_minutes": "30"},
              token_from="/admin/notebooks")
    assert load_settings(app.config["KIT_HOME"]) == NotebookSettings(max_servers=12, idle_minutes=30)
    bad = post_form(client, "/admin/notebooks/settings", {"max_servers": "-1", "idle_minutes": "30"},
                    token_from="/admin/notebooks")
    assert bad.status_code == 400
    nb.request(school["student"].id)
    assert school["student"].display_name in client.get("/admin/notebooks").get_data(as_text=True)
    post_form(client, "/admin/notebooks/stop", {"student_id": str(school["student"].id)},
              token_from="/admin/notebooks")
    assert nb.status(school["student"].id) is None


def test_without_a_sandbox_the_admin_page_explains_trusted_mode(app, client, school, login_as, nb):
    manager = SessionManager(app.config["KIT_HOME"], "k", workers=0, sandboxed=False)
    app.extensions[nb_routes.EXTENSION_KEY] = manager
    login_as("admin")
    client.post("/language", data={"lang": "en", "csrf_token": csrf_token(client, "/admin/notebooks")})
    page = client.get("/admin/notebooks").get_data(as_text=True)
    assert 'name="trusted_mode" value="1" >' in page and "Running notebooks is off." in page
    assert "could then read or change the kit's data" in page  # says plainly what trusting means
    post_form(client, "/admin/notebooks/settings", {"max_servers": "5", "idle_minutes": "20", "trusted_mode": "1"},
              token_from="/admin/notebooks")
    assert manager.mode() == "trusted"
    page = client.get("/admin/notebooks").get_data(as_text=True)
    assert 'name="trusted_mode" value="1" checked>' in page and "Trusted mode is on." in page


@pytest.mark.slow
def test_a_student_opens_a_real_jupyterlab_from_the_kit(app, client, school, login_as, nb):
    manager = SessionManager(app.config["KIT_HOME"], app.config["SECRET_KEY"], ip="127.0.0.1",
                             ports=(18960, 18980))
    app.extensions[nb_routes.EXTENSION_KEY] = manager
    try:
        token = _enable_and_become_student(client, school, login_as)
        wait = client.post(f"/notebooks/{SLUG}/{LANG}/open", data={"csrf_token": token}).location
        deadline = time.monotonic() + 60
        while (response := client.get(wait)).status_code == 200:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.5)
        assert response.status_code == 302, response.get_data(as_text=True)
        # The link alone (copied to another browser) does not open the student's JupyterLab...
        with urllib.request.urlopen(response.location, timeout=30) as lab:
            assert "JupyterLab" not in lab.read().decode()
        # ...the browser holding this kit session's cookie does, once per link.
        binding = client.get_cookie(BIND_COOKIE)
        assert binding is not None and binding.http_only
        response = client.get(wait)
        fresh = urllib.request.Request(response.location, headers={"Cookie": f"{BIND_COOKIE}={binding.value}"})
        with urllib.request.urlopen(fresh, timeout=30) as lab:
            assert lab.status == 200 and "JupyterLab" in lab.read().decode()
        with urllib.request.urlopen(fresh, timeout=30) as lab:
            assert "JupyterLab" not in lab.read().decode()
    finally:
        manager.close()
