"""Running notebooks: students open their own JupyterLab, teachers hand out and collect, admins watch.

How the browser reaches a student's server: the servers listen on the kit's own address, each on its
own port (KIT_NOTEBOOK_PORTS, default 8900-8999); when a server is ready the kit redirects the
browser to http://<the address the student typed for the kit>:<port>/lab/tree/<file>?ticket=...
No proxy is involved, so those ports must be open on the school's LAN like the kit's own port.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import (Blueprint, abort, current_app, flash, jsonify, make_response, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import admin_required, staff_required, student_required
from ..auth.models import Student
from ..classes.access import own_class
from ..extensions import db
from ..ids import parse_id
from . import sandbox, service
from .models import NotebookHandout
from .render import highlight_css, list_notebooks, render_notebook
from .service import EXTENSION_KEY, can_run_notebooks, manager, running_enabled
from .sessions import NotebookSettings, Refused, save_settings
from .settings import BOUNDS

__all__ = ["EXTENSION_KEY", "bp", "can_run_notebooks", "manager", "running_enabled"]  # older imports

bp = Blueprint("notebooks", __name__, template_folder="templates")


def _source(slug: str, lang: str) -> Path:
    path = service.source_of(slug, lang)
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
    sessions = manager()
    notices = [text for text in (service.notice_text(sessions.notice(current_user.id)),
                                 service.folder_full_text(current_user.id)) if text]
    return render_template("notebooks/mine.html", items=items, running=running_enabled(current_user.class_id),
                           notices=notices)


@bp.post("/notebooks/<slug>/<lang>/open")
@student_required
def open_notebook(slug, lang):
    source = _source(slug, lang)
    if not running_enabled(current_user.class_id):
        return _refused("class", slug, lang)
    sessions = manager()
    try:
        sessions.ensure_copy(current_user.id, source)  # a link in its place is moved aside, not followed
        sessions.request(current_user.id)
    except Refused as refused:
        return _refused(refused.reason, slug, lang)
    except OSError:
        current_app.logger.exception("cannot prepare the notebook of student %s", current_user.id)
        return _refused("failed", slug, lang)
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
        return service.set_binding_cookie(redirect(state["url"]), service.ticket_binding())
    if state["state"] == "stopped":  # nothing asked for (or it stopped since): start from the list
        return redirect(url_for("notebooks.mine"))
    if state["state"] == "failed":
        return _refused("failed", slug, lang)
    return render_template("notebooks/wait.html", slug=slug, lang=lang, position=state.get("position", 0))


@bp.get("/api/notebooks/<slug>/<lang>/status")
@student_required
def status(slug, lang):
    response = make_response(jsonify(_state(_source(slug, lang))))
    return service.set_binding_cookie(response, service.ticket_binding())


def _state(source: Path) -> dict:
    sessions = manager()
    server = sessions.status(current_user.id)
    if server is None:
        return {"state": "stopped"}
    result = {"state": server.state, "position": sessions.queue_position(current_user.id)}
    if server.state == "ready":
        result["url"] = sessions.ticket_url(current_user.id, _browser_host(), f"lab/tree/{source.name}", server,
                                            binding=service.ticket_binding())
    elif server.state == "failed":
        result["message"] = REFUSALS["memory" if server.reason == "memory" else "failed"]()
    notice = service.notice_text(sessions.notice(current_user.id, pop=False))
    if notice:
        result["notice"] = notice
    return result


@bp.post("/notebooks/<slug>/<lang>/reset")
@student_required
def reset(slug, lang):
    try:
        manager().reset_copy(current_user.id, _source(slug, lang))
    except OSError:
        current_app.logger.exception("cannot reset the copy of student %s", current_user.id)
        flash(_("Your copy could not be replaced. Please ask your teacher."), "error")
        return redirect(url_for("notebooks.mine"))
    flash(_("You have a fresh copy of the notebook."), "success")
    return redirect(url_for("notebooks.mine"))


@bp.get("/notebooks/<slug>/<lang>/read")
@student_required
def read(slug, lang):
    """The student's own copy (or the original), rendered in the kit: always works, even when full."""
    source = _source(slug, lang)
    body, status_code = service.copy_html(current_user.id, source.name)
    if body is None:  # no copy yet: the original
        body, status_code = render_notebook(source), 200
    return render_template("notebooks/rendered.html", title=source.stem, body=body, css=highlight_css(),
                           back=url_for("notebooks.mine")), status_code


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
    service.set_running(class_id, choice == "1")
    db.session.commit()
    return redirect(url_for("notebooks.class_page", class_id=class_id))


@bp.post("/teacher/classes/<id:class_id>/notebooks/handouts")
@staff_required
def hand_out(class_id):
    school_class = own_class(class_id)
    slug, _dot, lang = request.form.get("notebook", "").rpartition(".")
    source = service.source_of(slug, lang)
    if source is None:
        abort(400)
    missed = service.hand_out(school_class, source, slug, lang, current_user.id)
    db.session.commit()
    flash(_("Notebook handed out."), "success")
    if missed:
        flash(_("%(n)s students could not get a copy; they get one when they open the notebook.", n=missed),
              "error")
    return redirect(url_for("notebooks.class_page", class_id=class_id))


def _own_handout(class_id: int, handout_id: int) -> NotebookHandout:
    own_class(class_id)
    handout = service.own_handout(class_id, handout_id)
    if handout is None:
        abort(404)
    return handout


@bp.get("/teacher/classes/<id:class_id>/notebooks/handouts/<id:handout_id>")
@staff_required
def collect(class_id, handout_id):
    handout = _own_handout(class_id, handout_id)
    school_class = own_class(class_id)
    rows = service.collect_rows(school_class, handout)
    return render_template("notebooks/collect.html", school_class=school_class, handout=handout, rows=rows)


@bp.get("/teacher/classes/<id:class_id>/notebooks/handouts/<id:handout_id>/<id:student_id>")
@staff_required
def review(class_id, handout_id, student_id):
    handout = _own_handout(class_id, handout_id)
    student = db.session.get(Student, student_id)
    if student is None or student.class_id != class_id:
        abort(404)
    body, status_code = service.copy_html(student.id, handout.file_name)
    if body is None:
        abort(404)
    return render_template("notebooks/rendered.html", title=student.display_name, body=body, css=highlight_css(),
                           back=url_for("notebooks.collect", class_id=class_id, handout_id=handout_id)), status_code


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
    home = current_app.config["KIT_HOME"]
    current = manager().settings()
    numbers = {}
    for key, (low, high) in BOUNDS.items():
        text = request.form.get(key, str(getattr(current, key)))  # a field not on the form keeps its value
        if not (text.isascii() and text.isdigit() and len(text) < 7 and low <= int(text) <= high):
            abort(400)
        numbers[key] = int(text)
    save_settings(home, NotebookSettings(trusted_mode=request.form.get("trusted_mode") == "1", **numbers))
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

