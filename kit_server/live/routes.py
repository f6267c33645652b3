"""Live sessions: the teacher's console and projector view, and the students' poll."""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..classes.access import own_class
from ..auth.access import staff_required, student_required
from ..extensions import db
from ..lessons import catalog
from . import service
from .models import LiveSession

bp = Blueprint("live", __name__)


def _own_session(session_id: int) -> tuple[LiveSession, object]:
    """Load → check access: only the class's teacher (or an admin) leads its session."""
    session = db.session.get(LiveSession, session_id)
    if session is None:
        abort(404)
    return session, own_class(session.class_id)


@bp.post("/teacher/classes/<id:class_id>/live")
@staff_required
def start(class_id):
    school_class = own_class(class_id)
    lesson = catalog().lesson(request.form.get("lesson_id", ""))
    if lesson is None:
        flash(_("Please choose a lesson."), "error")
        return redirect(url_for("dashboard.class_progress", class_id=class_id))
    session = service.start(school_class, lesson, current_user, request.form.get("mode", "follow"))
    db.session.commit()
    return redirect(url_for("live.console", session_id=session.id))


@bp.get("/teacher/live/<id:session_id>")
@staff_required
def console(session_id):
    session, school_class = _own_session(session_id)
    return render_template("live/console.html", session=session, school_class=school_class,
                           lesson=catalog().lesson(session.lesson_id), lang=str(get_locale()),
                           view=service.teacher_view(session, school_class))


@bp.get("/teacher/live/<id:session_id>/screen")
@staff_required
def screen(session_id):
    """For the projector: one item of the step and its tally, no kit menu and never a name."""
    session, school_class = _own_session(session_id)
    lesson = catalog().lesson(session.lesson_id)
    step = lesson.step(session.current_step_id) if lesson else None
    if step is None:
        abort(404)
    shown = request.args.get("item", "")
    if step.items and not step.item(shown):
        shown = step.items[0].id
    return render_template("live/screen.html", session=session, lesson=lesson, step=step, shown=shown,
                           code=school_class.code,
                           lang=str(get_locale()), view=service.teacher_view(session, school_class, names=False))


@bp.get("/teacher/live/<id:session_id>/state")
@staff_required
def state(session_id):
    """The console asks with names=1; the projected view polls too and gets counts only."""
    session, school_class = _own_session(session_id)
    return jsonify(service.teacher_view(session, school_class, names=request.args.get("names") == "1"))


@bp.post("/teacher/live/<id:session_id>/<action>")
@staff_required
def act(session_id, action):
    session, _school_class = _own_session(session_id)
    if session.ended_at is not None:
        abort(400)
    try:
        if action == "step":
            service.go_to(session, request.form.get("step_id", ""))
        elif action == "mode":
            service.set_mode(session, request.form.get("mode", ""))
        elif action == "reveal":
            service.reveal(session)
        elif action == "end":
            service.end(session)
        else:
            abort(404)
    except ValueError:
        abort(400)
    db.session.commit()
    if action == "end":
        flash(_("The live session has ended."), "success")
        return redirect(url_for("dashboard.class_progress", class_id=session.class_id))
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"ok": True})
    if request.form.get("back") == "screen":  # the reveal button on the projector
        return redirect(url_for("live.screen", session_id=session.id, item=request.form.get("item", "")))
    return redirect(url_for("live.console", session_id=session.id))


@bp.get("/api/live")
@student_required
def poll():
    session = service.open_session(current_user.class_id)
    if session is not None:
        service.seen(session, current_user)
    answer = service.state_for_student(session)
    if session is not None:
        answer["url"] = url_for("runner.resume", lesson_id=session.lesson_id)
    db.session.commit()  # the attendance seen() may have written
    return jsonify(answer)
