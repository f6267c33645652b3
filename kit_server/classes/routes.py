"""Teachers' class pages: their classes, a roster, adding, editing and deactivating students.

Every class-scoped view starts with `own_class`: another teacher's class (or student) is simply not
found (404), so a refusal never tells whether the class exists. CSV import and login cards live in
import_routes.py and cards_routes.py, on this same blueprint.
"""
from datetime import date

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import staff_required
from ..auth.models import Student
from ..auth.service import AccountError, set_student_secret
from ..extensions import db
from ..reports.period import school_year_of
from . import service
from .forms import ClassForm, DeleteClassForm, StudentDetailsForm, StudentForm
from .models import SchoolClass

bp = Blueprint("classes", __name__, url_prefix="/teacher")


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


def no_store(response):
    """Pages showing a PIN or password must not stay in the browser's cache on a shared PC."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/classes", methods=["GET", "POST"])
@staff_required
def list_classes():
    form = ClassForm(school_year=school_year_of(date.today()), locale="ar")
    if form.validate_on_submit():
        school_class = service.create_class(current_user, form.name.data, form.grade.data,
                                            form.school_year.data, form.locale.data)
        db.session.commit()
        flash(_("Class created. Its code is %(code)s.", code=school_class.code), "success")
        return redirect(url_for("classes.roster", class_id=school_class.id))
    status = 400 if form.is_submitted() else 200
    return render_template("classes/list.html", classes=service.classes_of(current_user), form=form), status


def _render_roster(school_class, form, shown=None, status=200):
    body = render_template("classes/roster.html", school_class=school_class, form=form, shown=shown)
    return no_store(make_response(body, status))


@bp.route("/classes/<id:class_id>", methods=["GET", "POST"])
@staff_required
def roster(class_id):
    school_class = own_class(class_id)
    form = StudentForm()
    if form.validate_on_submit():
        try:
            student, secret = service.add_student(school_class, form.display_name.data, form.secret_kind.data,
                                                  sex=form.sex.data, birth_year=form.birth_year.data)
        except AccountError:
            abort(400)
        db.session.commit()
        return _render_roster(school_class, StudentForm(formdata=None), shown=(student, secret))
    return _render_roster(school_class, form, status=400 if form.is_submitted() else 200)


@bp.post("/classes/<id:class_id>/students/<id:student_id>/reset")
@staff_required
def reset_secret(class_id, student_id):
    school_class = own_class(class_id)
    student = own_student(school_class, student_id)
    secret = set_student_secret(student, student.secret_kind)
    db.session.commit()
    return _render_roster(school_class, StudentForm(formdata=None), shown=(student, secret))


@bp.route("/classes/<id:class_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_class(class_id):
    school_class = own_class(class_id)
    form = ClassForm(obj=school_class)
    if form.validate_on_submit():
        service.update_class(school_class, form.name.data, form.grade.data, form.school_year.data,
                             form.locale.data)
        db.session.commit()
        flash(_("Class saved."), "success")
        return redirect(url_for("classes.roster", class_id=school_class.id))
    status = 400 if form.is_submitted() else 200
    return render_template("classes/edit_class.html", school_class=school_class, form=form), status


@bp.route("/classes/<id:class_id>/delete", methods=["GET", "POST"])
@staff_required
def delete_class(class_id):
    school_class = own_class(class_id)
    form = DeleteClassForm()
    if form.validate_on_submit():
        name = school_class.name
        service.delete_class(school_class)
        db.session.commit()
        flash(_("The class %(name)s was deleted.", name=name), "success")
        return redirect(url_for("classes.list_classes"))
    status = 400 if form.is_submitted() else 200
    return render_template("classes/delete_class.html", school_class=school_class, form=form), status


@bp.route("/classes/<id:class_id>/students/<id:student_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_student(class_id, student_id):
    school_class = own_class(class_id)
    student = own_student(school_class, student_id)
    form = StudentDetailsForm(obj=student)
    if form.validate_on_submit():
        service.update_student(student, form.display_name.data, form.sex.data, form.birth_year.data)
        db.session.commit()
        flash(_("Student saved."), "success")
        return redirect(url_for("classes.roster", class_id=school_class.id))
    status = 400 if form.is_submitted() else 200
    return render_template("classes/edit_student.html", school_class=school_class, student=student,
                           form=form), status


@bp.post("/classes/<id:class_id>/students/<id:student_id>/active")
@staff_required
def set_student_active(class_id, student_id):
    """Deactivate (active=0) or bring back (active=1): a deactivated student cannot sign in."""
    school_class = own_class(class_id)
    student = own_student(school_class, student_id)
    wanted = request.form.get("active")
    if wanted not in ("0", "1"):
        abort(400)
    student.active = wanted == "1"
    db.session.commit()
    if student.active:
        flash(_("%(name)s can sign in again.", name=student.display_name), "success")
    else:
        flash(_("%(name)s can no longer sign in. Their work is kept.", name=student.display_name), "success")
    return redirect(url_for("classes.roster", class_id=school_class.id))


from . import cards_routes, import_routes  # noqa: E402,F401  (they add their views to `bp`)
