"""Fixtures for reports: direct factories for activity rows, so a test states exactly what happened
and when."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest

from kit_server.extensions import db


@pytest.fixture
def catalog_modules(app):
    from kit_server.lessons import catalog

    with app.app_context():
        return [(m.id, [lesson.id for lesson in m.lessons]) for m in catalog().modules]


class Seeder:
    """Writes rows straight into the database inside an app context."""

    def __init__(self, app):
        self.app = app

    def _add(self, *rows):
        with self.app.app_context():
            db.session.add_all(rows)
            db.session.commit()
            return [r.id if hasattr(r, "id") else None for r in rows]

    def teacher_class(self, name="الصف السابع", grade=7, username=None):
        from kit_server.auth.models import StaffUser
        from kit_server.classes.models import SchoolClass

        with self.app.app_context():
            teacher = StaffUser(role="teacher", username=username or f"t{uuid.uuid4().hex[:8]}",
                                display_name="معلّمة", password_hash="x")
            db.session.add(teacher)
            db.session.flush()
            school_class = SchoolClass(name=name, grade=grade, school_year="2026-2027", code=uuid.uuid4().hex[:8],
                                       teacher_id=teacher.id)
            db.session.add(school_class)
            db.session.commit()
            return teacher.id, school_class.id

    def student(self, class_id, *, sex="female", grade=None, name="ليلى", consent=True, scope="reports",
                birth_year=None):
        from kit_server.auth.models import Student
        from kit_server.reports.models import ConsentRecord

        with self.app.app_context():
            student = Student(class_id=class_id, display_name=name, sex=sex, grade=grade, secret_salt="s",
                              secret_hash="h", birth_year=birth_year)
            db.session.add(student)
            db.session.flush()
            if consent:
                db.session.add(ConsentRecord(student_id=student.id, basis="parent", scope=scope, status="given",
                                             given_on=date(2026, 1, 1)))
            db.session.commit()
            return student.id

    def consent_class(self, class_id, status="given", on=date(2026, 1, 1), scope="reports"):
        from kit_server.reports.models import ConsentRecord

        self._add(ConsentRecord(class_id=class_id, basis="school", scope=scope, status=status, given_on=on))

    def events(self, student_id, lesson_id, start: datetime, minutes=(0,), kind="step_viewed", payload=None):
        from kit_server.progress.models import ProgressEvent

        rows = [ProgressEvent(uuid=str(uuid.uuid4()), student_id=student_id, lesson_id=lesson_id, lesson_version=1,
                              step_id="s1", kind=kind, payload=payload or {}, client_seq=k,
                              client_time=start + timedelta(minutes=m), received_at=start + timedelta(minutes=m))
                for k, m in enumerate(minutes)]
        self._add(*rows)

    def completed(self, student_id, lesson_id, when: datetime, reflection=None):
        from kit_server.progress.models import LessonProgress

        self._add(LessonProgress(student_id=student_id, lesson_id=lesson_id, lesson_version=1, status="completed",
                                 started_at=when, updated_at=when, completed_at=when,
                                 reflections={"r": reflection} if reflection else {}))

    def test(self, student_id, module_id, phase, score, when: datetime):
        from kit_server.progress.models import ModuleTestResult

        self._add(ModuleTestResult(student_id=student_id, module_id=module_id, module_version=1, phase=phase,
                                   score=score, completed_at=when, answers={}))

    def session(self, class_id, teacher_id, start: datetime, minutes: int | None, students=()):
        from kit_server.live.models import LiveSession, SessionAttendance

        with self.app.app_context():
            row = LiveSession(class_id=class_id, teacher_id=teacher_id, lesson_id="x", lesson_version=1,
                              started_at=start, ended_at=start + timedelta(minutes=minutes) if minutes else None)
            db.session.add(row)
            db.session.flush()
            for sid in students:
                db.session.add(SessionAttendance(session_id=row.id, student_id=sid, first_seen=start,
                                                 last_seen=start))
            db.session.commit()

    def threshold(self, value: int):
        from kit_server.school.service import get_school

        with self.app.app_context():
            get_school().report_threshold = value
            db.session.commit()


@pytest.fixture
def seed(app):
    return Seeder(app)


def build(app, text="2026-11", **kwargs):
    """Build a report for a period inside the app; returns (folder, report dict)."""
    import json
    from pathlib import Path

    from kit_server.lessons import catalog
    from kit_server.reports.bundle import create_report
    from kit_server.reports.period import parse_period
    from kit_server.school.service import get_school

    with app.app_context():
        folder = create_report(Path(app.config["KIT_HOME"]), get_school(), parse_period(text, **kwargs), catalog())
    return folder, json.loads((folder / "report.json").read_text("utf-8"))
