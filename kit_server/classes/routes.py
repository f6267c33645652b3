"""Teachers' class pages: the list of their classes, a roster, adding students, resetting a PIN."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import staff_required
from ..auth.models import Student
from ..auth.service import AccountError, set_student_secret
from ..extensions import db
from . import service
from .forms import ClassForm, StudentForm
from .models import SchoolClass

bp = Blueprint("classes", __name__, url_prefix="/teacher")


def _current_school_year() -> str:
    today = date.today()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


def _own_class(class_id: int) -> SchoolClass:
    """Load → check access: another teacher's class is simply not found."""
    school_class = db.session.get(SchoolClass, class_id)
    if school_class is None or not service.can_manage(current_user, school_class):
        abort(404)
    return school_class


@bp.route("/classes", methods=["GET", "POST"])
@staff_required
def list_classes():
    form = ClassForm(school_year=_current_school_year(), locale="ar")
    if form.validate_on_submit():
        school_class = service.create_class(current_user, form.name.data, form.grade.data,
                                            form.school_year.data, form.locale.data)
        db.session.commit()
        flash(_("Class created. Its code is %(code)s.", code=school_class.code), "success")
        return redirect(url_for("classes.roster", class_id=school_class.id))
    return render_template("classes/list.html", classes=service.classes_of(current_user), form=form)


@bp.route("/classes/<int:class_id>", methods=["GET", "POST"])
@staff_required
def roster(class_id):
    school_class = _own_class(class_id)
    form = StudentForm()
    shown = None
    if form.validate_on_submit():
        try:
            student, secret = service.add_student(school_class, form.display_name.data, form.secret_kind.data)
        except AccountError:
            abort(400)
        db.session.commit()
        shown = (student, secret)
    return render_template("classes/roster.html", school_class=school_class, form=form, shown=shown)


@bp.post("/classes/<int:class_id>/students/<int:student_id>/reset")
@staff_required
def reset_secret(class_id, student_id):
    school_class = _own_class(class_id)
    student = db.session.get(Student, student_id)
    if student is None or student.class_id != school_class.id:
        abort(404)
    secret = set_student_secret(student, student.secret_kind)
    db.session.commit()
    return render_template("classes/roster.html", school_class=school_class, form=StudentForm(),
                           shown=(student, secret))
