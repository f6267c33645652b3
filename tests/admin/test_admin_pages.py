"""The school admin: teachers (add, deactivate, new password), school settings, all classes."""
import re

import pytest

from kit_server.auth.models import StaffUser
from kit_server.classes.models import SchoolClass
from kit_server.extensions import db
from kit_server.school.service import get_school

from ..conftest import csrf_token, make_class, make_student, post_form, sign_in_staff


@pytest.fixture
def admin_client(client, login_as):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return login_as("admin")


def _post(client, path, data):
    return post_form(client, path, data, token_from="/admin/teachers")


def test_admin_adds_a_teacher_who_can_then_sign_in(app, admin_client):
    response = _post(admin_client, "/admin/teachers",
                     {"display_name": "رنا سعادة", "username": "rana", "password": "a-good-pass-1"})
    assert response.status_code == 302
    assert sign_in_staff(app.test_client(), "rana", "a-good-pass-1").status_code == 302


def test_a_taken_username_is_refused_with_a_message(admin_client, school):
    response = _post(admin_client, "/admin/teachers",
                     {"display_name": "x", "username": "teacher", "password": "a-good-pass-1"})
    assert response.status_code == 400 and "already taken" in response.get_data(as_text=True)


def test_a_deactivated_teacher_cannot_sign_in_and_their_session_ends(app, admin_client, school):
    teacher_browser = app.test_client()
    assert sign_in_staff(teacher_browser, "teacher").status_code == 302
    user_id = school["teacher"].id
    assert _post(admin_client, "/admin/teachers/active", {"user_id": user_id, "active": "0"}).status_code == 302
    assert teacher_browser.get("/teacher/classes").status_code == 302  # sent to sign in
    assert sign_in_staff(app.test_client(), "teacher").status_code == 401
    page = admin_client.get("/admin/teachers").get_data(as_text=True)
    assert "deactivated" in page and "Reactivate" in page
    assert _post(admin_client, "/admin/teachers/active", {"user_id": user_id, "active": "1"}).status_code == 302
    assert sign_in_staff(app.test_client(), "teacher").status_code == 302
    with app.app_context():  # their class was kept all along
        assert db.session.get(SchoolClass, school["class"].id).teacher_id == user_id


def test_an_admin_cannot_deactivate_themselves(app, admin_client, school):
    response = _post(admin_client, "/admin/teachers/active", {"user_id": school["admin"].id, "active": "0"})
    assert response.status_code == 302
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You cannot deactivate your own account." in page
    with app.app_context():
        assert db.session.get(StaffUser, school["admin"].id).active


def test_password_reset_shows_a_new_password_once_and_it_works(app, admin_client, school):
    response = _post(admin_client, "/admin/teachers/password", {"user_id": school["teacher"].id})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = re.search(r"data-password>([a-z0-9-]+)<", page).group(1)
    assert len(password) == 14
    assert sign_in_staff(app.test_client(), "teacher", "correct-horse-9").status_code == 401
    assert sign_in_staff(app.test_client(), "teacher", password).status_code == 302
    assert password not in admin_client.get("/admin/teachers").get_data(as_text=True)  # shown once only


@pytest.mark.parametrize("path", ["/admin/teachers/active", "/admin/teachers/password"])
def test_unknown_accounts_are_a_bad_request(admin_client, school, path):
    for user_id in ("", "999", "abc"):
        assert _post(admin_client, path, {"user_id": user_id, "active": "0"}).status_code == 400


def test_admin_changes_the_school_settings(app, admin_client):
    page = admin_client.get("/admin/settings").get_data(as_text=True)
    assert "مدرسة الاختبار" in page  # the form starts filled in
    response = post_form(admin_client, "/admin/settings", {"name": "École Saida", "default_locale": "fr",
                                                           "report_threshold": "10", "retention_days": "365"},
                         token_from="/admin/settings")
    assert response.status_code == 302
    with app.app_context():
        school = get_school()
        assert (school.name, school.default_locale, school.report_threshold, school.retention_days) == (
            "École Saida", "fr", 10, 365)
    # The new default language greets a browser that asks for none of ours.
    assert 'lang="fr"' in app.test_client().get("/join", headers={"Accept-Language": "de"}).get_data(as_text=True)


@pytest.mark.parametrize("field,value,message", [
    ("report_threshold", "4", "Please enter a number from 5 to 50."),
    ("report_threshold", "51", "Please enter a number from 5 to 50."),
    ("report_threshold", "ten", "Please enter a number from 5 to 50."),
    ("retention_days", "", "Please enter a number of days from 30 to 3650."),
    ("retention_days", "7", "Please enter a number of days from 30 to 3650."),
    ("name", "", "Please write the school's name."),
])
def test_bad_settings_are_refused_with_a_clear_message(app, admin_client, field, value, message):
    data = {"name": "Saida", "default_locale": "ar", "report_threshold": "9", "retention_days": "730"}
    response = post_form(admin_client, "/admin/settings", {**data, field: value}, token_from="/admin/settings")
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    with app.app_context():
        assert get_school().name == "مدرسة الاختبار"


def test_classes_overview_lists_every_class_with_teacher_and_student_count(admin_client, school):
    third = make_class(school["teacher"], name="الصف التاسع", grade=9)
    for i in range(3):
        make_student(third, name=f"تلميذ {i}")
    page = admin_client.get("/admin/classes").get_data(as_text=True)
    rows = dict(re.findall(r'<tr data-class="(\d+)">.*?<td data-students>(\d+)</td>', page, re.S))
    assert rows == {str(school["class"].id): "1", str(school["other_class"].id): "0", str(third.id): "3"}
    assert "الصف الثامن" in page and school["other_teacher"].display_name in page


def test_teachers_cannot_open_admin_pages_or_act(client, school, login_as):
    login_as("teacher")
    token = csrf_token(client, "/teacher/classes")
    for path in ("/admin/", "/admin/teachers", "/admin/settings", "/admin/classes"):
        assert client.get(path).status_code == 403
    response = client.post("/admin/teachers/password", data={"user_id": school["admin"].id, "csrf_token": token})
    assert response.status_code == 403
