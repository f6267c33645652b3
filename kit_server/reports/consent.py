"""Who may be counted: a student is in reports only with a consent record that says so.

The newest record counts; a record for the student beats one for their class (a parent can refuse for
their own child even when the school consented for the class). No record: counted nowhere.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ..auth.models import Student
from ..extensions import db
from .models import BASES, SCOPES, STATUSES, ConsentRecord


class ConsentError(ValueError):
    pass


def record(*, basis: str, scope: str, status: str, given_on: date, class_id: int | None = None,
           student_id: int | None = None, recorded_by: int | None = None) -> ConsentRecord:
    if (class_id is None) == (student_id is None):
        raise ConsentError("target")
    if basis not in BASES or scope not in SCOPES or status not in STATUSES:
        raise ConsentError("choice")
    row = ConsentRecord(basis=basis, scope=scope, status=status, given_on=given_on, class_id=class_id,
                        student_id=student_id, recorded_by=recorded_by)
    db.session.add(row)
    db.session.flush()
    return row


def decisions(on: date) -> dict[int, ConsentRecord | None]:
    """student id -> the record that decides for them on that date (None: no record)."""
    records = db.session.scalars(
        sa.select(ConsentRecord).where(ConsentRecord.given_on <= on)
        .order_by(ConsentRecord.given_on, ConsentRecord.id)
    ).all()
    by_class = {r.class_id: r for r in records if r.class_id is not None}  # later ones overwrite
    by_student = {r.student_id: r for r in records if r.student_id is not None}
    students = db.session.execute(sa.select(Student.id, Student.class_id)).all()
    return {sid: by_student.get(sid) or by_class.get(cid) for sid, cid in students}


def counted_students(on: date) -> tuple[set[int], set[int]]:
    """(students counted in reports, of those the ones whose test scores may be used)."""
    counted, tests = set(), set()
    for sid, decision in decisions(on).items():
        if decision is not None and decision.status == "given":
            counted.add(sid)
            if decision.scope == "reports":
                tests.add(sid)
    return counted, tests
