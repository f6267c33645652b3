"""Teacher-led sessions: the teacher's screen leads, students' screens follow (or roam, in open pace).

Students poll every 2 s. Each poll is one indexed read; attendance is written at most every
ATTENDANCE_WRITE seconds per student, so 35 phones polling do not queue up behind disk syncs.
"""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import Student
from ..extensions import db
from ..lessons import catalog
from ..progress.models import ProgressEvent
from ..timeutil import utcnow
from .models import LiveSession, SessionAttendance

CONNECTED_WITHIN = timedelta(seconds=15)
ATTENDANCE_WRITE = timedelta(seconds=10)
MAX_LENGTH = timedelta(hours=3)  # a session left open past the end of the day is closed


def open_session(class_id: int) -> LiveSession | None:
    session = db.session.scalar(sa.select(LiveSession).where(
        LiveSession.class_id == class_id, LiveSession.ended_at.is_(None)).order_by(LiveSession.id.desc()))
    if session and utcnow() - session.started_at > MAX_LENGTH:
        end(session, at=_last_activity(session))
        db.session.commit()
        return None
    return session


def start(school_class, lesson, teacher, mode: str = "follow") -> LiveSession:
    for running in db.session.scalars(sa.select(LiveSession).where(
            LiveSession.class_id == school_class.id, LiveSession.ended_at.is_(None))):
        end(running)
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
        db.session.commit()
    elif now - row.last_seen > ATTENDANCE_WRITE:
        row.last_seen = now
        db.session.commit()


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


def teacher_view(session: LiveSession, school_class) -> dict:
    """Who is here, who has answered the current step, and the tally of answers (no names)."""
    now = utcnow()
    attendance = {row.student_id: row for row in db.session.scalars(
        sa.select(SessionAttendance).where(SessionAttendance.session_id == session.id))}
    answers = _latest_answers(session, session.current_step_id)
    students = [{"id": s.id, "name": s.display_name,
                 "connected": s.id in attendance and now - attendance[s.id].last_seen <= CONNECTED_WITHIN + ATTENDANCE_WRITE,
                 "present": s.id in attendance, "answered": s.id in answers}
                for s in school_class.students if s.active]
    tally: dict[str, Counter] = {}
    for per_item in answers.values():
        for item_id, payload in per_item.items():
            # Counted by option id (never by position: each student sees their own order);
            # a multiple answer counts once for each option it chose.
            answer = payload["answer"]
            tally.setdefault(item_id, Counter()).update(answer if isinstance(answer, list) else [str(answer)])
    return {"step": session.current_step_id, "mode": session.mode, "revealed": session.revealed,
            "students": students, "present": sum(s["present"] for s in students),
            "connected": sum(s["connected"] for s in students), "answered": len(answers),
            "tally": {item: dict(counter) for item, counter in tally.items()}}
