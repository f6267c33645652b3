"""Class progress for teachers: who has started, finished, and how they answered."""
import csv
import io

from flask import Blueprint, Response, abort, render_template
from flask_babel import get_locale

from ..classes.routes import own_class
from ..auth.access import staff_required
from ..auth.models import Student
from ..extensions import db
from ..lessons import catalog
from ..classdata.service import latest_run
from ..live.service import open_session
from . import service

bp = Blueprint("dashboard", __name__, url_prefix="/teacher/classes/<int:class_id>")


@bp.get("/progress")
@staff_required
def class_progress(class_id):
    school_class = own_class(class_id)
    lessons = service.class_lessons(school_class)
    grid = service.progress_grid(school_class, lessons)
    return render_template("dashboard/class.html", school_class=school_class, lessons=lessons, grid=grid,
                           lang=str(get_locale()), live=open_session(school_class.id), all_lessons=catalog().lessons,
                           difficult=service.difficult_questions(school_class, lessons)[:10],
                           pre_post=service.pre_post(school_class), class_run=latest_run(school_class.id),
                           **service.class_charts(class_id, grid))


@bp.get("/progress.csv")
@staff_required
def class_progress_csv(class_id):
    """For the teacher's own records (names included: it stays in the school)."""
    school_class = own_class(class_id)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=service.CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(service.progress_rows(school_class, service.class_lessons(school_class)))
    # A BOM so that Excel on Arabic Windows opens the names as UTF-8.
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="class-{class_id}-progress.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/students/<int:student_id>/progress")
@staff_required
def student_progress(class_id, student_id):
    school_class = own_class(class_id)
    student = db.session.get(Student, student_id)
    if student is None or student.class_id != school_class.id:
        abort(404)
    return render_template("dashboard/student.html", school_class=school_class, student=student,
                           lessons=service.student_lessons(student), lang=str(get_locale()))
