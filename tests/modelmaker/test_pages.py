"""The model maker through its pages: a student's project from start to use, the class's shared
data, the teacher's moderation, the admin's quotas, bad input and another class's students."""
import re

import sqlalchemy as sa

from kit_server.extensions import db
from kit_server.modelmaker.models import ModelExample, ModelProject, ModelVersion

from ..conftest import csrf_token, make_student, sign_in_staff, sign_in_student
from .data import GREETINGS, THANKS

AR = {"Accept-Language": "ar"}


def _start(client, name="تحية أم شكر", kind="words", labels=("تحية", "شكر"), columns=()):
    token = csrf_token(client, "/make")
    return client.post("/make", data={"csrf_token": token, "name": name, "kind": kind, "label": list(labels),
                                      "column": list(columns)}, headers=AR)


def _add(client, project_id, label, **fields):
    token = csrf_token(client, f"/make/{project_id}")
    return client.post(f"/make/{project_id}/examples", data={"csrf_token": token, "example_label": label, **fields},
                       headers=AR)


def _train(client, project_id):
    """Press Train as a student does: while the kit's workers start, the page says to press again
    (the training goes on meanwhile, so a later press finds it done)."""
    for _ in range(60):
        token = csrf_token(client, f"/make/{project_id}")
        response = client.post(f"/make/{project_id}/train", data={"csrf_token": token})
        if response.headers["Location"].endswith("#result"):
            return response
        assert "العدّة" in client.get(f"/make/{project_id}", headers=AR).get_data(as_text=True)
    raise AssertionError("never trained")


def _class_project(app, school):
    """The teacher starts a words project for the whole class; returns (teacher's client, project id)."""
    teacher = app.test_client()
    sign_in_staff(teacher, "teacher")
    token = csrf_token(teacher, f"/teacher/classes/{school['class'].id}/models")
    started = teacher.post(f"/teacher/classes/{school['class'].id}/models",
                           data={"csrf_token": token, "name": "مشروع الصف", "kind": "words", "label": ["تحية", "شكر"]})
    return teacher, int(re.search(r"/teacher/models/(\d+)", started.headers["Location"])[1])


def _project_id(response) -> int:
    return int(re.search(r"/make/(\d+)", response.headers["Location"])[1])


def _rows(app, model, **where):
    with app.app_context():
        return db.session.scalars(sa.select(model).filter_by(**where)).all()


def test_a_student_collects_trains_tests_and_uses_a_words_model(app, client, school, login_as):
    login_as("student")
    project_id = _project_id(_start(client))
    for text in GREETINGS[:8]:
        assert _add(client, project_id, "تحية", text=text).status_code == 302
    for text in THANKS[:8]:
        _add(client, project_id, "شكر", text=text)
    _train(client, project_id)
    token = csrf_token(client, f"/make/{project_id}")
    page = client.get(f"/make/{project_id}", headers=AR).get_data(as_text=True)
    version = _rows(app, ModelVersion, project_id=project_id)[0]
    shown = f"{round(version.result['accuracy'] * 100)}%"
    assert "الإصدار 1" in page and shown in page  # the accuracy measured on kept-aside examples
    answer = client.post(f"/make/{project_id}/try", data={"csrf_token": token, "text": "merci ktir"}, headers=AR)
    assert "«شكر»" in answer.get_data(as_text=True) or "“شكر”" in answer.get_data(as_text=True)
    use = client.get(f"/make/{project_id}/use", headers=AR).get_data(as_text=True)
    assert "تحية أم شكر" in use


def test_bad_examples_get_a_message_and_store_nothing(app, client, school, login_as):
    login_as("student")
    project_id = _project_id(_start(client))
    cases = [({"text": ""}, "تحية"), ({"text": "x" * 201}, "تحية"), ({"text": "مرحبا"}, "not-a-label"),
             ({"text": "مرحبا"}, "")]
    for fields, label in cases:
        response = _add(client, project_id, label, **fields)
        assert response.status_code in (400, 302)
        assert response.status_code == 400 or "flash-error" in client.get(f"/make/{project_id}").get_data(as_text=True)
    assert _rows(app, ModelExample, project_id=project_id) == []


def test_a_drawing_with_no_strokes_or_a_broken_grid_is_refused(app, client, school, login_as):
    login_as("student")
    project_id = _project_id(_start(client, name="رسوم", kind="drawings", labels=("قطة", "سمكة")))
    for pixels in (",".join(["0"] * 256), ",".join(["16"] * 10), ",".join(["99"] * 256), "𝟙," * 255 + "1"):
        response = _add(client, project_id, "قطة", pixels=pixels)
        assert response.status_code == 400
    assert "الرسم فارغ" in _add(client, project_id, "قطة", pixels=",".join(["0"] * 256)).get_data(as_text=True)
    assert _rows(app, ModelExample, project_id=project_id) == []


def test_projects_need_two_to_six_plain_labels(app, client, school, login_as):
    login_as("student")
    for labels in (("وحيد",), ("a", "b", "c", "d", "e", "f", "g"), ("<b>x</b>", "y"), ("نعم", "نعم")):
        response = _start(client, labels=labels)
        assert response.headers["Location"].endswith("/make")
    assert _rows(app, ModelProject) == []
    page = client.get("/make", headers=AR).get_data(as_text=True)
    assert "flash-error" in page


def test_training_with_too_few_examples_says_what_is_missing(app, client, school, login_as):
    login_as("student")
    project_id = _project_id(_start(client))
    _add(client, project_id, "تحية", text="مرحبا")
    _add(client, project_id, "شكر", text="شكرا")
    token = csrf_token(client, f"/make/{project_id}")
    client.post(f"/make/{project_id}/train", data={"csrf_token": token})
    assert "3 أمثلة على الأقل" in client.get(f"/make/{project_id}", headers=AR).get_data(as_text=True)
    assert _rows(app, ModelVersion, project_id=project_id) == []


def test_another_class_sees_nothing_and_a_classmate_only_tries(app, client, school, login_as):
    login_as("student")
    project_id = _project_id(_start(client))
    other = app.test_client()
    stranger, pin = make_student(school["other_class"], name="غريب")
    sign_in_student(other, school["other_class"], stranger, pin)
    for path in (f"/make/{project_id}", f"/make/{project_id}/use", f"/make/{project_id}/card"):
        assert other.get(path).status_code == 404
    classmate_client = app.test_client()
    classmate, pin = make_student(school["class"], name="رامي")
    sign_in_student(classmate_client, school["class"], classmate, pin)
    assert classmate_client.get(f"/make/{project_id}/use").status_code == 200
    token = csrf_token(classmate_client, f"/make/{project_id}")
    refused = classmate_client.post(f"/make/{project_id}/examples",
                                    data={"csrf_token": token, "example_label": "تحية", "text": "هاي"})
    assert refused.status_code == 404 and _rows(app, ModelExample, project_id=project_id) == []


def test_a_class_project_gathers_everyones_examples_and_the_teacher_moderates(app, client, school):
    teacher, project_id = _class_project(app, school)
    students = []
    for name in ("سارة", "جاد"):
        student, pin = make_student(school["class"], name=name)
        browser = app.test_client()
        sign_in_student(browser, school["class"], student, pin)
        _add(browser, project_id, "تحية", text=f"مرحبا من {name}")
        students.append(browser)
    moderation = teacher.get(f"/teacher/models/{project_id}", headers=AR).get_data(as_text=True)
    assert "سارة" in moderation and "جاد" in moderation  # who added how many, inside the class
    example = _rows(app, ModelExample, project_id=project_id)[0]
    token = csrf_token(teacher, f"/teacher/models/{project_id}")
    teacher.post(f"/teacher/models/{project_id}/examples/{example.id}/delete", data={"csrf_token": token})
    assert len(_rows(app, ModelExample, project_id=project_id)) == 1
    teacher.post(f"/teacher/models/{project_id}/lock", data={"csrf_token": token, "locked": "1"})
    assert _add(students[1], project_id, "شكر", text="شكرا").status_code == 400
    other_teacher = app.test_client()
    sign_in_staff(other_teacher, "other")
    assert other_teacher.get(f"/teacher/models/{project_id}").status_code == 404


def test_the_admins_quota_is_enforced_with_a_message(app, client, school, login_as):
    admin = app.test_client()
    sign_in_staff(admin, "admin")
    token = csrf_token(admin, "/admin/model-maker")
    assert admin.post("/admin/model-maker", data={"csrf_token": token, "examples": "٣", "kilobytes": "10"}).status_code == 400
    admin.post("/admin/model-maker", data={"csrf_token": token, "examples": "10", "kilobytes": "100"})
    login_as("student")
    project_id = _project_id(_start(client))
    for i in range(10):
        _add(client, project_id, "تحية", text=f"مرحبا {i}")
    refused = _add(client, project_id, "تحية", text="واحد زيادة")
    assert refused.status_code == 400 and "بقدر ما تسمح" in refused.get_data(as_text=True)
    assert len(_rows(app, ModelExample, project_id=project_id)) == 10


def test_deleting_a_student_removes_their_examples_and_the_versions_that_learnt_from_them(app, client, school, login_as):
    from kit_server.reports.data import delete_student, export_student

    login_as("student")
    project_id = _project_id(_start(client))
    for text in GREETINGS[:3]:
        _add(client, project_id, "تحية", text=text)
    for text in THANKS[:3]:
        _add(client, project_id, "شكر", text=text)
    _train(client, project_id)
    with app.app_context():
        exported = export_student(school["student"].id)
        assert len(exported["model_examples"]) == 6 and exported["model_projects"][0]["name"] == "تحية أم شكر"
        delete_student(school["student"].id)
        db.session.commit()
    assert _rows(app, ModelExample) == [] and _rows(app, ModelVersion) == [] and _rows(app, ModelProject) == []


def test_a_photo_arrives_as_16_by_16_colour_dots_and_nothing_else_is_taken(app, client, school, login_as):
    from .data import colour_photo

    import random

    login_as("student")
    project_id = _project_id(_start(client, name="ألوان", kind="photos", labels=("أحمر", "أخضر")))
    good = ",".join(map(str, colour_photo("red", random.Random(1))))
    assert _add(client, project_id, "أحمر", rgb=good).status_code == 302
    for bad in ("", ",".join(["300"] * 768), ",".join(["1"] * 767), "x," * 767 + "1"):
        response = _add(client, project_id, "أحمر", rgb=bad)
        assert response.status_code == 400 and "تعذّرت قراءة هذه الصورة" in response.get_data(as_text=True)
    assert len(_rows(app, ModelExample, project_id=project_id)) == 1
    page = client.get(f"/make/{project_id}", headers=AR).get_data(as_text=True)
    assert "لا الوجوه" in page  # the page says what such a model can and cannot learn


def test_the_projector_shows_the_class_data_and_result_without_names(app, client, school):
    teacher, project_id = _class_project(app, school)
    student, pin = make_student(school["class"], name="سارة")
    browser = app.test_client()
    sign_in_student(browser, school["class"], student, pin)
    for text in ("مرحبا", "أهلا"):
        _add(browser, project_id, "تحية", text=text)
    assert "إظهاره على جهاز العرض" in teacher.get(f"/teacher/models/{project_id}", headers=AR).get_data(as_text=True)
    screen = teacher.get(f"/teacher/models/{project_id}/screen", headers=AR).get_data(as_text=True)
    assert 'class="projector"' in screen and "site-header" not in screen and "سارة" not in screen
    assert re.search(r"تحية</bdi></span>\s*<strong class=\"tally-count\">2</strong>", screen)
