"""Class progress for teachers: who has started, finished, and how they answered."""
from flask import Blueprint, abort, render_template
from flask_babel import get_locale

from ..assignments.routes import own_class
from ..auth.access import staff_required
from ..auth.models import Student
from ..extensions import db
from ..lessons import catalog
from ..live.service import open_session
from . import service

bp = Blueprint("dashboard", __name__, url_prefix="/teacher/classes/<int:class_id>")


@bp.get("/progress")
@staff_required
def class_progress(class_id):
    school_class = own_class(class_id)
    lessons = service.class_lessons(school_class)
    return render_template("dashboard/class.html", school_class=school_class, lessons=lessons,
                           grid=service.progress_grid(school_class, lessons), lang=str(get_locale()),
                           live=open_session(school_class.id), all_lessons=catalog().lessons)


@bp.get("/students/<int:student_id>/progress")
@staff_required
def student_progress(class_id, student_id):
    school_class = own_class(class_id)
    student = db.session.get(Student, student_id)
    if student is None or student.class_id != school_class.id:
        abort(404)
    return render_template("dashboard/student.html", school_class=school_class, student=student,
                           lessons=service.student_lessons(student), lang=str(get_locale()))
