"""Sign-in pages: staff with a password; students with class code → their name → PIN or pictures."""
from __future__ import annotations

import threading

from flask import (Blueprint, abort, after_this_request, current_app, flash, redirect, render_template, request,
                   session, url_for)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from ..classes.service import find_class_by_code
from ..extensions import db
from ..i18n import is_safe_next
from . import devices, service
from . import secrets as kit_secrets
from .access import public, roles_required
from .forms import ClassCodeForm, PictureForm, PinForm, StaffLoginForm
from ..classes.models import SchoolClass
from .models import ADMIN, STUDENT, TEACHER, Student

bp = Blueprint("auth", __name__)


def _address() -> str:
    return request.remote_addr or "unknown"


def _wait_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext("Too many tries. Please wait %(num)d minute and try again.",
                    "Too many tries. Please wait %(num)d minutes and try again.", minutes)


def _locked_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext("Too many wrong tries for this name. Please wait %(num)d minute, or ask your teacher "
                    "to unlock it.",
                    "Too many wrong tries for this name. Please wait %(num)d minutes, or ask your teacher "
                    "to unlock it.", minutes)


def _start_session(user, account: str) -> None:
    locale = session.get("locale")
    session.clear()  # a fresh session on sign-in: nothing from before carries over
    if locale:
        session["locale"] = locale
    login_user(user)

    @after_this_request
    def _remember_device(response):
        devices.remember(response, account)
        return response


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = StaffLoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        result = service.sign_in_staff(form.username.data, form.password.data, _address(),
                                       devices.known_accounts())
        if result.user:
            _start_session(result.user, service.staff_account(form.username.data))
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("main.index"))
        if result.wait_seconds:
            flash(_wait_message(result.wait_seconds), "error")
            status = 429
        else:
            flash(_("That username and password do not match. Please try again."), "error")
            status = 401
    return render_template("auth/login.html", form=form), status


@bp.route("/join", methods=["GET", "POST"])
@public
def join():
    form = ClassCodeForm()
    status = 200
    if form.validate_on_submit():
        wait = service.class_code_blocked(_address())
        school_class = None if wait else find_class_by_code(form.code.data)
        if school_class:
            return redirect(url_for("auth.join_class", code=school_class.code))
        if wait:
            flash(_wait_message(wait), "error")
            status = 429
        else:
            service.record_bad_class_code(_address())
            flash(_("We could not find a class with that code. Check the code on the board."), "error")
            status = 404
    return render_template("auth/join.html", form=form), status


class _CodeRefused(Exception):
    """Too many wrong class codes from this address: every class page is refused for a while."""

    def __init__(self, wait: int):
        self.wait = wait


@bp.errorhandler(_CodeRefused)
def _code_refused(error: _CodeRefused):
    flash(_wait_message(error.wait), "error")
    return render_template("auth/join.html", form=ClassCodeForm()), 429


def _class_or_404(code: str):
    """Codes typed in the address bar count like codes typed in the form: without this, a script
    walks all million codes in hours and gets every class's list of names."""
    wait = service.class_code_blocked(_address())
    if wait:
        raise _CodeRefused(wait)
    school_class = find_class_by_code(code)
    if school_class is None:
        service.record_bad_class_code(_address())
        abort(404)
    return school_class


@bp.get("/join/<code>")
@public
def join_class(code):
    school_class = _class_or_404(code)
    students = [s for s in school_class.students if s.active]
    return render_template("auth/pick_name.html", school_class=school_class, students=students)


def _student_in_class(school_class, student_id: int) -> Student:
    student = db.session.get(Student, student_id)
    if student is None or student.class_id != school_class.id or not student.active:
        abort(404)
    return student


@bp.route("/join/<code>/<id:student_id>", methods=["GET", "POST"])
@public
def join_student(code, student_id):
    school_class = _class_or_404(code)
    student = _student_in_class(school_class, student_id)
    if student.secret_kind == "picture":
        return _picture_sign_in(school_class, student)
    form = PinForm()
    status = 200
    if form.validate_on_submit():
        pin = kit_secrets.normalise_digits(form.pin.data)
        status = _try_student(student, pin)
        if status == 302:
            return redirect(url_for("main.index"))
    return render_template("auth/pin.html", form=form, school_class=school_class, student=student), status


def _try_student(student, secret: str) -> int:
    result = service.sign_in_student(student, secret, _address(), devices.known_accounts())
    if result.user:
        _start_session(result.user, service.student_account(student.id))
        return 302
    if result.wait_seconds:
        message = _locked_message if result.account_locked else _wait_message
        flash(message(result.wait_seconds), "error")
        return 429
    flash(_("That is not your secret. Try again, or ask your teacher."), "error")
    return 401


def _picture_sign_in(school_class, student):
    form = PictureForm()
    key = f"pictures:{student.id}"
    picked = session.get(key, [])
    status = 200
    if form.validate_on_submit():
        if form.action.data == "clear":
            picked = []
        elif form.picture.data in kit_secrets.PICTURES:
            picked = picked + [form.picture.data]
        if len(picked) >= kit_secrets.PICTURES_TO_PICK:
            session.pop(key, None)
            status = _try_student(student, kit_secrets.picture_secret(picked))
            if status == 302:
                return redirect(url_for("main.index"))
            picked = []
        session[key] = picked
    return render_template("auth/pictures.html", form=form, school_class=school_class, student=student,
                           picked=picked, pictures=kit_secrets.PICTURES,
                           needed=kit_secrets.PICTURES_TO_PICK), status


def _stop_notebook_server(student_id: int) -> None:
    """On a shared lab PC the next child must not find this child's notebook still open: stop the
    student's Jupyter server (its login cookie then opens nothing). In the background: it can take
    a few seconds, and signing out must not."""
    from ..notebooks.service import EXTENSION_KEY

    manager = current_app.extensions.get(EXTENSION_KEY)
    if manager is not None:
        threading.Thread(target=manager.stop, args=(student_id,), name="kit-notebook-stop", daemon=True).start()


@bp.post("/logout")
@roles_required(ADMIN, TEACHER, STUDENT)
def logout():
    if current_user.role == STUDENT:
        _stop_notebook_server(current_user.id)
    locale = session.get("locale") or getattr(current_user, "locale", None)
    service.end_sessions(current_user)  # a copy of this cookie kept elsewhere stops working too
    db.session.commit()
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale
    return redirect(url_for("main.index"))


@bp.post("/teacher/classes/<int:class_id>/unlock")
@roles_required(ADMIN, TEACHER)
def unlock_class(class_id):
    """The teacher lets their students whose sign-in is resting after wrong tries try again now."""
    from ..classes import service as classes

    school_class = db.session.get(SchoolClass, class_id)
    if school_class is None or not classes.can_manage(current_user, school_class):
        abort(404)
    ids = [s.id for s in school_class.students]
    locked = service.locked_students(ids)
    service.unlock_students(ids)
    db.session.commit()
    flash(ngettext("%(num)d student can sign in again.", "%(num)d students can sign in again.", len(locked)),
          "success")
    return redirect(url_for("classes.roster", class_id=class_id))


@bp.app_template_global()
def locked_students(school_class) -> list[Student]:
    """For the class page: the students who cannot sign in now after too many wrong tries."""
    locked = service.locked_students([s.id for s in school_class.students if s.active])
    return [s for s in school_class.students if s.id in locked]
