"""The school admin's pages: an overview and the teachers."""
import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..auth.access import admin_required
from ..auth.models import TEACHER, StaffUser, Student
from ..auth.service import AccountError, create_staff
from ..classes.models import SchoolClass
from ..extensions import db
from ..school.service import get_school
from .forms import TeacherForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@admin_required
def overview():
    counts = {
        "teachers": db.session.scalar(sa.select(sa.func.count()).where(StaffUser.role == TEACHER)),
        "classes": db.session.scalar(sa.select(sa.func.count()).select_from(SchoolClass)),
        "students": db.session.scalar(sa.select(sa.func.count()).select_from(Student)),
    }
    return render_template("admin/overview.html", school=get_school(), counts=counts)


@bp.route("/teachers", methods=["GET", "POST"])
@admin_required
def teachers():
    form = TeacherForm()
    status = 200
    if form.validate_on_submit():
        try:
            create_staff(TEACHER, form.username.data, form.display_name.data, form.password.data)
        except AccountError as error:
            if str(error) != "username_taken":
                raise
            form.username.errors.append(_("This username is already taken. Please choose another."))
            status = 400
        else:
            db.session.commit()
            flash(_("Teacher added. They can sign in now."), "success")
            return redirect(url_for("admin.teachers"))
    elif form.is_submitted():
        status = 400
    staff = db.session.scalars(sa.select(StaffUser).order_by(StaffUser.display_name)).all()
    return render_template("admin/teachers.html", form=form, staff=staff), status
