"""What the notebook pages do, without the pages: the app's session manager, the class policy,
hand-out, collect and reading a student's copy. routes.py parses, checks access, calls these and
renders. Nothing here commits: the route that changed something owns the transaction.
"""

from __future__ import annotations

import atexit
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, session
from flask_babel import gettext as _

from ..auth.models import STUDENT
from ..extensions import db
from . import identity
from .models import NotebookClassSetting, NotebookHandout
from .render import notebook_path, render_notebook_data
from .safefs import LinkRefused, TooLarge
from .sessions import Notice, SessionManager

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


# ---- the class policy ----------------------------------------------------------------------------

def running_enabled(class_id: int) -> bool:
    setting = db.session.get(NotebookClassSetting, class_id)
    return bool(setting and setting.running_enabled)


def can_run_notebooks(user) -> bool:
    """Whether to show "Open in Jupyter" to this user (a student whose class may run notebooks)."""
    return getattr(user, "role", None) == STUDENT and running_enabled(user.class_id)


def set_running(class_id: int, enabled: bool) -> None:
    setting = db.session.get(NotebookClassSetting, class_id) or NotebookClassSetting(class_id=class_id)
    setting.running_enabled = enabled
    db.session.add(setting)


def source_of(slug: str, lang: str) -> Path | None:
    return notebook_path(current_app.config["NOTEBOOKS_DIR"], slug, lang)


# ---- hand-out and collect ------------------------------------------------------------------------

def hand_out(school_class, source: Path, slug: str, lang: str, by_user_id: int) -> int:
    """Record the handout (once) and put a copy in every active student's folder at once.
    Returns how many students could not get one (their folder could not be written)."""
    exists = db.session.scalar(sa.select(NotebookHandout).filter_by(class_id=school_class.id, slug=slug, lang=lang))
    if exists is None:
        db.session.add(NotebookHandout(class_id=school_class.id, slug=slug, lang=lang, created_by=by_user_id))
    sessions, missed = manager(), 0
    for student in school_class.students:
        if student.active:
            try:
                sessions.ensure_copy(student.id, source)
            except OSError:
                current_app.logger.exception("cannot hand out %s to student %s", source.name, student.id)
                missed += 1
    return missed


@dataclass(frozen=True)
class CopyRow:
    student: object
    saved: datetime | None  # when the student's copy was last written; None: no copy
    changed: bool  # differs from the handed-out notebook
    refused: bool = False  # a link or other odd entry stands where the copy should be: not opened


def collect_rows(school_class, handout: NotebookHandout) -> list[CopyRow]:
    sessions = manager()
    source = notebook_path(current_app.config["NOTEBOOKS_DIR"], handout.slug, handout.lang)
    original = source.read_bytes() if source else b""
    return [_row(sessions, student, handout.file_name, original) for student in school_class.students]


def _row(sessions: SessionManager, student, name: str, original: bytes) -> CopyRow:
    try:
        st = sessions.copy_stat(student.id, name)
        if st is None:
            return CopyRow(student, None, False)
        saved = datetime.fromtimestamp(st.st_mtime, UTC)
        changed = st.st_size != len(original) or sessions.read_copy(student.id, name) != original
        return CopyRow(student, saved, changed)
    except (LinkRefused, TooLarge):
        return CopyRow(student, None, False, refused=True)


def own_handout(class_id: int, handout_id: int) -> NotebookHandout | None:
    handout = db.session.get(NotebookHandout, handout_id)
    return handout if handout is not None and handout.class_id == class_id else None


# ---- a student's copy ----------------------------------------------------------------------------

def copy_html(student_id: int, name: str) -> tuple[str | None, int]:
    """(HTML of the student's copy, 200); (None, 404) when there is none; a message and 409/413 when
    the kit will not open it. The copy is read without following links (safefs)."""
    try:
        data = manager().read_copy(student_id, name)
    except LinkRefused:
        return _message(_("This copy is not a notebook file (it is a link), so the kit does not open it. "
                          "Start again with a fresh copy.")), 409
    except TooLarge:
        return _message(_("This copy is too large to show here.")), 413
    if data is None:
        return None, 404
    try:
        return render_notebook_data(data, f"copy:{student_id}:{name}"), 200
    except Exception:  # a copy broken by hand: the teacher still gets a page
        current_app.logger.exception("cannot render the copy %s of student %s", name, student_id)
        return _message(_("This copy cannot be shown.")), 200


def _message(text: str) -> str:
    from markupsafe import escape

    return f"<p>{escape(text)}</p>"


# ---- what the student is told --------------------------------------------------------------------

def notice_text(notice: Notice | None) -> str | None:
    if notice is None:
        return None
    if notice.kind == "memory":
        return _("Your notebook was stopped: it used more memory than one student may use (%(mb)s MB). "
                 "Run it again, perhaps with less data.", mb=notice.limit)
    if notice.kind == "processes":
        return _("Your notebook was stopped: it started more processes than one student may (%(n)s).",
                 n=notice.limit)
    return _("Your notebook folder was full (more than %(mb)s MB), so your notebook's code was stopped. "
             "Delete files you no longer need in JupyterLab.", mb=notice.limit)


def folder_full_text(student_id: int) -> str | None:
    full = manager().folder_full(student_id)
    if full is None:
        return None
    return _("Your notebook folder is full (%(used)s MB of %(limit)s MB): your notebook's code will not run "
             "until you delete files you no longer need in JupyterLab.", used=full[0], limit=full[1])


# ---- tickets -------------------------------------------------------------------------------------

def ticket_binding() -> str:
    """The random value this kit session's browser holds as a cookie; tickets are bound to it. Kept in
    the kit session, so a new sign-in gets a new one."""
    value = session.get("nb_bind")
    if not isinstance(value, str) or len(value) < 32:
        value = secrets.token_urlsafe(32)
        session["nb_bind"] = value
    return value


def set_binding_cookie(response, value: str):
    response.set_cookie(identity.BIND_COOKIE, value, httponly=True, samesite="Lax")
    return response
