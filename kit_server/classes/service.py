"""Classes and their students (the roster); no Flask request objects here."""
from __future__ import annotations

import sqlalchemy as sa

from ..auth import secrets as kit_secrets
from ..auth.models import SEXES, StaffUser, Student
from ..auth.service import AccountError, set_student_secret
from ..extensions import db
from .models import SchoolClass


def create_class(teacher: StaffUser, name: str, grade: int | None, school_year: str,
                 locale: str = "ar") -> SchoolClass:
    if not name.strip():
        raise AccountError("class_name")
    code = kit_secrets.new_class_code()
    while db.session.scalar(sa.select(SchoolClass.id).where(SchoolClass.code == code)):
        code = kit_secrets.new_class_code()
    school_class = SchoolClass(name=name.strip(), grade=grade, school_year=school_year,
                               locale=locale, code=code, teacher_id=teacher.id)
    db.session.add(school_class)
    db.session.flush()
    return school_class


def add_student(school_class: SchoolClass, display_name: str, kind: str = "pin", *,
                sex: str = "not_stated", birth_year: int | None = None,
                grade: int | None = None) -> tuple[Student, str | list[str]]:
    """Add one student; returns the student and the PIN or pictures to hand to them."""
    student, shown = _new_student(school_class, display_name, kind, sex, birth_year, grade)
    db.session.flush()
    return student, shown


def _new_student(school_class: SchoolClass, display_name: str, kind: str, sex: str, birth_year: int | None,
                 grade: int | None) -> tuple[Student, str | list[str]]:
    """A checked new student in the session, not yet written (an import writes all its rows at once)."""
    if not display_name.strip():
        raise AccountError("display_name")
    if sex not in SEXES:
        raise AccountError("sex")
    student = Student(class_id=school_class.id, display_name=display_name.strip(), sex=sex,
                      grade=grade or school_class.grade, birth_year=birth_year)
    shown = set_student_secret(student, kind)
    db.session.add(student)
    return student, shown


def find_class_by_code(code: str) -> SchoolClass | None:
    code = kit_secrets.normalise_digits(code)
    if not code.isdigit():
        return None
    return db.session.scalar(sa.select(SchoolClass).where(SchoolClass.code == code))


def classes_of(teacher: StaffUser) -> list[SchoolClass]:
    query = sa.select(SchoolClass).order_by(SchoolClass.name)
    if teacher.role != "admin":
        query = query.where(SchoolClass.teacher_id == teacher.id)
    return list(db.session.scalars(query))


def can_manage(user, school_class: SchoolClass) -> bool:
    """Admins manage every class; a teacher only their own."""
    return user.role == "admin" or school_class.teacher_id == user.id


def update_class(school_class: SchoolClass, name: str, grade: int | None, school_year: str, locale: str) -> None:
    if not name.strip():
        raise AccountError("class_name")
    school_class.name, school_class.grade = name.strip(), grade
    school_class.school_year, school_class.locale = school_year, locale


def delete_class(school_class: SchoolClass) -> None:
    """The class and its students go (their rows cascade in the database)."""
    db.session.delete(school_class)
    db.session.flush()


def student_in(school_class: SchoolClass, student_id: int) -> Student | None:
    student = db.session.get(Student, student_id)
    return student if student is not None and student.class_id == school_class.id else None


def update_student(student: Student, display_name: str, sex: str, birth_year: int | None) -> None:
    if not display_name.strip():
        raise AccountError("display_name")
    if sex not in SEXES:
        raise AccountError("sex")
    student.display_name, student.sex, student.birth_year = display_name.strip(), sex, birth_year


def import_rows(school_class: SchoolClass, rows, kind: str, progress=None) -> list[Student]:
    """Add every planned row in the caller's transaction; a name now already in the class is skipped.

    The caller commits once, so a failure anywhere leaves the class exactly as it was."""
    from .csv_import import name_key

    taken = {name_key(s.display_name) for s in school_class.students}
    added = []
    with db.session.no_autoflush:  # one write for the whole list: the database stays locked for less time
        for row in rows:
            if name_key(row.name) in taken:
                continue
            student, _secret = _new_student(school_class, row.name, kind, row.sex, row.birth_year, row.grade)
            taken.add(name_key(row.name))
            added.append(student)
            if progress:
                progress(1)
    db.session.flush()
    return added


def issue_cards(students: list[Student]) -> list[tuple[Student, str | list[str]]]:
    """New secrets for these students (a stored secret is hashed and cannot be printed again)."""
    return [(student, set_student_secret(student, student.secret_kind)) for student in students]
