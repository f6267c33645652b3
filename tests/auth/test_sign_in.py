"""Signing in as staff (password) and as a student (class code → name → PIN or pictures)."""
import re

import sqlalchemy as sa

from kit_server.auth.models import Student
from kit_server.extensions import db

from ..conftest import csrf_token, make_student, post_form, sign_in_staff, sign_in_student


def test_teacher_signs_in_and_lands_on_their_classes(client, school):
    response = sign_in_staff(client, "teacher")
    assert response.status_code == 302
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert school["class"].name in page
    assert "الصف الثامن" not in page  # another teacher's class is not listed


def test_wrong_password_is_refused_with_a_message(client, school):
    response = sign_in_staff(client, "teacher", "wrong-password")
    assert response.status_code == 401
    assert "غير متطابقين" in response.get_data(as_text=True)
    assert client.get("/teacher/classes").status_code == 302  # still signed out


def test_passwords_and_pins_are_not_stored_in_plain_text(app, school):
    staff_hash = school["teacher"].password_hash
    assert "correct-horse-9" not in staff_hash and staff_hash.startswith("scrypt:")
    student = school["student"]
    assert school["pin"] not in (student.secret_hash, student.secret_salt)


def test_sign_in_is_rate_limited_per_account(client, app, school):
    for _ in range(app.config["SIGNIN_MAX_FAILURES_ACCOUNT"] - 1):
        assert sign_in_staff(client, "teacher", "nope-nope").status_code == 401
    blocked = sign_in_staff(client, "teacher", "nope-nope")
    assert blocked.status_code == 429
    # Even the right password waits until the window has passed.
    assert sign_in_staff(client, "teacher").status_code == 429
    # The page says how long to wait, in Arabic plural form (the window is 5 minutes).
    assert "الانتظار 5 دقائق" in blocked.get_data(as_text=True)


def test_sign_in_is_rate_limited_per_address(client, app, school):
    app.config["SIGNIN_MAX_FAILURES_ADDRESS"] = 3
    for name in ("a", "b", "c"):
        sign_in_staff(client, f"nobody-{name}", "whatever-1")
    assert sign_in_staff(client, "teacher").status_code == 429


def test_next_redirect_stays_on_this_site(client, school):
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = post_form(client, "/login", {"username": "teacher", "password": "correct-horse-9",
                                                "next": evil}, token_from="/login")
        assert response.status_code == 302
        assert "evil" not in response.headers["Location"]
        client.post("/logout", data={"csrf_token": csrf_token(client, "/teacher/classes")})
    response = post_form(client, "/login", {"username": "teacher", "password": "correct-horse-9",
                                            "next": f"/teacher/classes/{school['class'].id}"}, token_from="/login")
    assert response.headers["Location"].endswith(f"/teacher/classes/{school['class'].id}")


def test_forms_without_csrf_token_are_refused(client, school):
    response = client.post("/login", data={"username": "teacher", "password": "correct-horse-9"})
    assert response.status_code == 400
    assert client.get("/teacher/classes").status_code == 302


def test_session_cookie_is_http_only_and_same_site(client, school):
    sign_in_staff(client, "teacher")
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_student_signs_in_with_class_code_name_and_pin(client, school):
    code = school["class"].code
    response = post_form(client, "/join", {"code": code}, token_from="/join")
    assert response.headers["Location"].endswith(f"/join/{code}")
    names = client.get(f"/join/{code}").get_data(as_text=True)
    assert "ليلى" in names
    response = sign_in_student(client, school["class"], school["student"], school["pin"])
    assert response.status_code == 302
    home = client.get("/me").get_data(as_text=True)
    assert "ليلى" in home


def test_class_code_and_pin_typed_in_eastern_arabic_digits_work(client, school):
    eastern = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    response = post_form(client, "/join", {"code": school["class"].code.translate(eastern)}, token_from="/join")
    assert response.status_code == 302
    response = sign_in_student(client, school["class"], school["student"], school["pin"].translate(eastern))
    assert response.status_code == 302


def test_wrong_class_code_says_so(client, school):
    wrong = "000000" if school["class"].code != "000000" else "111111"
    response = post_form(client, "/join", {"code": wrong}, token_from="/join")
    assert response.status_code == 404
    assert client.get(f"/join/{wrong}").status_code == 404


def test_wrong_pin_keeps_student_signed_out(client, school):
    wrong = f"{(int(school['pin']) + 1) % 10000:04d}"
    response = sign_in_student(client, school["class"], school["student"], wrong)
    assert response.status_code == 401
    assert client.get("/me").status_code == 302


def test_student_of_another_class_cannot_sign_in_through_this_class(client, school):
    intruder, pin = make_student(school["other_class"], name="سامي")
    path = f"/join/{school['class'].code}/{intruder.id}"
    assert client.get(path).status_code == 404


def test_picture_password_takes_three_taps_in_order(client, school):
    student, pictures = make_student(school["class"], name="جنى", kind="picture")
    path = f"/join/{school['class'].code}/{student.id}"
    for picture in pictures[:-1]:
        response = post_form(client, path, {"picture": picture}, token_from=path)
        assert response.status_code == 200
    response = post_form(client, path, {"picture": pictures[-1]}, token_from=path)
    assert response.status_code == 302
    assert "جنى" in client.get("/me").get_data(as_text=True)


def test_picture_password_in_wrong_order_fails(client, school):
    student, pictures = make_student(school["class"], name="جنى", kind="picture")
    path = f"/join/{school['class'].code}/{student.id}"
    for picture in reversed(pictures):
        response = post_form(client, path, {"picture": picture}, token_from=path)
    assert response.status_code == 401
    assert client.get("/me").status_code == 302


def test_teacher_resets_a_pin_and_only_the_new_one_works(client, login_as, school):
    login_as("teacher")
    roster = f"/teacher/classes/{school['class'].id}"
    response = post_form(client, f"{roster}/students/{school['student'].id}/reset", {}, token_from=roster)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    new_pin = re.search(r"data-pin>(\d+)<", page).group(1)
    assert len(new_pin) == 4 and new_pin.isdigit()
    client.post("/logout", data={"csrf_token": csrf_token(client, roster)})

    if new_pin != school["pin"]:
        assert sign_in_student(client, school["class"], school["student"], school["pin"]).status_code == 401
    assert sign_in_student(client, school["class"], school["student"], new_pin).status_code == 302


def test_deactivated_student_cannot_sign_in(app, client, school):
    with app.app_context():
        student = db.session.scalar(sa.select(Student).where(Student.id == school["student"].id))
        student.active = False
        db.session.commit()
    assert client.get(f"/join/{school['class'].code}/{school['student'].id}").status_code == 404


def test_sign_out_ends_the_session(client, login_as, school):
    login_as("student")
    assert client.get("/me").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/me")})
    assert client.get("/me").status_code == 302


def test_signing_out_stops_the_students_notebook_server(app, client, login_as, school):
    """Recorded with a stand-in manager: the real servers are tested in tests/notebooks."""
    import threading

    from kit_server.notebooks.routes import EXTENSION_KEY

    stopped = threading.Event()

    class Manager:
        def stop(self, student_id):
            assert student_id == school["student"].id
            stopped.set()

    app.extensions[EXTENSION_KEY] = Manager()
    login_as("student")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/me")})
    assert stopped.wait(5)
