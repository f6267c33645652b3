"""Who may open a class: the one access check every class-scoped page uses.

It lives here, not in routes.py, so that dashboard, live, notebooks, classdata and assignments can
import it without importing another package's views. Another teacher's class (or student) is simply
not found (404), so a refusal never tells whether the class exists.
"""
from flask import abort
from flask_login import current_user

from ..auth.models import Student
from ..extensions import db
from . import service
from .models import SchoolClass


def own_class(class_id: int) -> SchoolClass:
    """Load → check access: another teacher's class is simply not found."""
    school_class = db.session.get(SchoolClass, class_id)
    if school_class is None or not service.can_manage(current_user, school_class):
        abort(404)
    return school_class


def own_student(school_class: SchoolClass, student_id: int) -> Student:
    student = service.student_in(school_class, student_id)
    if student is None:
        abort(404)
    return student
