"""The school admin's pages: an overview, the teachers, the school's settings and all classes."""
import sqlalchemy as sa
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import admin_required
from ..auth.models import TEACHER, StaffUser, Student
from ..auth.service import AccountError, create_staff
from ..classes.models import SchoolClass
from ..extensions import db
from ..ids import parse_id
from ..lessons import catalog
from ..school.service import get_school
from . import service
from .forms import SettingsForm, TeacherForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@admin_required
def overview():
    counts = {
        "teachers": db.session.scalar(sa.select(sa.func.count()).where(StaffUser.role == TEACHER,
                                                                       StaffUser.active.is_(True))),
        "classes": db.session.scalar(sa.select(sa.func.count()).select_from(SchoolClass)),
        "students": db.session.scalar(sa.select(sa.func.count()).where(Student.active.is_(True))),
    }
    # Lessons switched off by `kit serve --skip-broken`, so the admin knows what students cannot see.
    broken = {lesson: [str(issue) for issue in issues] for lesson, issues in catalog().broken.items()}
    return render_template("admin/overview.html", school=get_school(), counts=counts, broken=broken,
                           jobs=_recent_jobs())


def _recent_jobs():
    """The last background jobs (backups, packs, reports), so each job's page is a click away."""
    from ..jobs.models import Job

    return db.session.scalars(sa.select(Job).order_by(Job.started_at.desc()).limit(8)).all()


def _render_teachers(form, status=200, new_password=None):
    staff = db.session.scalars(sa.select(StaffUser).order_by(StaffUser.display_name)).all()
    body = render_template("admin/teachers.html", form=form, staff=staff, new_password=new_password)
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"  # a new password may be on the page
    return response


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
    return _render_teachers(form, status)


def _staff_from_form() -> StaffUser:
    user_id = parse_id(request.form.get("user_id"))
    user = db.session.get(StaffUser, user_id) if user_id is not None else None
    if user is None:
        abort(400)
    return user


@bp.post("/teachers/active")
@admin_required
def teacher_active():
    """Deactivate (active=0) or bring back (active=1) a staff account; their classes stay."""
    user = _staff_from_form()
    wanted = request.form.get("active")
    if wanted not in ("0", "1"):
        abort(400)
    try:
        service.set_active(current_user, user, wanted == "1")
    except AccountError:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("admin.teachers"))
    db.session.commit()
    if user.active:
        flash(_("%(name)s can sign in again.", name=user.display_name), "success")
    else:
        flash(_("%(name)s can no longer sign in. Their classes are kept.", name=user.display_name), "success")
    return redirect(url_for("admin.teachers"))


@bp.post("/teachers/password")
@admin_required
def teacher_password():
    """A new password, shown once on the page that answers this request (never stored in clear)."""
    user = _staff_from_form()
    password = service.reset_password(user)
    db.session.commit()
    return _render_teachers(TeacherForm(formdata=None), new_password=(user, password))


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings():
    school = get_school()
    if school is None:
        abort(404)
    form = SettingsForm(obj=school)
    if form.validate_on_submit():
        service.update_settings(school, form.name.data, form.default_locale.data, form.report_threshold.data,
                                form.retention_days.data)
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("admin.settings"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/settings.html", form=form), status


@bp.get("/classes")
@admin_required
def classes():
    return render_template("admin/classes.html", rows=service.class_overview())
