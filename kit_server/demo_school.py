"""The demo school that `make run` starts with: one admin, one teacher, one class of 25 students.

Its secrets are fixed and printed on purpose so that anyone can try the kit at once; a real school
creates its own accounts with `kit init` and never uses these.
"""
from __future__ import annotations

import random

import sqlalchemy as sa

from .assignments.models import Assignment
from .assignments.service import assign
from .auth import secrets as kit_secrets
from .auth.models import ADMIN, TEACHER, StaffUser
from .auth.service import create_staff, set_staff_password, store_student_secret
from .classes.models import SchoolClass
from .classes.service import add_student, create_class
from .extensions import db
from .lessons import catalog
from .school.service import ensure_school

ADMIN_LOGIN = ("admin", "demo-admin-2026")
TEACHER_LOGIN = ("teacher", "demo-teacher-2026")
CLASS_NAME = "الصف السابع - أ"
CLASS_CODE = "246810"

# (name, sex, secret kind); invented names, common in Lebanon.
STUDENTS = [
    ("ليلى حداد", "female"), ("محمد خليل", "male"), ("نور سليمان", "female"), ("يوسف عيسى", "male"),
    ("مريم شمس الدين", "female"), ("علي حمدان", "male"), ("سارة نصر", "female"), ("حسن فرحات", "male"),
    ("زينب موسى", "female"), ("كريم عون", "male"), ("رنا سعادة", "female"), ("عمر الحسيني", "male"),
    ("هبة يونس", "female"), ("جاد أبو خليل", "male"), ("ياسمين بزي", "female"), ("خالد شهاب", "male"),
    ("فاطمة الزين", "female"), ("إيلي نعمة", "male"), ("تالا منصور", "female"), ("أحمد قاسم", "male"),
    ("جنى عطوي", "female"), ("رامي طربيه", "male"), ("لين الأسعد", "female"), ("مازن درويش", "male"),
    ("سلمى غصن", "not_stated"),
]
PICTURE_STUDENTS = 3  # the last few sign in with pictures, to show both ways


def _demo_secret(index: int, kind: str) -> str | list[str]:
    rng = random.Random(f"kit-demo-{index}")  # stable, so `kit demo` prints the same sign-ins each time
    if kind == "picture":
        return rng.sample(kit_secrets.PICTURES, kit_secrets.PICTURES_TO_PICK)
    return f"{rng.randrange(10 ** kit_secrets.PIN_LENGTH):04d}"


def _staff(role: str, login: tuple[str, str], name: str) -> StaffUser:
    user = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == login[0]))
    if user is None:
        return create_staff(role, login[0], name, login[1])
    set_staff_password(user, login[1])
    user.active = True
    return user


def create_demo_school() -> dict:
    """Create (or refresh) the demo school and return its sign-ins."""
    ensure_school("مدرسة تجريبية")
    _staff(ADMIN, ADMIN_LOGIN, "مدير الموقع")
    teacher = _staff(TEACHER, TEACHER_LOGIN, "رانيا المعلمة")
    school_class = db.session.scalar(sa.select(SchoolClass).where(SchoolClass.code == CLASS_CODE))
    if school_class is None:
        school_class = create_class(teacher, CLASS_NAME, 7, "2026-2027", "ar")
        school_class.code = CLASS_CODE
    existing = {s.display_name: s for s in school_class.students}
    roster = []
    for index, (name, sex) in enumerate(STUDENTS):
        kind = "picture" if index >= len(STUDENTS) - PICTURE_STUDENTS else "pin"
        secret = _demo_secret(index, kind)
        student = existing.get(name) or add_student(school_class, name, kind, sex=sex)[0]
        store_student_secret(student, secret)
        roster.append((name, secret))
    if not db.session.scalar(sa.select(Assignment.id).where(Assignment.class_id == school_class.id)):
        for module in catalog().modules[:1]:  # the demo class starts with the first module assigned
            assign(school_class, module.id, teacher=teacher)
    db.session.commit()
    return {"admin": ADMIN_LOGIN, "teacher": TEACHER_LOGIN, "class_name": CLASS_NAME,
            "class_code": CLASS_CODE, "students": roster}
