"""POST /api/events: every answer stored once, every bad event refused with its reason."""
import sqlalchemy as sa

from kit_server.extensions import db
from kit_server.progress.models import LessonProgress, ProgressEvent

from ..conftest import post_events as post
from ..conftest import right_answer, wrong_answer


def rows(app, model, **where):
    with app.app_context():
        return db.session.scalars(sa.select(model).filter_by(**where)).all()


def test_events_are_stored_once_and_a_resend_changes_nothing(app, client, login_as, assigned, events):
    lesson, quiz = assigned
    login_as("student")
    batch = [events("step_viewed", quiz.id),
             events("answer", quiz.id, item=quiz.items[0].id, answer=right_answer(quiz.items[0]))]
    first = post(client, batch).get_json()
    assert sorted(first["stored"]) == sorted(e["id"] for e in batch) and not first["rejected"]
    again = post(client, batch).get_json()
    assert again["stored"] == [] and sorted(again["duplicates"]) == sorted(e["id"] for e in batch)
    assert len(rows(app, ProgressEvent)) == 2
    summary = rows(app, LessonProgress)[0]
    assert summary.answers[f"{quiz.id}/{quiz.items[0].id}"]["attempts"] == 1


def test_the_server_grades_answers_itself(app, client, login_as, assigned, events):
    lesson, quiz = assigned
    item = quiz.items[0]
    login_as("student")
    post(client, [events("answer", quiz.id, item=item.id, answer=wrong_answer(item), correct=True),
                  events("answer", quiz.id, item=item.id, answer=right_answer(item))])
    entry = rows(app, LessonProgress)[0].answers[f"{quiz.id}/{item.id}"]
    assert entry["first"]["correct"] is False and entry["last"]["correct"] is True and entry["attempts"] == 2


def test_first_and_last_attempts_follow_the_client_order_not_arrival(app, client, login_as, assigned, events):
    lesson, quiz = assigned
    item = quiz.items[0]
    early = events("answer", quiz.id, item=item.id, answer=wrong_answer(item))
    late = events("answer", quiz.id, item=item.id, answer=right_answer(item))
    login_as("student")
    post(client, [late])
    post(client, [early])  # arrives last (it waited offline), but was given first
    entry = rows(app, LessonProgress)[0].answers[f"{quiz.id}/{item.id}"]
    assert entry["first"]["correct"] is False and entry["last"]["correct"] is True


def test_each_bad_event_is_rejected_with_its_reason(app, client, login_as, school, assigned, events):
    lesson, quiz = assigned
    login_as("student")
    good = events("step_viewed", quiz.id)
    bad = {
        "unknown lesson": {**events("step_viewed", quiz.id), "lesson": "no-such-lesson"},
        "unknown step": events("step_viewed", "no-such-step"),
        "unknown kind": events("teleported", quiz.id),
        "another student": {**events("step_viewed", quiz.id), "student": school["student"].id + 999},
        "future": {**events("step_viewed", quiz.id), "time": "2999-01-01T00:00:00Z"},
        "bad answer": events("answer", quiz.id, item="no-such-item", answer="x"),
        "too long": events("reflection", quiz.id, text="x"),
        "bad id": {**events("step_viewed", quiz.id), "id": "not-a-uuid"},
    }
    answer = post(client, [good, *bad.values()]).get_json()
    assert answer["stored"] == [good["id"]]
    reasons = {r["id"]: r["reason"] for r in answer["rejected"]}
    assert len(reasons) == len(bad)
    assert "unknown lesson" in reasons[bad["unknown lesson"]["id"]]
    assert "unknown step" in reasons[bad["unknown step"]["id"]]
    assert "another student" in reasons[bad["another student"]["id"]]
    assert "future" in reasons[bad["future"]["id"]]
    assert len(rows(app, ProgressEvent)) == 1


def test_oversized_batches_get_413(client, login_as, assigned, events):
    lesson, quiz = assigned
    login_as("student")
    response = post(client, [events("step_viewed", quiz.id) for _ in range(201)])
    assert response.status_code == 413 and response.is_json


def test_events_need_a_signed_in_student_and_a_csrf_token(client, login_as, assigned, events):
    lesson, quiz = assigned
    assert client.post("/api/events", json={"events": []}).status_code in (400, 401)
    login_as("student")
    assert client.post("/api/events", json={"events": [events("step_viewed", quiz.id)]}).status_code == 400


def test_step_views_move_the_resume_point_and_reflections_are_kept(app, client, login_as, assigned, events):
    lesson, quiz = assigned
    login_as("student")
    last = lesson.steps[-1]
    reflection = next((s for s in lesson.steps if s.kind == "reflection"), None)
    batch = [events("step_viewed", lesson.steps[0].id), events("step_viewed", last.id)]
    if reflection:
        batch.append(events("reflection", reflection.id, text="أتعلّم من الأمثلة"))
    post(client, batch)
    resume = client.get(f"/lessons/{lesson.id}")
    assert resume.headers["Location"].endswith(f"/lessons/{lesson.id}/{last.id}")
    if reflection:
        assert rows(app, LessonProgress)[0].reflections[reflection.id] == "أتعلّم من الأمثلة"


def test_completing_a_lesson_marks_it_done(app, client, login_as, assigned, events):
    lesson, quiz = assigned
    login_as("student")
    post(client, events.completed())
    assert rows(app, LessonProgress)[0].status == "completed"
