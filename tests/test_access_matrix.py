"""Every registered route, tried as every kind of visitor.

The matrix is data: a new route without a row here fails `test_every_route_is_in_the_matrix`, so
nobody can add a page without deciding who may open it.
"""
import pytest

from .conftest import csrf_token

ROLES = ("anonymous", "student", "other_teacher", "teacher", "admin")
REDIRECT, OK, BAD, UNAUTHORIZED, FORBIDDEN, NOT_FOUND = 302, 200, 400, 401, 403, 404

# endpoint: (method, url template, expected status per role in ROLES order)
MATRIX = {
    "main.index": ("GET", "/", (OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "main.student_home": ("GET", "/me", (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "auth.login": ("GET", "/login", (OK, OK, OK, OK, OK)),
    "auth.join": ("GET", "/join", (OK, OK, OK, OK, OK)),
    "auth.join_class": ("GET", "/join/{code}", (OK, OK, OK, OK, OK)),
    "auth.join_student": ("GET", "/join/{code}/{student}", (OK, OK, OK, OK, OK)),
    "auth.logout": ("POST", "/logout", (REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "auth.unlock_class": ("POST", "/teacher/classes/{class_id}/unlock", (REDIRECT, FORBIDDEN, NOT_FOUND, REDIRECT,
                                                                          REDIRECT)),
    "i18n.set_language": ("POST", "/language", (REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "classes.list_classes": ("GET", "/teacher/classes", (REDIRECT, FORBIDDEN, OK, OK, OK)),
    "classes.roster": ("GET", "/teacher/classes/{class_id}", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "classes.reset_secret": ("POST", "/teacher/classes/{class_id}/students/{student}/reset",
                             (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    # classes helper: a POST with no choice in it is refused (400) rather than guessed.
    "classes.edit_class": ("GET", "/teacher/classes/{class_id}/edit", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "classes.delete_class": ("GET", "/teacher/classes/{class_id}/delete",
                             (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "classes.edit_student": ("GET", "/teacher/classes/{class_id}/students/{student}/edit",
                             (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "classes.set_student_active": ("POST", "/teacher/classes/{class_id}/students/{student}/active",
                                   (REDIRECT, FORBIDDEN, NOT_FOUND, 400, 400)),
    "classes.import_upload": ("GET", "/teacher/classes/{class_id}/import", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "classes.import_confirm": ("POST", "/teacher/classes/{class_id}/import/confirm",
                               (REDIRECT, FORBIDDEN, NOT_FOUND, REDIRECT, REDIRECT)),
    "classes.cards_confirm": ("GET", "/teacher/classes/{class_id}/cards", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "classes.print_cards": ("POST", "/teacher/classes/{class_id}/cards", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "classes.print_one_card": ("POST", "/teacher/classes/{class_id}/students/{student}/card",
                               (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "admin.teacher_active": ("POST", "/admin/teachers/active", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, 400)),
    "admin.teacher_password": ("POST", "/admin/teachers/password", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, 400)),
    "admin.settings": ("GET", "/admin/settings", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "admin.classes": ("GET", "/admin/classes", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "admin.overview": ("GET", "/admin/", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "admin.teachers": ("GET", "/admin/teachers", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "manage.health_page": ("GET", "/admin/health", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "manage.clock": ("POST", "/admin/health/clock", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, 400)),
    "manage.packs": ("GET", "/admin/packs", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "manage.upload_pack": ("POST", "/admin/packs/upload", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, 400)),
    "manage.backup": ("POST", "/admin/backups", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, 303)),
    "jobs.page": ("GET", "/admin/jobs/{job}", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "jobs.progress": ("GET", "/admin/jobs/{job}/progress", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "assets.static": ("GET", "/static/css/kit.css", (OK, OK, OK, OK, OK)),
    "runner.resume": ("GET", "/lessons/{lesson}", (REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "runner.step": ("GET", "/lessons/{lesson}/{step}", (REDIRECT, OK, OK, OK, OK)),
    "runner.summary": ("GET", "/lessons/{lesson}/summary", (REDIRECT, OK, OK, OK, OK)),
    "runner.notebook": ("GET", "/lessons/{lesson}/{nb_step}/notebook", (REDIRECT, OK, OK, OK, OK)),
    "runner.module_test": ("GET", "/modules/{module}/test/pre", (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "runner.module_test_events": ("POST", "/api/module-tests", (UNAUTHORIZED, BAD, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "runner.lesson_file": ("GET", "/lesson-files/{lesson}/{image}", (REDIRECT, OK, OK, OK, OK)),
    "progress.post_events": ("POST", "/api/events", (UNAUTHORIZED, BAD, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "demos.run": ("POST", "/api/demos/rules_vs_learning", (UNAUTHORIZED, BAD, BAD, BAD, BAD)),
    "demos.schema": ("GET", "/api/demos/rules_vs_learning/schema", (UNAUTHORIZED, OK, OK, OK, OK)),
    "assignments.manage": ("GET", "/teacher/classes/{class_id}/assignments", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "assignments.unassign": ("POST", "/teacher/classes/{class_id}/assignments/{assignment}/delete",
                             (REDIRECT, FORBIDDEN, NOT_FOUND, REDIRECT, REDIRECT)),
    "live.start": ("POST", "/teacher/classes/{class_id}/live", (REDIRECT, FORBIDDEN, NOT_FOUND, REDIRECT, REDIRECT)),
    "live.console": ("GET", "/teacher/live/{session}", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "live.screen": ("GET", "/teacher/live/{session}/screen", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "live.state": ("GET", "/teacher/live/{session}/state", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "live.act": ("POST", "/teacher/live/{session}/reveal", (REDIRECT, FORBIDDEN, NOT_FOUND, REDIRECT, REDIRECT)),
    "live.poll": ("GET", "/api/live", (UNAUTHORIZED, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "classdata.add": ("POST", "/api/class-samples", (UNAUTHORIZED, BAD, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "classdata.mine": ("GET", "/api/class-samples", (UNAUTHORIZED, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "classdata.delete": ("POST", "/api/class-samples/999999/delete",
                         (UNAUTHORIZED, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "classdata.latest": ("GET", "/api/class-model", (UNAUTHORIZED, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "classdata.train": ("POST", "/teacher/classes/{class_id}/class-model",
                        (REDIRECT, FORBIDDEN, NOT_FOUND, REDIRECT, REDIRECT)),
    "guide.module_guide": ("GET", "/teacher/guide/{module}", (REDIRECT, FORBIDDEN, OK, OK, OK)),
    "dashboard.class_progress": ("GET", "/teacher/classes/{class_id}/progress",
                                 (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "dashboard.class_progress_csv": ("GET", "/teacher/classes/{class_id}/progress.csv",
                                     (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "dashboard.class_progress_xlsx": ("GET", "/teacher/classes/{class_id}/progress.xlsx",
                                      (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "dashboard.student_progress": ("GET", "/teacher/classes/{class_id}/students/{student}/progress",
                                   (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    # reports: the API takes bearer tokens only (a browser session is not enough); made-up report ids give 404.
    "reports.api_list": ("GET", "/api/v1/reports", (UNAUTHORIZED,) * 5),
    "reports.api_bundle": ("GET", "/api/v1/reports/no-such-report/bundle", (UNAUTHORIZED,) * 5),
    "reports.index": ("GET", "/admin/reports", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "reports.build": ("POST", "/admin/reports/build", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, 303)),
    "reports.summary": ("GET", "/admin/reports/no-such-report/summary",
                        (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND)),
    "reports.download": ("GET", "/admin/reports/no-such-report/bundle",
                         (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND)),
    "reports.public_key": ("GET", "/admin/reports/key.pem", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    # hub (school side): enrolment page and "send now"; admins only.
    "reporthub.hub_page": ("GET", "/admin/reports/hub", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "reporthub.hub_send": ("POST", "/admin/reports/hub/send", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, 303)),
    "reports.tokens_page": ("GET", "/admin/reports/tokens", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "reports.revoke_token": ("POST", "/admin/reports/tokens/999/revoke",
                             (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND)),
    "reports.consent": ("GET", "/admin/reports/consent", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "reports.student_data": ("GET", "/admin/students/{student}/data", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    "reports.export_student": ("GET", "/admin/students/{student}/data.json",
                               (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    # without the confirmation box nothing is deleted: back to the page (303)
    "reports.delete_student": ("POST", "/admin/students/{student}/delete",
                               (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, 303)),
    "reports.notice": ("GET", "/privacy", (OK, OK, OK, OK, OK)),
    # notebooks: running them (the sample class has not switched running on, so "open" is refused: 503)
    "notebooks.mine": ("GET", "/notebooks", (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "notebooks.open_notebook": ("POST", "/notebooks/m1-l2-nearest-neighbours/ar/open",
                                (REDIRECT, 503, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "notebooks.wait": ("GET", "/notebooks/m1-l2-nearest-neighbours/ar/wait",
                       (REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "notebooks.status": ("GET", "/api/notebooks/m1-l2-nearest-neighbours/ar/status",
                         (UNAUTHORIZED, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "notebooks.reset": ("POST", "/notebooks/m1-l2-nearest-neighbours/ar/reset",
                        (REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "notebooks.read": ("GET", "/notebooks/m1-l2-nearest-neighbours/ar/read",
                       (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "notebooks.class_page": ("GET", "/teacher/classes/{class_id}/notebooks", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "notebooks.set_running": ("POST", "/teacher/classes/{class_id}/notebooks/running",
                              (REDIRECT, FORBIDDEN, NOT_FOUND, BAD, BAD)),
    "notebooks.hand_out": ("POST", "/teacher/classes/{class_id}/notebooks/handouts",
                           (REDIRECT, FORBIDDEN, NOT_FOUND, BAD, BAD)),
    "notebooks.collect": ("GET", "/teacher/classes/{class_id}/notebooks/handouts/999999",
                          (REDIRECT, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    "notebooks.review": ("GET", "/teacher/classes/{class_id}/notebooks/handouts/999999/{student}",
                         (REDIRECT, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    "notebooks.admin_page": ("GET", "/admin/notebooks", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    # the limits are required: an empty form is refused, nothing saved
    "notebooks.admin_settings": ("POST", "/admin/notebooks/settings",
                                 (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, BAD)),  # no limits given: refused
    "notebooks.stop_server": ("POST", "/admin/notebooks/stop", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, BAD)),
    # The model maker: an empty form is refused with a message (back to the page, or 400 beside the form).
    "modelmaker.student_projects": ("GET", "/make", (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "modelmaker.student_create": ("POST", "/make", (REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "modelmaker.project": ("GET", "/make/{project}", (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "modelmaker.add_example": ("POST", "/make/{project}/examples", (REDIRECT, BAD, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "modelmaker.delete_example": ("POST", "/make/{project}/examples/999999/delete",
                                  (REDIRECT, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "modelmaker.train": ("POST", "/make/{project}/train", (REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "modelmaker.try_it": ("POST", "/make/{project}/try", (REDIRECT, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "modelmaker.use": ("GET", "/make/{project}/use", (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "modelmaker.card": ("GET", "/make/{project}/card", (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "modelmaker.notebook": ("GET", "/make/{project}/notebook", (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "modelmaker.class_projects": ("GET", "/teacher/classes/{class_id}/models", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "modelmaker.class_create": ("POST", "/teacher/classes/{class_id}/models",
                                (REDIRECT, FORBIDDEN, NOT_FOUND, REDIRECT, REDIRECT)),
    "modelmaker.screen": ("GET", "/teacher/models/{project}/screen", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "modelmaker.moderate": ("GET", "/teacher/models/{project}", (REDIRECT, FORBIDDEN, NOT_FOUND, OK, OK)),
    "modelmaker.moderate_delete_example": ("POST", "/teacher/models/{project}/examples/999999/delete",
                                           (REDIRECT, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    "modelmaker.lock": ("POST", "/teacher/models/{project}/lock", (REDIRECT, FORBIDDEN, NOT_FOUND, REDIRECT, REDIRECT)),
    "modelmaker.moderate_train": ("POST", "/teacher/models/{project}/train",
                                  (REDIRECT, FORBIDDEN, NOT_FOUND, REDIRECT, REDIRECT)),
    "modelmaker.delete_project": ("POST", "/teacher/models/{doomed_project}/delete",
                                  (REDIRECT, FORBIDDEN, NOT_FOUND, REDIRECT, REDIRECT)),
    "modelmaker.quotas": ("GET", "/admin/model-maker", (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(MATRIX), "add new routes to MATRIX (and remove deleted ones)"


def test_every_view_declares_who_may_open_it(app):
    for endpoint, view in app.view_functions.items():
        assert getattr(view, "kit_roles", None), f"{endpoint} has no role check"


def _url_values(app, school, assigned) -> dict:
    """Real ids for every placeholder in the matrix."""
    from kit_server.assignments.models import Assignment
    from kit_server.extensions import db

    lesson, quiz = assigned
    from kit_server.auth.models import StaffUser
    from kit_server.classes.models import SchoolClass
    from kit_server.jobs.models import Job
    from kit_server.live.service import start

    with app.app_context():
        assignment_id = db.session.query(Assignment).filter_by(class_id=school["class"].id).first().id
        session = start(db.session.get(SchoolClass, school["class"].id), lesson,
                        db.session.get(StaffUser, school["teacher"].id))
        db.session.commit()
        session_id = session.id
        db.session.add(Job(id="a-finished-backup", kind="backup", state="done", detail="kit.db",
                           finished_at=session.started_at))
        from kit_server.modelmaker.service import create_project

        projects = [create_project(db.session.get(SchoolClass, school["class"].id), None, name, "words", ["a", "b"])
                    for name in ("kept", "doomed")]
        db.session.commit()
        project_ids = [p.id for p in projects]
    image = next(p.name for p in sorted(lesson.folder.iterdir()) if p.suffix == ".svg")
    return {"code": school["class"].code, "student": school["student"].id, "class_id": school["class"].id,
            "lesson": lesson.id, "step": quiz.id, "image": image, "assignment": assignment_id, "session": session_id, "job": "a-finished-backup",
            "module": lesson.module, "project": project_ids[0], "doomed_project": project_ids[1],
            "nb_step": next(s.id for s in lesson.steps if s.kind == "notebook")}


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_access(role_index, role, app, client, school, login_as, assigned):
    """One signed-in visitor walks every route; every mismatch is reported at once."""
    values = _url_values(app, school, assigned)
    login_as(role)
    token = csrf_token(client, "/login")
    wrong = []
    for endpoint, (method, template, expected) in sorted(MATRIX.items()):
        if endpoint in ("auth.logout", "i18n.set_language"):
            continue  # they would change who is signed in; tried last, below
        url = template.format(**values)
        response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
        body = response.get_data().decode("utf-8", "replace")  # some answers are files (.xlsx)
        response.close()
        if response.status_code != expected[role_index]:
            wrong.append(f"{method} {url}: {response.status_code}, expected {expected[role_index]}")
        elif response.status_code in (FORBIDDEN, NOT_FOUND) and school["class"].code in body:
            wrong.append(f"{method} {url}: a refusal shows the class")  # never any data on a refusal
    for endpoint in ("i18n.set_language", "auth.logout"):
        method, url, expected = MATRIX[endpoint]
        status = client.post(url, data={"csrf_token": token}).status_code
        if status != expected[role_index]:
            wrong.append(f"{method} {url}: {status}, expected {expected[role_index]}")
    assert not wrong, "\n".join(wrong)


def test_api_paths_answer_json_not_a_page(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.is_json and response.get_json()["status"] == 404
