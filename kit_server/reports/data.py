"""One student's data (export, delete) and the retention purge.

Deleting is done table by table, not left to foreign-key cascades, so it also works on a database
opened without them and the count of removed rows can be shown to the admin.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from ..assignments.models import assignment_student
from ..auth.models import Student
from ..auth.ratelimit import forget_account
from ..extensions import db
from ..live.models import SessionAttendance
from ..modelmaker import service as modelmaker
from ..progress.models import LessonProgress, ModuleTestResult, ProgressEvent
from ..school.service import get_school
from ..timeutil import utcnow
from .models import ConsentRecord

# Every table with a row per student (name, column). A test checks no other table mentions a student.
STUDENT_TABLES = (
    (ProgressEvent.__table__, "student_id"),
    (LessonProgress.__table__, "student_id"),
    (ModuleTestResult.__table__, "student_id"),
    (SessionAttendance.__table__, "student_id"),
    (assignment_student, "student_id"),
    (ConsentRecord.__table__, "student_id"),
)


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def export_student(student_id: int) -> dict | None:
    """Everything the kit holds about one student, for the student's family (never their secret)."""
    student = db.session.get(Student, student_id)
    if student is None:
        return None
    profile = {"id": student.id, "display_name": student.display_name, "class_id": student.class_id,
               "class_name": student.school_class.name, "grade": student.grade, "sex": student.sex,
               "birth_year": student.birth_year, "sign_in_kind": student.secret_kind, "locale": student.locale,
               "active": student.active, "created_at": _iso(student.created_at),
               "last_login_at": _iso(student.last_login_at)}
    data = {"student": profile}
    for table, column in STUDENT_TABLES:
        rows = db.session.execute(sa.select(table).where(table.c[column] == student_id)).mappings().all()
        data[table.name] = [{k: _iso(v) for k, v in row.items()} for row in rows]
    data.update(modelmaker.export_student(student_id))
    return data


def delete_student(student_id: int) -> dict[str, int] | None:
    """Remove the student and every row about them; returns rows removed per table."""
    student = db.session.get(Student, student_id)
    if student is None:
        return None
    removed = modelmaker.forget_student(student_id)
    for table, column in STUDENT_TABLES:
        removed[table.name] = db.session.execute(sa.delete(table).where(table.c[column] == student_id)).rowcount
    removed["sign_in_attempt"] = forget_account(f"student:{student_id}")
    db.session.delete(student)
    db.session.flush()
    removed["student"] = 1
    return removed


def purge_expired(app) -> dict[str, int]:
    """Remove student-level records older than the school's retention period. Signed reports are
    kept (they hold no student). Called by `kit data purge` and at every `kit serve` start."""
    with app.app_context():
        result = purge_before(None)
        db.session.commit()
    return result


def purge_before(cutoff=None) -> dict[str, int]:
    school = get_school()
    if cutoff is None:
        if school is None:
            return {}
        cutoff = utcnow() - timedelta(days=school.retention_days)
    removed = {
        "progress_event": ProgressEvent.__table__.delete().where(ProgressEvent.received_at < cutoff),
        "lesson_progress": LessonProgress.__table__.delete().where(LessonProgress.updated_at < cutoff),
        "module_test_result": ModuleTestResult.__table__.delete().where(ModuleTestResult.completed_at < cutoff),
        "session_attendance": SessionAttendance.__table__.delete().where(SessionAttendance.last_seen < cutoff),
    }
    counts = {name: db.session.execute(statement).rowcount for name, statement in removed.items()}
    # Accounts switched off and unused for the whole period go too, with anything left about them.
    stale = db.session.scalars(sa.select(Student.id).where(
        Student.active.is_(False), sa.func.coalesce(Student.last_login_at, Student.created_at) < cutoff)).all()
    for student_id in stale:
        delete_student(student_id)
    counts["student"] = len(stale)
    return counts
