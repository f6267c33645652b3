"""Teacher-led sessions: the teacher's screen leads, students' screens follow (or roam, in open pace).

Students poll every 2 s. Each poll is one indexed read; attendance is written at most every
ATTENDANCE_WRITE seconds per student, so 35 phones polling do not queue up behind disk syncs.
Functions here flush, never commit: the route (or command) that called them owns the transaction.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import Student
from ..extensions import db
from ..lessons import catalog
from ..progress.models import ProgressEvent
from ..timeutil import utcnow
from .models import LiveSession, SessionAttendance
from .tally import item_tally

CONNECTED_WITHIN = timedelta(seconds=15)
ATTENDANCE_WRITE = timedelta(seconds=10)
MAX_LENGTH = timedelta(hours=3)  # a session left open past the end of the day is closed


def open_session(class_id: int) -> LiveSession | None:
    """The class's running session; a read only (pages call it on GET). A session left open past
    MAX_LENGTH counts as over here, and is closed for good when the next one starts."""
    return db.session.scalar(sa.select(LiveSession).where(
        LiveSession.class_id == class_id, LiveSession.ended_at.is_(None),
        LiveSession.started_at >= utcnow() - MAX_LENGTH).order_by(LiveSession.id.desc()))


def start(school_class, lesson, teacher, mode: str = "follow") -> LiveSession:
    now = utcnow()
    for running in db.session.scalars(sa.select(LiveSession).where(
            LiveSession.class_id == school_class.id, LiveSession.ended_at.is_(None))):
        # a forgotten session ends when its students were last seen, not hours later
        end(running, at=_last_activity(running) if now - running.started_at > MAX_LENGTH else now)
    session = LiveSession(class_id=school_class.id, teacher_id=teacher.id, lesson_id=lesson.id,
                          lesson_version=lesson.version, mode="open" if mode == "open" else "follow",
                          current_step_id=lesson.steps[0].id)
    db.session.add(session)
    db.session.flush()
    return session


def end(session: LiveSession, at=None) -> None:
    session.ended_at = at or utcnow()


def _last_activity(session: LiveSession):
    last = db.session.scalar(sa.select(sa.func.max(SessionAttendance.last_seen))
                             .where(SessionAttendance.session_id == session.id))
    return max(filter(None, [last, session.started_at]))


def go_to(session: LiveSession, step_id: str) -> None:
    lesson = catalog().lesson(session.lesson_id)
    if lesson is None or lesson.step(step_id) is None:
        raise ValueError("unknown step")
    if step_id != session.current_step_id:
        session.current_step_id, session.revealed = step_id, False


def seen(session: LiveSession, student: Student) -> None:
    """The student's page polled: they are here (attendance), written only now and then."""
    now = utcnow()
    row = db.session.get(SessionAttendance, (session.id, student.id))
    if row is None:
        db.session.add(SessionAttendance(session_id=session.id, student_id=student.id, first_seen=now, last_seen=now))
        db.session.flush()
    elif now - row.last_seen > ATTENDANCE_WRITE:
        row.last_seen = now
        db.session.flush()


def set_mode(session: LiveSession, mode: str) -> None:
    session.mode = "open" if mode == "open" else "follow"


def reveal(session: LiveSession) -> None:
    session.revealed = True


def state_for_student(session: LiveSession | None) -> dict:
    if session is None:
        return {"live": False}
    return {"live": True, "session": session.id, "lesson": session.lesson_id, "mode": session.mode,
            "step": session.current_step_id, "revealed": session.revealed}


def _latest_answers(session: LiveSession, step_id: str) -> dict[int, dict]:
    """Each student's last answer per item on this step since the session began."""
    events = db.session.scalars(sa.select(ProgressEvent).where(
        ProgressEvent.lesson_id == session.lesson_id, ProgressEvent.step_id == step_id,
        ProgressEvent.kind == "answer", ProgressEvent.received_at >= session.started_at,
        ProgressEvent.student_id.in_(sa.select(Student.id).where(Student.class_id == session.class_id)))
        .order_by(ProgressEvent.client_seq))
    answers: dict[int, dict] = {}
    for event in events:
        answers.setdefault(event.student_id, {})[event.payload["item"]] = event.payload
    return answers


def teacher_view(session: LiveSession, school_class, names: bool = True) -> dict:
    """Who is here, who has answered the current step, and per item of the step the projector's
    tally. names=False (the projector) leaves every student out, not only their names."""
    now = utcnow()
    attendance = {row.student_id: row for row in db.session.scalars(
        sa.select(SessionAttendance).where(SessionAttendance.session_id == session.id))}
    answers = _latest_answers(session, session.current_step_id)
    students = [{"id": s.id, "name": s.display_name,
                 "connected": s.id in attendance and now - attendance[s.id].last_seen <= CONNECTED_WITHIN + ATTENDANCE_WRITE,
                 "present": s.id in attendance, "answered": s.id in answers}
                for s in school_class.students if s.active]
    answers = {sid: per_item for sid, per_item in answers.items() if any(s["id"] == sid for s in students)}
    return {"step": session.current_step_id, "mode": session.mode, "revealed": session.revealed,
            "students": students if names else [], "present": sum(s["present"] for s in students),
            "connected": sum(s["connected"] for s in students), "answered": len(answers),
            "class_size": len(students), "items": _item_tallies(session, answers)}


def _item_tallies(session: LiveSession, answers: dict[int, dict]) -> dict[str, dict]:
    lesson = catalog().lesson(session.lesson_id)
    step = lesson.step(session.current_step_id) if lesson else None
    if step is None:
        return {}
    return {item.id: item_tally(item, [per_item[item.id] for per_item in answers.values() if item.id in per_item],
                                session.revealed)
            for item in step.items}
