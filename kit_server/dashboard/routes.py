"""Class progress for teachers: who has started, finished, and how they answered."""
from flask import Blueprint, Response, abort, render_template
from flask_babel import get_locale

from ..classes.access import own_class
from ..auth.access import staff_required
from ..auth.models import Student
from .. import spreadsheet
from ..extensions import db
from ..lessons import catalog
from ..classdata.service import latest_run
from ..live.service import open_session
from . import charts, service

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
bp = Blueprint("dashboard", __name__, url_prefix="/teacher/classes/<id:class_id>")


@bp.get("/progress")
@staff_required
def class_progress(class_id):
    school_class = own_class(class_id)
    lessons = service.class_lessons(school_class)
    lang = str(get_locale())
    grid = service.progress_grid(school_class, lessons)
    done = [p for p in grid.values() if p.status == "completed"]
    state = (class_id, len(done), max((p.updated_at for p in grid.values()), default=None))
    return render_template("dashboard/class.html", school_class=school_class, lessons=lessons, grid=grid,
                           lang=lang, live=open_session(school_class.id), all_lessons=catalog().lessons,
                           difficult=service.difficult_questions(school_class, lessons)[:10],
                           pre_post=service.pre_post(school_class), class_run=latest_run(school_class.id),
                           completion_chart=charts.cached(("completion", *state), lambda: charts.completion_over_time(
                               [p.completed_at.date() for p in done])),
                           score_chart=charts.cached(("scores", *state), lambda: charts.score_distribution(
                               [p.score for p in done if p.score is not None])))


@bp.get("/progress.csv")
@staff_required
def class_progress_csv(class_id):
    """For the teacher's own records (names included: it stays in the school)."""
    school_class = own_class(class_id)
    rows = service.progress_rows(school_class, service.class_lessons(school_class))
    # Opens in columns in Excel on Arabic and French Windows; names are never run as formulas.
    response = Response(spreadsheet.csv_text(service.CSV_COLUMNS, rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="class-{class_id}-progress.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/progress.xlsx")
@staff_required
def class_progress_xlsx(class_id):
    """The same table as an Excel workbook: opens in columns whatever the language of Windows."""
    school_class = own_class(class_id)
    rows = service.progress_rows(school_class, service.class_lessons(school_class))
    response = Response(spreadsheet.xlsx_bytes("progress", service.CSV_COLUMNS, rows), mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="class-{class_id}-progress.xlsx"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/students/<id:student_id>/progress")
@staff_required
def student_progress(class_id, student_id):
    school_class = own_class(class_id)
    student = db.session.get(Student, student_id)
    if student is None or student.class_id != school_class.id:
        abort(404)
    return render_template("dashboard/student.html", school_class=school_class, student=student,
                           lessons=service.student_lessons(student), lang=str(get_locale()))
