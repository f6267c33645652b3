"""Teachers give lessons to a class (or a group of it), with an optional due date, and take them back."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import staff_required
from ..classes.access import own_class
from ..extensions import db
from ..ids import parse_ids
from ..lessons import catalog
from . import service
from .models import Assignment

bp = Blueprint("assignments", __name__, url_prefix="/teacher/classes/<id:class_id>/assignments")


def _parse_target(value: str):
    """'module:<id>' or 'lesson:<module id>:<lesson id>' from the form's one select."""
    kind, _sep, rest = value.partition(":")
    if kind == "module":
        return rest, None
    if kind == "lesson":
        module_id, _sep, lesson_id = rest.partition(":")
        return module_id, lesson_id
    return None, None


@bp.route("", methods=["GET", "POST"])
@staff_required
def manage(class_id):
    school_class = own_class(class_id)
    status = 200
    if request.method == "POST":
        module_id, lesson_id = _parse_target(request.form.get("target", ""))
        due_text = request.form.get("due_date", "").strip()
        ids = parse_ids(request.form.getlist("students"))
        students = [s for s in school_class.students if s.id in ids]
        try:
            due = date.fromisoformat(due_text) if due_text else None
            service.assign(school_class, module_id or "", lesson_id, students=students, due_date=due,
                           teacher=current_user)
        except ValueError:
            flash(_("Please choose a module or a lesson, and a valid date."), "error")
            status = 400
        else:
            db.session.commit()
            flash(_("Assigned. Students see it now."), "success")
            return redirect(url_for("assignments.manage", class_id=class_id))
    assignments = db.session.query(Assignment).filter_by(class_id=class_id).order_by(Assignment.created_at).all()
    return render_template("assignments/manage.html", school_class=school_class, assignments=assignments,
                           modules=catalog().modules, catalog=catalog(), lang=str(get_locale())), status


@bp.post("/<id:assignment_id>/delete")
@staff_required
def unassign(class_id, assignment_id):
    own_class(class_id)
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.class_id != class_id:
        abort(404)
    db.session.delete(assignment)
    db.session.commit()
    flash(_("Removed. Students' work on it is kept."), "success")
    return redirect(url_for("assignments.manage", class_id=class_id))
