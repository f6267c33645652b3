"""Teachers' class pages: their classes, a roster, adding, editing and deactivating students.

Every class-scoped view starts with `own_class` (classes/access.py): another teacher's class (or
student) is simply not found (404), so a refusal never tells whether the class exists. CSV import and
login cards are here too, on the same blueprint: one module, no import at the bottom.
"""
from datetime import date

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import staff_required
from ..auth.service import AccountError, set_student_secret
from ..extensions import db
from ..lessons import catalog
from ..reports.period import school_year_of
from . import cards, csv_import, pending, service
from .access import own_class, own_student
from .forms import ClassForm, ConfirmImportForm, DeleteClassForm, ImportForm, StudentDetailsForm, StudentForm
from .next_step import next_step

bp = Blueprint("classes", __name__, url_prefix="/teacher")


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
    classes = service.classes_of(current_user)
    return render_template("classes/list.html", classes=classes, form=form, lang=str(get_locale()),
                           steps={c.id: next_step(c) for c in classes}, modules=catalog().modules), status


def _render_roster(school_class, form, shown=None, status=200):
    body = render_template("classes/roster.html", school_class=school_class, form=form, shown=shown,
                           step=next_step(school_class), lang=str(get_locale()))
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


# ---- login cards: PINs are stored hashed, so printing cards gives students NEW secrets ----------


def _join_url(school_class) -> str:
    # The kit's address as this browser reached it, so the QR works on the school's own network.
    return url_for("auth.join_class", code=school_class.code, _external=True)


def _render_cards(school_class, issued):
    join_url = _join_url(school_class)
    body = render_template("classes/cards.html", school_class=school_class, sheets=cards.pages(issued),
                           join_url=join_url, qr=cards.qr_svg(join_url),
                           only_this_computer=cards.only_this_computer(request.host))
    return no_store(make_response(body))


@bp.get("/classes/<id:class_id>/cards")
@staff_required
def cards_confirm(class_id):
    school_class = own_class(class_id)
    students = [s for s in school_class.students if s.active]
    return render_template("classes/cards_confirm.html", school_class=school_class, students=students)


@bp.post("/classes/<id:class_id>/cards")
@staff_required
def print_cards(class_id):
    school_class = own_class(class_id)
    issued = service.issue_cards([s for s in school_class.students if s.active])
    db.session.commit()
    return _render_cards(school_class, issued)


@bp.post("/classes/<id:class_id>/students/<id:student_id>/card")
@staff_required
def print_one_card(class_id, student_id):
    school_class = own_class(class_id)
    student = own_student(school_class, student_id)
    issued = service.issue_cards([student])
    db.session.commit()
    return _render_cards(school_class, issued)


# ---- CSV import: upload → preview of every row (nothing saved) → confirm → saved at once --------


def _read_upload(storage) -> bytes:
    # One byte more than allowed is enough to know the file is too big, without reading all of it.
    return storage.stream.read(csv_import.MAX_BYTES + 1)


@bp.route("/classes/<id:class_id>/import", methods=["GET", "POST"])
@staff_required
def import_upload(class_id):
    school_class = own_class(class_id)
    form = ImportForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("classes/import_upload.html", school_class=school_class, form=form), status
    existing = [s.display_name for s in school_class.students]
    try:
        plan = csv_import.plan_import(_read_upload(form.file.data), existing, date.today().year)
    except csv_import.UnreadableFile as error:
        form.file.errors = [csv_import.file_error_message(error.code, error.line)]
        return render_template("classes/import_upload.html", school_class=school_class, form=form), 400
    token = None
    if plan.to_add:
        token = pending.save(current_app.config["KIT_HOME"], school_class.id, current_user.id,
                             form.secret_kind.data, plan.to_add)
    return render_template("classes/import_preview.html", school_class=school_class, plan=plan,
                           confirm=ConfirmImportForm(token=token), token=token,
                           problem_message=csv_import.problem_message)


@bp.post("/classes/<id:class_id>/import/confirm")
@staff_required
def import_confirm(class_id):
    school_class = own_class(class_id)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    home = current_app.config["KIT_HOME"]
    waiting = pending.claim(home, form.token.data or "", school_class.id, current_user.id)
    if waiting is None:
        flash(_("This preview has expired or was already used. Please upload the file again."), "error")
        return redirect(url_for("classes.import_upload", class_id=school_class.id))
    added = service.import_rows(school_class, waiting["rows"], waiting["kind"])
    db.session.commit()  # one transaction: every student, or (on any failure) none
    flash(ngettext("%(num)s student added. Print the login cards to give out the secrets.",
                   "%(num)s students added. Print the login cards to give out the secrets.", len(added)),
          "success")
    return redirect(url_for("classes.roster", class_id=school_class.id))
