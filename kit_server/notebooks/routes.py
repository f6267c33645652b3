"""Running notebooks: students open their own JupyterLab, teachers hand out and collect, admins watch.

How the browser reaches a student's server: the servers listen on the kit's own address, each on its
own port (KIT_NOTEBOOK_PORTS, default 8900-8999); when a server is ready the kit redirects the
browser to http://<the address the student typed for the kit>:<port>/lab/tree/<file>?ticket=...
No proxy is involved, so those ports must be open on the school's LAN like the kit's own port.
"""

from __future__ import annotations

import atexit
import threading
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import (Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import admin_required, staff_required, student_required
from ..auth.models import STUDENT, Student
from ..classes.access import own_class
from ..extensions import db
from ..ids import parse_id
from . import sandbox
from .models import NotebookClassSetting, NotebookHandout
from .render import highlight_css, list_notebooks, notebook_path, render_notebook
from .sessions import NotebookSettings, Refused, SessionManager, save_settings

bp = Blueprint("notebooks", __name__, template_folder="templates")
EXTENSION_KEY = "kit_notebooks"
_manager_lock = threading.Lock()


def manager() -> SessionManager:
    """The app's one session manager, made on first use (tests may put their own in app.extensions)."""
    app = current_app._get_current_object()
    with _manager_lock:
        found = app.extensions.get(EXTENSION_KEY)
        if found is None:
            ports = app.config.get("NOTEBOOK_PORTS", (8900, 8999))
            found = SessionManager(app.config["KIT_HOME"], app.config["SECRET_KEY"],
                                   ip=app.config.get("NOTEBOOK_IP", "0.0.0.0"), ports=ports)
            atexit.register(found.close)
            app.extensions[EXTENSION_KEY] = found
        return found


def running_enabled(class_id: int) -> bool:
    setting = db.session.get(NotebookClassSetting, class_id)
    return bool(setting and setting.running_enabled)


def can_run_notebooks(user) -> bool:
    """Whether to show "Open in Jupyter" to this user (a student whose class may run notebooks)."""
    return getattr(user, "role", None) == STUDENT and running_enabled(user.class_id)


def _source(slug: str, lang: str) -> Path:
    path = notebook_path(current_app.config["NOTEBOOKS_DIR"], slug, lang)
    if path is None:
        abort(404)
    return path


def _browser_host() -> str:
    """The kit's address as the student's browser knows it, without the kit's port."""
    host = request.host
    if host.startswith("["):  # IPv6 literal
        return host[: host.index("]") + 1]
    return host.rsplit(":", 1)[0]


REFUSALS = {
    "class": lambda: _("Your teacher has not switched on running notebooks for your class. "
                       "You can still read the notebook."),
    "off": lambda: _("Running notebooks is not switched on for this kit. You can still read the notebook."),
    "full": lambda: _("Many notebooks are open right now. Please wait a few minutes and try again, "
                      "or read the notebook instead."),
    "memory": lambda: _("Many notebooks are open right now. Please wait a few minutes and try again, "
                        "or read the notebook instead."),
    "failed": lambda: _("Your notebook could not start. Please try again, or read the notebook instead."),
}


# ---- students ------------------------------------------------------------------------------------

@bp.get("/notebooks")
@student_required
def mine():
    handouts = db.session.scalars(sa.select(NotebookHandout).where(
        NotebookHandout.class_id == current_user.class_id).order_by(NotebookHandout.created_at)).all()
    infos = {(i.slug, i.lang): i for i in list_notebooks(current_app.config["NOTEBOOKS_DIR"])}
    items = [(h, infos[(h.slug, h.lang)]) for h in handouts if (h.slug, h.lang) in infos]
    return render_template("notebooks/mine.html", items=items, running=running_enabled(current_user.class_id))


@bp.post("/notebooks/<slug>/<lang>/open")
@student_required
def open_notebook(slug, lang):
    source = _source(slug, lang)
    if not running_enabled(current_user.class_id):
        return _refused("class", slug, lang)
    sessions = manager()
    sessions.ensure_copy(current_user.id, source)
    try:
        sessions.request(current_user.id)
    except Refused as refused:
        return _refused(refused.reason, slug, lang)
    return redirect(url_for("notebooks.wait", slug=slug, lang=lang))


def _refused(reason: str, slug: str, lang: str):
    return render_template("notebooks/refused.html", message=REFUSALS[reason](), slug=slug, lang=lang), 503


@bp.get("/notebooks/<slug>/<lang>/wait")
@student_required
def wait(slug, lang):
    """Waits for the student's server without JavaScript: the page reloads itself until it is ready."""
    source = _source(slug, lang)
    state = _state(source)
    if state.get("url"):
        return redirect(state["url"])
    if state["state"] == "stopped":  # nothing asked for (or it stopped since): start from the list
        return redirect(url_for("notebooks.mine"))
    if state["state"] == "failed":
        return _refused("failed", slug, lang)
    return render_template("notebooks/wait.html", slug=slug, lang=lang, position=state.get("position", 0))


@bp.get("/api/notebooks/<slug>/<lang>/status")
@student_required
def status(slug, lang):
    return jsonify(_state(_source(slug, lang)))


def _state(source: Path) -> dict:
    sessions = manager()
    server = sessions.status(current_user.id)
    if server is None:
        return {"state": "stopped"}
    result = {"state": server.state, "position": sessions.queue_position(current_user.id)}
    if server.state == "ready":
        result["url"] = sessions.ticket_url(current_user.id, _browser_host(), f"lab/tree/{source.name}", server)
    elif server.state == "failed":
        result["message"] = REFUSALS["memory" if server.reason == "memory" else "failed"]()
    return result


@bp.post("/notebooks/<slug>/<lang>/reset")
@student_required
def reset(slug, lang):
    manager().reset_copy(current_user.id, _source(slug, lang))
    flash(_("You have a fresh copy of the notebook."), "success")
    return redirect(url_for("notebooks.mine"))


@bp.get("/notebooks/<slug>/<lang>/read")
@student_required
def read(slug, lang):
    """The student's own copy (or the original), rendered in the kit: always works, even when full."""
    source = _source(slug, lang)
    copy = manager().copy_path(current_user.id, source)
    path = copy if copy.is_file() else source
    return render_template("notebooks/rendered.html", title=source.stem, body=_render(path), css=highlight_css(),
                           back=url_for("notebooks.mine"))


def _render(path: Path) -> str:
    try:
        return render_notebook(path)
    except Exception:  # a student's copy may be broken by hand; the teacher still gets a page
        current_app.logger.exception("cannot render %s", path)
        return "<p>" + _("This copy cannot be shown.") + "</p>"


# ---- teachers ------------------------------------------------------------------------------------

@bp.get("/teacher/classes/<id:class_id>/notebooks")
@staff_required
def class_page(class_id):
    school_class = own_class(class_id)
    handouts = db.session.scalars(sa.select(NotebookHandout).where(NotebookHandout.class_id == class_id)
                                  .order_by(NotebookHandout.created_at)).all()
    return render_template("notebooks/class.html", school_class=school_class, handouts=handouts,
                           running=running_enabled(class_id), mode=manager().mode(),
                           notebooks=list_notebooks(current_app.config["NOTEBOOKS_DIR"]))


@bp.post("/teacher/classes/<id:class_id>/notebooks/running")
@staff_required
def set_running(class_id):
    own_class(class_id)
    choice = request.form.get("enabled")
    if choice not in ("0", "1"):
        abort(400)
    setting = db.session.get(NotebookClassSetting, class_id) or NotebookClassSetting(class_id=class_id)
    setting.running_enabled = choice == "1"
    db.session.add(setting)
    db.session.commit()
    return redirect(url_for("notebooks.class_page", class_id=class_id))


@bp.post("/teacher/classes/<id:class_id>/notebooks/handouts")
@staff_required
def hand_out(class_id):
    school_class = own_class(class_id)
    slug, _dot, lang = request.form.get("notebook", "").rpartition(".")
    source = notebook_path(current_app.config["NOTEBOOKS_DIR"], slug, lang)
    if source is None:
        abort(400)
    exists = db.session.scalar(sa.select(NotebookHandout).filter_by(class_id=class_id, slug=slug, lang=lang))
    if exists is None:
        db.session.add(NotebookHandout(class_id=class_id, slug=slug, lang=lang, created_by=current_user.id))
        db.session.commit()
    sessions = manager()
    for student in school_class.students:  # the copy is in each student's JupyterLab at once
        if student.active:
            sessions.ensure_copy(student.id, source)
    flash(_("Notebook handed out."), "success")
    return redirect(url_for("notebooks.class_page", class_id=class_id))


def _own_handout(class_id: int, handout_id: int) -> NotebookHandout:
    own_class(class_id)
    handout = db.session.get(NotebookHandout, handout_id)
    if handout is None or handout.class_id != class_id:
        abort(404)
    return handout


@bp.get("/teacher/classes/<id:class_id>/notebooks/handouts/<id:handout_id>")
@staff_required
def collect(class_id, handout_id):
    handout = _own_handout(class_id, handout_id)
    school_class = own_class(class_id)
    sessions = manager()
    source = notebook_path(current_app.config["NOTEBOOKS_DIR"], handout.slug, handout.lang)
    original = source.read_bytes() if source else b""
    rows = []  # (student, last saved or None, whether the student changed anything)
    for student in school_class.students:
        copy = sessions.work_dir(student.id) / handout.file_name
        if copy.is_file():
            saved = datetime.fromtimestamp(copy.stat().st_mtime, UTC)
            rows.append((student, saved, copy.read_bytes() != original))
        else:
            rows.append((student, None, False))
    return render_template("notebooks/collect.html", school_class=school_class, handout=handout, rows=rows)


@bp.get("/teacher/classes/<id:class_id>/notebooks/handouts/<id:handout_id>/<id:student_id>")
@staff_required
def review(class_id, handout_id, student_id):
    handout = _own_handout(class_id, handout_id)
    student = db.session.get(Student, student_id)
    if student is None or student.class_id != class_id:
        abort(404)
    copy = manager().work_dir(student.id) / handout.file_name
    if not copy.is_file():
        abort(404)
    return render_template("notebooks/rendered.html", title=student.display_name, body=_render(copy),
                           css=highlight_css(),
                           back=url_for("notebooks.collect", class_id=class_id, handout_id=handout_id))


# ---- admins --------------------------------------------------------------------------------------

@bp.get("/admin/notebooks")
@admin_required
def admin_page():
    sessions = manager()
    servers = sessions.live()
    names = {}
    if servers:
        ids = [s.student_id for s in servers]
        names = dict(db.session.execute(sa.select(Student.id, Student.display_name).where(Student.id.in_(ids))).all())
    return render_template("notebooks/admin.html", servers=servers, names=names, mode=sessions.mode(),
                           settings=sessions.settings(), bwrap_installed=sandbox.bwrap_path() is not None)


@bp.post("/admin/notebooks/settings")
@admin_required
def admin_settings():
    try:
        max_servers = int(request.form["max_servers"])
        idle_minutes = int(request.form["idle_minutes"])
    except (KeyError, ValueError):
        abort(400)
    if not (0 <= max_servers <= 200 and 5 <= idle_minutes <= 240):
        abort(400)
    home = current_app.config["KIT_HOME"]
    save_settings(home, NotebookSettings(max_servers=max_servers, idle_minutes=idle_minutes,
                                         trusted_mode=request.form.get("trusted_mode") == "1"))
    flash(_("Saved."), "success")
    return redirect(url_for("notebooks.admin_page"))


@bp.post("/admin/notebooks/stop")
@admin_required
def stop_server():
    student_id = parse_id(request.form.get("student_id"))
    if student_id is None:
        abort(400)
    manager().stop(student_id)
    return redirect(url_for("notebooks.admin_page"))

