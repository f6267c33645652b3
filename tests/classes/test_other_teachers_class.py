"""A teacher tries every class page of another teacher's class: always 404, never data, nothing changed."""
import io

import pytest
import sqlalchemy as sa

from kit_server.auth.models import Student
from kit_server.classes.models import SchoolClass
from kit_server.extensions import db

from ..conftest import csrf_token

# (method, path, form data) for every class-scoped route of the classes pages.
ROUTES = [
    ("GET", "/teacher/classes/{c}", {}),
    ("POST", "/teacher/classes/{c}", {"display_name": "دخيل", "sex": "male", "secret_kind": "pin"}),
    ("GET", "/teacher/classes/{c}/edit", {}),
    ("POST", "/teacher/classes/{c}/edit", {"name": "x", "school_year": "2026-2027", "locale": "ar"}),
    ("GET", "/teacher/classes/{c}/delete", {}),
    ("POST", "/teacher/classes/{c}/delete", {"confirm": "y"}),
    ("GET", "/teacher/classes/{c}/students/{s}/edit", {}),
    ("POST", "/teacher/classes/{c}/students/{s}/edit", {"display_name": "x", "sex": "male"}),
    ("POST", "/teacher/classes/{c}/students/{s}/active", {"active": "0"}),
    ("POST", "/teacher/classes/{c}/students/{s}/reset", {}),
    ("POST", "/teacher/classes/{c}/students/{s}/card", {}),
    ("GET", "/teacher/classes/{c}/cards", {}),
    ("POST", "/teacher/classes/{c}/cards", {}),
    ("GET", "/teacher/classes/{c}/import", {}),
    ("POST", "/teacher/classes/{c}/import", {"file": "name\nدخيل\n", "secret_kind": "pin"}),
    ("POST", "/teacher/classes/{c}/import/confirm", {"token": "x" * 32}),
]


def _snapshot(app, class_id):
    with app.app_context():
        school_class = db.session.get(SchoolClass, class_id)
        students = db.session.execute(sa.select(Student.id, Student.display_name, Student.active,
                                                Student.secret_hash).where(Student.class_id == class_id)).all()
        return (school_class.name, school_class.code, sorted(students))


def test_every_class_route_is_listed_here(app):
    paths = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("classes.")
             and "<int:class_id>" in rule.rule}
    listed = {p.replace("{c}", "<int:class_id>").replace("{s}", "<int:student_id>") for _m, p, _d in ROUTES}
    assert paths <= listed, f"add these to ROUTES: {paths - listed}"


@pytest.mark.parametrize("method,template,data", ROUTES)
def test_another_teacher_gets_404_and_no_data(app, client, school, login_as, method, template, data):
    login_as("other_teacher")
    own, student = school["class"], school["student"]
    before = _snapshot(app, own.id)
    path = template.format(c=own.id, s=student.id)
    if method == "GET":
        response = client.get(path)
    else:
        form = {k: (io.BytesIO(v.encode()), "list.csv") if k == "file" else v for k, v in data.items()}
        response = client.post(path, data={**form, "csrf_token": csrf_token(client, "/teacher/classes")},
                               content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert own.code not in body and own.name not in body and student.display_name not in body
    assert _snapshot(app, own.id) == before


def test_a_student_of_one_class_cannot_be_reached_through_another_class(app, client, school, login_as):
    """The other teacher's own class id with this class's student id: still not found."""
    login_as("other_teacher")
    path = f"/teacher/classes/{school['other_class'].id}/students/{school['student'].id}/edit"
    assert client.get(path).status_code == 404


def test_students_never_reach_the_class_pages(client, school, login_as):
    login_as("student")
    token = csrf_token(client, "/me")
    for method, template, _data in ROUTES:
        path = template.format(c=school["class"].id, s=school["student"].id)
        response = client.get(path) if method == "GET" else client.post(path, data={"csrf_token": token})
        assert response.status_code == 403, path
        assert school["class"].code not in response.get_data(as_text=True)
