"""Teacher-led live sessions: start, follow, tally without names, attendance, end."""
import sqlalchemy as sa

from kit_server.extensions import db
from kit_server.live.models import LiveSession, SessionAttendance

from ..conftest import EventMaker, csrf_token, post_events, quiz_lesson, right_answer, sign_in_staff, sign_in_student


def start_session(client, school, lesson, mode="follow"):
    token = csrf_token(client, "/teacher/classes")
    response = client.post(f"/teacher/classes/{school['class'].id}/live",
                           data={"csrf_token": token, "lesson_id": lesson.id, "mode": mode})
    assert response.status_code == 302
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_students_follow_the_teachers_step(app, client, school, login_as):
    lesson, quiz = quiz_lesson(app)  # not assigned: a live session opens it for the class
    login_as("teacher")
    session_id = start_session(client, school, lesson)
    token = csrf_token(client, f"/teacher/live/{session_id}")
    client.post(f"/teacher/live/{session_id}/step", data={"csrf_token": token, "step_id": quiz.id})

    student = app.test_client()
    sign_in_student(student, school["class"], school["student"], school["pin"])
    state = student.get("/api/live").get_json()
    assert state == {"live": True, "session": session_id, "lesson": lesson.id, "mode": "follow",
                     "step": quiz.id, "revealed": False, "url": f"/lessons/{lesson.id}"}
    assert student.get(f"/lessons/{lesson.id}/{quiz.id}").status_code == 200  # the live lesson opens
    with app.app_context():
        assert db.session.get(SessionAttendance, (session_id, school["student"].id)) is not None


def test_tally_counts_answers_and_the_projector_never_gets_names(app, client, school, login_as):
    lesson, quiz = quiz_lesson(app)
    login_as("teacher")
    session_id = start_session(client, school, lesson)
    token = csrf_token(client, f"/teacher/live/{session_id}")
    client.post(f"/teacher/live/{session_id}/step", data={"csrf_token": token, "step_id": quiz.id})

    student = app.test_client()
    sign_in_student(student, school["class"], school["student"], school["pin"])
    item = quiz.items[0]
    events = EventMaker(school["student"].id, lesson)
    post_events(student, [events("answer", quiz.id, item=item.id, answer=right_answer(item))],
                token=csrf_token(student, "/me"))
    student.get("/api/live")

    projector = client.get(f"/teacher/live/{session_id}/state").get_json()
    assert projector["answered"] == 1 and projector["students"] == []
    assert projector["items"][item.id]["total"] == 1
    screen = client.get(f"/teacher/live/{session_id}/screen").get_data(as_text=True)
    assert school["student"].display_name not in screen
    console = client.get(f"/teacher/live/{session_id}/state?names=1").get_json()
    assert [s["answered"] for s in console["students"] if s["id"] == school["student"].id] == [True]


def test_reveal_and_end(app, client, school, login_as):
    lesson, quiz = quiz_lesson(app)
    login_as("teacher")
    session_id = start_session(client, school, lesson, mode="open")
    token = csrf_token(client, f"/teacher/live/{session_id}")
    client.post(f"/teacher/live/{session_id}/reveal", data={"csrf_token": token})
    student = app.test_client()
    sign_in_student(student, school["class"], school["student"], school["pin"])
    assert student.get("/api/live").get_json()["revealed"] is True
    client.post(f"/teacher/live/{session_id}/end", data={"csrf_token": token})
    assert student.get("/api/live").get_json() == {"live": False}
    with app.app_context():
        session = db.session.get(LiveSession, session_id)
        assert session.ended_at is not None and session.ended_at >= session.started_at


def test_another_teacher_cannot_lead_or_watch_the_session(app, client, school, login_as):
    lesson, _quiz = quiz_lesson(app)
    login_as("teacher")
    session_id = start_session(client, school, lesson)
    other = app.test_client()
    sign_in_staff(other, "other")
    token = csrf_token(other, "/teacher/classes")
    for path in ("", "/screen", "/state"):
        assert other.get(f"/teacher/live/{session_id}{path}").status_code == 404
    assert other.post(f"/teacher/live/{session_id}/end", data={"csrf_token": token}).status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(LiveSession.ended_at).where(LiveSession.id == session_id)) is None


def test_starting_a_new_session_ends_the_previous_one(app, client, school, login_as):
    lesson, _quiz = quiz_lesson(app)
    login_as("teacher")
    first = start_session(client, school, lesson)
    second = start_session(client, school, lesson)
    with app.app_context():
        assert db.session.get(LiveSession, first).ended_at is not None
        assert db.session.get(LiveSession, second).ended_at is None
