"""A teacher creates, edits and deletes classes, and adds, edits and deactivates students."""
import re

import sqlalchemy as sa

from kit_server.auth.models import Student
from kit_server.classes.models import SchoolClass
from kit_server.extensions import db

from ..conftest import post_form, sign_in_student


def _class(app, class_id):
    with app.app_context():
        school_class = db.session.get(SchoolClass, class_id)
        return None if school_class is None else (school_class.name, school_class.grade,
                                                  school_class.school_year, school_class.locale)


def _student(app, student_id):
    with app.app_context():
        s = db.session.get(Student, student_id)
        return (s.display_name, s.sex, s.birth_year, s.active)


def test_teacher_creates_a_class_and_gets_a_six_digit_code(app, teacher_client):
    response = post_form(teacher_client, "/teacher/classes",
                         {"name": "الصف التاسع", "grade": "9", "school_year": "2026-2027", "locale": "fr"},
                         token_from="/teacher/classes")
    assert response.status_code == 302
    page = teacher_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "الصف التاسع" in page
    assert re.search(r'class="code">\d{6}<', page)


def test_a_class_without_name_or_with_a_bad_year_is_refused_with_messages(teacher_client):
    response = post_form(teacher_client, "/teacher/classes", {"name": "", "grade": "15", "school_year": "2026"},
                         token_from="/teacher/classes")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please give the class a name." in page and "Grade must be 1 to 12." in page
    assert "Write the school year like 2026-2027." in page


def test_teacher_edits_their_class(app, teacher_client, school):
    class_id = school["class"].id
    path = f"/teacher/classes/{class_id}/edit"
    assert "الصف السابع" in teacher_client.get(path).get_data(as_text=True)  # the form starts filled in
    response = post_form(teacher_client, path, {"name": "السابع - ب", "grade": "7", "school_year": "2027-2028",
                                                "locale": "en"}, token_from=path)
    assert response.status_code == 302
    assert _class(app, class_id) == ("السابع - ب", 7, "2027-2028", "en")


def test_deleting_a_class_needs_the_box_ticked(app, teacher_client, school):
    class_id = school["class"].id
    path = f"/teacher/classes/{class_id}/delete"
    page = teacher_client.get(path).get_data(as_text=True)
    assert "cannot be undone" in page and "1 student" in page
    response = post_form(teacher_client, path, {}, token_from=path)
    assert response.status_code == 400 and "Tick the box to confirm." in response.get_data(as_text=True)
    assert _class(app, class_id) is not None
    response = post_form(teacher_client, path, {"confirm": "y"}, token_from=path)
    assert response.status_code == 302
    assert _class(app, class_id) is None
    with app.app_context():  # its students went with it
        assert db.session.get(Student, school["student"].id) is None


def test_adding_a_student_with_sex_and_birth_year_shows_a_pin_that_works(app, teacher_client, school):
    class_id = school["class"].id
    path = f"/teacher/classes/{class_id}"
    response = post_form(teacher_client, path, {"display_name": "  يوسف عيسى ", "sex": "male",
                                                "birth_year": "2013", "secret_kind": "pin"}, token_from=path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    pin = re.search(r'data-pin>(\d{4})<', page).group(1)
    with app.app_context():
        student = db.session.scalar(sa.select(Student).where(Student.display_name == "يوسف عيسى"))
        assert (student.sex, student.birth_year, student.grade) == ("male", 2013, 7)
        student_id = student.id
    student_client = app.test_client()
    student_obj = type("S", (), {"id": student_id})
    assert sign_in_student(student_client, school["class"], student_obj, pin).status_code == 302


def test_a_birth_year_that_cannot_be_a_childs_is_refused(teacher_client, school):
    path = f"/teacher/classes/{school['class'].id}"
    response = post_form(teacher_client, path, {"display_name": "Ali", "sex": "male", "birth_year": "1890",
                                                "secret_kind": "pin"}, token_from=path)
    assert response.status_code == 400 and "Write a birth year like 2013." in response.get_data(as_text=True)


def test_teacher_edits_a_students_name_sex_and_birth_year(app, teacher_client, school):
    student_id = school["student"].id
    path = f"/teacher/classes/{school['class'].id}/students/{student_id}/edit"
    assert "ليلى" in teacher_client.get(path).get_data(as_text=True)
    response = post_form(teacher_client, path, {"display_name": "ليلى حداد", "sex": "not_stated",
                                                "birth_year": ""}, token_from=path)
    assert response.status_code == 302
    assert _student(app, student_id) == ("ليلى حداد", "not_stated", None, True)


def test_a_deactivated_student_cannot_sign_in_until_reactivated(app, client, teacher_client, school):
    student = school["student"]
    path = f"/teacher/classes/{school['class'].id}/students/{student.id}/active"
    roster = f"/teacher/classes/{school['class'].id}"
    assert post_form(teacher_client, path, {"active": "0"}, token_from=roster).status_code == 302
    assert _student(app, student.id)[3] is False
    page = teacher_client.get(roster).get_data(as_text=True)
    assert "deactivated" in page and "Reactivate" in page
    pupil = app.test_client()
    assert student.display_name not in pupil.get(f"/join/{school['class'].code}").get_data(as_text=True)
    assert sign_in_student(pupil, school["class"], student, school["pin"]).status_code == 404
    assert post_form(teacher_client, path, {"active": "1"}, token_from=roster).status_code == 302
    assert sign_in_student(pupil, school["class"], student, school["pin"]).status_code == 302


def test_a_request_without_a_choice_changes_nothing(app, teacher_client, school):
    student = school["student"]
    path = f"/teacher/classes/{school['class'].id}/students/{student.id}/active"
    assert post_form(teacher_client, path, {}, token_from="/teacher/classes").status_code == 400
    assert _student(app, student.id)[3] is True


def test_forms_without_csrf_token_are_refused(app, teacher_client, school):
    response = teacher_client.post(f"/teacher/classes/{school['class'].id}/delete", data={"confirm": "y"})
    assert response.status_code == 400
    assert _class(app, school["class"].id) is not None


def test_class_list_counts_only_active_students(app, teacher_client, school):
    with app.app_context():
        db.session.get(Student, school["student"].id).active = False
        db.session.commit()
    page = teacher_client.get("/teacher/classes").get_data(as_text=True)
    assert "0 students" in page


def test_eastern_arabic_digits_are_accepted_and_letters_get_our_message(app, teacher_client, school):
    path = f"/teacher/classes/{school['class'].id}"
    response = post_form(teacher_client, path, {"display_name": "سامي", "sex": "male", "birth_year": "٢٠١٣",
                                                "secret_kind": "pin"}, token_from=path)
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(Student.birth_year).where(Student.display_name == "سامي")) == 2013
    response = post_form(teacher_client, path, {"display_name": "هادي", "sex": "male", "birth_year": "20x3",
                                                "secret_kind": "pin"}, token_from=path)
    assert response.status_code == 400 and "Write a birth year like 2013." in response.get_data(as_text=True)
