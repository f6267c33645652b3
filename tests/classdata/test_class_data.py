"""A class collects its own drawings; the teacher retrains; everyone sees before and after."""
from ..conftest import csrf_token, make_student, sign_in_staff, sign_in_student

SEVEN = [0] * 64
for index in (1, 2, 3, 4, 5, 6, 13, 20, 27, 34, 41, 48):  # a rough 7
    SEVEN[index] = 16


def add(client, token, **body):
    return client.post("/api/class-samples", json=body, headers={"X-CSRFToken": token})


def test_student_adds_lists_and_deletes_own_drawings(app, client, login_as, school):
    login_as("student")
    token = csrf_token(client, "/me")
    created = add(client, token, kind="digit", label=7, data={"pixels": SEVEN})
    assert created.status_code == 201
    sample_id = created.get_json()["id"]
    assert [s["id"] for s in client.get("/api/class-samples").get_json()] == [sample_id]
    assert client.post(f"/api/class-samples/{sample_id}/delete", headers={"X-CSRFToken": token}).status_code == 200
    assert client.get("/api/class-samples").get_json() == []


def test_bad_samples_are_refused_naming_the_field(client, login_as, school):
    login_as("student")
    token = csrf_token(client, "/me")
    cases = {"pixels": {"kind": "digit", "label": 7, "data": {"pixels": [0] * 64}},
             "label": {"kind": "digit", "label": 12, "data": {"pixels": SEVEN}},
             "text": {"kind": "sentence", "label": "arabic", "data": {"text": "x" * 500}}}
    for field, body in cases.items():
        answer = add(client, token, **body)
        assert answer.status_code == 400 and answer.get_json()["field"] == field
        assert answer.get_json()["error"]  # a sentence in the student's language


def test_a_student_cannot_delete_another_students_drawing(app, school):
    mine = app.test_client()
    sign_in_student(mine, school["class"], school["student"], school["pin"])
    sample_id = add(mine, csrf_token(mine, "/me"), kind="digit", label=7, data={"pixels": SEVEN}).get_json()["id"]
    other_student, pin = make_student(school["class"], name="سامي")
    other = app.test_client()
    sign_in_student(other, school["class"], other_student, pin)
    token = csrf_token(other, "/me")
    assert other.post(f"/api/class-samples/{sample_id}/delete", headers={"X-CSRFToken": token}).status_code == 404
    assert other.get("/api/class-samples").get_json() == []
    assert len(mine.get("/api/class-samples").get_json()) == 1


def test_teacher_trains_and_students_see_before_and_after(app, client, school):
    student = app.test_client()
    sign_in_student(student, school["class"], school["student"], school["pin"])
    token = csrf_token(student, "/me")
    for _ in range(3):
        add(student, token, kind="digit", label=7, data={"pixels": SEVEN})
    assert student.get("/api/class-model").get_json() == {}
    sign_in_staff(client, "teacher")
    for _ in range(60):  # while the demo workers start, the page says to press again, as a teacher would
        response = client.post(f"/teacher/classes/{school['class'].id}/class-model",
                               data={"csrf_token": csrf_token(client, "/teacher/classes")})
        assert response.status_code == 302
        run = student.get("/api/class-model").get_json()
        if run:
            break
    assert run["samples"] == 3 and run["svg"].startswith("<svg")
    assert set(run["result"]["class_accuracy"]) == {"before", "after"}
