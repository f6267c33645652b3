"""Live sessions: the teacher's console and projector view, and the students' poll."""
from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..classes.routes import own_class
from ..auth.access import staff_required, student_required
from ..extensions import db
from ..lessons import catalog
from ..runner.shuffle import item_order
from . import service
from .models import LiveSession

bp = Blueprint("live", __name__)


def _own_session(session_id: int) -> tuple[LiveSession, object]:
    """Load → check access: only the class's teacher (or an admin) leads its session."""
    session = db.session.get(LiveSession, session_id)
    if session is None:
        abort(404)
    return session, own_class(session.class_id)


@bp.post("/teacher/classes/<int:class_id>/live")
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


@bp.get("/teacher/live/<int:session_id>")
@staff_required
def console(session_id):
    session, school_class = _own_session(session_id)
    return render_template("live/console.html", session=session, school_class=school_class,
                           lesson=catalog().lesson(session.lesson_id), lang=str(get_locale()),
                           view=service.teacher_view(session, school_class))


@bp.get("/teacher/live/<int:session_id>/screen")
@staff_required
def screen(session_id):
    """For the projector: the step and the answer tally, never a name."""
    session, school_class = _own_session(session_id)
    lesson = catalog().lesson(session.lesson_id)
    secret, step_id = current_app.config["SECRET_KEY"], session.current_step_id
    return render_template("live/screen.html", session=session, lesson=lesson,
                           lang=str(get_locale()), view=service.teacher_view(session, school_class),
                           options=lambda item: item_order(item, secret, f"live:{session.id}",
                                                           f"{lesson.id}/{step_id}/{item.id}"))


@bp.get("/teacher/live/<int:session_id>/state")
@staff_required
def state(session_id):
    session, school_class = _own_session(session_id)
    view = service.teacher_view(session, school_class)
    if request.args.get("names") != "1":
        view["students"] = []  # the projected view polls too: it gets counts only
    return jsonify(view)


@bp.post("/teacher/live/<int:session_id>/<action>")
@staff_required
def act(session_id, action):
    session, _school_class = _own_session(session_id)
    if session.ended_at is not None:
        abort(400)
    try:
        if action == "step":
            service.go_to(session, request.form.get("step_id", ""))
        elif action == "mode":
            session.mode = "open" if request.form.get("mode") == "open" else "follow"
        elif action == "reveal":
            session.revealed = True
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
    return jsonify(answer)
