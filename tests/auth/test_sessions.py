"""Sessions end on sign-out and when a password, PIN or picture sequence is replaced (review L3).

A cookie copied before (from a shared PC, by a thief) is replayed from the same browser and address,
as the review did: Flask-Login's "strong" protection alone does not stop that.
"""
import re

from ..conftest import csrf_token, post_form, sign_in_staff


def _copy(client):
    return client.get_cookie("session").value


def _replay(app, cookie):
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def test_an_old_cookie_is_refused_after_sign_out(app, client, login_as):
    login_as("student")
    kept = _copy(client)
    assert _replay(app, kept).get("/me").status_code == 200  # the copy works while the session lives
    client.post("/logout", data={"csrf_token": csrf_token(client, "/me")})
    replayed = _replay(app, kept).get("/me")
    assert replayed.status_code == 302 and "/join" in replayed.headers["Location"]


def test_a_new_pin_ends_the_students_open_sessions(app, school, login_as):
    student_browser = app.test_client()
    from ..conftest import sign_in_student

    assert sign_in_student(student_browser, school["class"], school["student"], school["pin"]).status_code == 302
    teacher = login_as("teacher")
    roster = f"/teacher/classes/{school['class'].id}"
    page = post_form(teacher, f"{roster}/students/{school['student'].id}/reset", {}, token_from=roster)
    new_pin = re.search(r"data-pin>(\d+)<", page.get_data(as_text=True)).group(1)
    assert student_browser.get("/me").status_code == 302  # the lost card's holder is out
    assert sign_in_student(student_browser, school["class"], school["student"], new_pin).status_code == 302
    assert student_browser.get("/me").status_code == 200


def test_a_new_picture_sequence_ends_the_students_open_sessions(app, school, login_as):
    from ..conftest import make_student

    student, pictures = make_student(school["class"], name="جنى", kind="picture")
    browser = app.test_client()
    path = f"/join/{school['class'].code}/{student.id}"
    for picture in pictures:
        response = post_form(browser, path, {"picture": picture}, token_from=path)
    assert response.status_code == 302 and browser.get("/me").status_code == 200
    teacher = login_as("teacher")
    roster = f"/teacher/classes/{school['class'].id}"
    post_form(teacher, f"{roster}/students/{student.id}/reset", {}, token_from=roster)
    assert browser.get("/me").status_code == 302


def test_a_new_password_from_the_admin_ends_the_teachers_sessions(app, school):
    teacher = app.test_client()
    assert sign_in_staff(teacher, "teacher").status_code == 302
    assert teacher.get("/teacher/classes").status_code == 200
    admin = app.test_client()
    sign_in_staff(admin, "admin")
    response = post_form(admin, "/admin/teachers/password", {"user_id": school["teacher"].id},
                         token_from="/admin/teachers")
    assert response.status_code == 200
    refused = teacher.get("/teacher/classes")
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    new_password = re.search(r"[a-km-z2-9]{4}-[a-km-z2-9]{4}-[a-km-z2-9]{4}", response.get_data(as_text=True)).group(0)
    assert sign_in_staff(teacher, "teacher", new_password).status_code == 302


def test_a_session_from_before_session_versions_is_sent_to_sign_in(app, school):
    """Cookies issued by the previous kit version carry `staff:<id>` only."""
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = f"staff:{school['teacher'].id}"
        session["_fresh"] = True
    response = browser.get("/teacher/classes")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_signing_out_on_one_device_leaves_no_other_copy_open_but_sign_in_works_again(app, client, login_as):
    login_as("teacher")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/teacher/classes")})
    assert sign_in_staff(client, "teacher").status_code == 302
    assert client.get("/teacher/classes").status_code == 200
