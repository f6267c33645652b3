"""Admin pages: the kit's health (/admin/health) and its content packs (/admin/packs)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from ..auth.access import admin_required
from ..extensions import csrf
from ..packs import PackError, install_pack, list_packs
from ..packs.signing import trusted_keys
from . import health
from .settings import setting

bp = Blueprint("manage", __name__, url_prefix="/admin", template_folder="templates")


def _describe(check) -> str:
    return health.describe(check, _, lambda moment: format_datetime(moment, "short"))


@bp.get("/health")
@admin_required
def health_page():
    checks = health.run_checks(current_app)
    rows = [(check, _describe(check)) for check in checks]
    return render_template("manage/health.html", rows=rows, versions=health.versions())


@bp.post("/health/clock")
@admin_required
def clock():
    """The health page's script posts the browser's time; a kit clock far from it is flagged.
    (POST, not GET: it answers JSON, not a page, and takes a reading that changes every second.)"""
    try:
        browser_ms = int(request.form["browser_ms"])
    except (KeyError, ValueError):
        return jsonify({"error": _("The browser's time is missing.")}), 400
    check = health.browser_clock_check(current_app, browser_ms)
    return jsonify({"ok": check.status == health.OK, "message": _describe(check)})


@bp.get("/packs")
@admin_required
def packs():
    installed = list_packs(_home())
    return render_template("manage/packs.html", packs=installed, users=_classes_using(installed),
                           trusts_a_key=bool(trusted_keys(_home())), max_mb=int(_max_bytes() / 1024 / 1024))


def _classes_using(installed) -> dict[str, list[str]]:
    """Pack id → names of the classes with one of its modules assigned (so nobody removes a pack
    a class is in the middle of)."""
    import sqlalchemy as sa

    from ..assignments.models import Assignment
    from ..classes.models import SchoolClass
    from ..extensions import db

    rows = db.session.execute(sa.select(Assignment.module_id, SchoolClass.name)
                              .join(SchoolClass, SchoolClass.id == Assignment.class_id)).all()
    found = {}
    for pack in installed:
        modules = {p.name for p in (pack.folder / "lessons").iterdir() if p.is_dir()} \
            if (pack.folder / "lessons").is_dir() else set()
        found[pack.id] = sorted({name for module_id, name in rows if module_id in modules})
    return found


def _home() -> Path:
    return Path(current_app.config["KIT_HOME"])


def _max_bytes() -> int:
    return int(setting(current_app.config, "KIT_MAX_PACK_MB") * 1024 * 1024)


@bp.post("/packs/upload")
@admin_required
@csrf.exempt  # checked below, after raising the size limit: packs are larger than ordinary forms
def upload_pack():
    request.max_content_length = _max_bytes()
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError as error:
        raise CSRFError(error.args[0]) from None
    upload = request.files.get("pack")
    if upload is None or not upload.filename:
        flash(_("Choose a pack file first."), "error")
        return render_packs_with_error(None)
    fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix=".zip", dir=_home())
    os.close(fd)
    try:
        upload.save(tmp)
        pack = install_pack(_home(), Path(tmp), builtin_notebooks=Path(current_app.config["NOTEBOOKS_DIR"]),
                            min_free_bytes=int(setting(current_app.config, "KIT_MIN_FREE_MB") * 1024 * 1024))
    except PackError as error:
        return render_packs_with_error(str(error))
    except OSError as error:  # the upload itself could not be stored (a full disk)
        return render_packs_with_error(f"cannot store the upload: {error.strerror or error}")
    finally:
        os.unlink(tmp)
    current_app.logger.info("content pack %s %s installed", pack.id, pack.version)
    flash(_("The pack is installed. Restart the kit to show its lessons."), "success")
    return redirect(url_for("manage.packs"))


def render_packs_with_error(reason: str | None):
    """The packs page again, with the refusal's reason (technical, so shown as-is in its own line)."""
    return render_template("manage/packs.html", packs=list_packs(_home()), refused=reason,
                           trusts_a_key=bool(trusted_keys(_home())), max_mb=int(_max_bytes() / 1024 / 1024)), 400
