"""The admin's work on staff accounts and school settings; no Flask request objects here."""
from __future__ import annotations

import secrets

import sqlalchemy as sa

from ..auth.models import StaffUser, Student
from ..auth.service import AccountError, set_staff_password
from ..classes.models import SchoolClass
from ..extensions import db

# No 0/O, 1/l/I: the new password is read aloud or copied from the screen by hand.
_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def new_password() -> str:
    """Three groups of four, e.g. 'k7pm-3xqa-9fzt': about 60 bits, easy to copy."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def reset_password(user: StaffUser) -> str:
    password = new_password()
    set_staff_password(user, password)
    return password


def set_active(admin: StaffUser, user: StaffUser, active: bool) -> None:
    """Deactivate or bring back an account; an admin cannot lock themselves out."""
    if user.id == admin.id and not active:
        raise AccountError("self")
    user.active = active


def update_settings(school, name: str, default_locale: str, report_threshold: int, retention_days: int,
                    test_attempts: int | None = None) -> None:
    if not name.strip():
        raise AccountError("school_name")
    school.name = name.strip()
    school.default_locale = default_locale
    school.report_threshold = report_threshold
    school.retention_days = retention_days
    if test_attempts is not None:
        school.test_attempts = test_attempts


def class_overview() -> list[tuple[SchoolClass, StaffUser, int]]:
    """Every class with its teacher and its number of active students, in one query."""
    active_students = (sa.select(Student.class_id, sa.func.count(Student.id).label("n"))
                       .where(Student.active.is_(True)).group_by(Student.class_id).subquery())
    query = (sa.select(SchoolClass, StaffUser, sa.func.coalesce(active_students.c.n, 0))
             .join(StaffUser, SchoolClass.teacher_id == StaffUser.id)
             .outerjoin(active_students, active_students.c.class_id == SchoolClass.id)
             .order_by(StaffUser.display_name, SchoolClass.name))
    return [tuple(row) for row in db.session.execute(query)]
