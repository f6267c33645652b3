"""Admin pages: the kit's health (/admin/health) and its content packs (/admin/packs)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from ..auth.access import admin_required
from ..content import ContentError
from ..extensions import csrf
from ..ids import parse_id
from ..jobs import service as jobs
from ..lessons import load_for_app
from ..packs import PackError, install_pack, list_packs
from ..packs.install import UPLOAD_PREFIX
from ..packs.signing import trusted_keys
from . import health
from .backup import BackupError, backup_now
from .settings import reserve_bytes, setting

LAST_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z: the last moment a datetime can hold
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
    browser_ms = parse_id(request.form.get("browser_ms"))  # milliseconds since 1970: plain digits
    if browser_ms is None or browser_ms > LAST_MS:
        return jsonify({"error": _("The browser's time is missing.")}), 400
    check = health.browser_clock_check(current_app, browser_ms)
    return jsonify({"ok": check.status == health.OK, "message": _describe(check)})


@bp.get("/packs")
@admin_required
def packs():
    installed = list_packs(_home())
    return render_template("manage/packs.html", packs=installed, users=_classes_using(installed),
                           installing=jobs.running_job("pack_install"), trusts_a_key=bool(trusted_keys(_home())),
                           max_mb=int(_max_bytes() / 1024 / 1024))


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
    fd, tmp = tempfile.mkstemp(prefix=UPLOAD_PREFIX, suffix=".zip", dir=_home())
    os.close(fd)
    try:
        upload.save(tmp)
    except OSError as error:  # the upload itself could not be stored (a full disk)
        os.unlink(tmp)
        return render_packs_with_error(f"cannot store the upload: {error.strerror or error}")
    job, started = jobs.start("pack_install", _install_work(Path(tmp)), started_by=current_user.id)
    if not started:
        os.unlink(tmp)
        flash(_("A pack is already being installed. Wait for it to finish, then send this one again."), "error")
    return redirect(url_for("jobs.page", job_id=job.id), 303)


def _install_work(pack_file: Path):
    """The install, run by the job's thread: the same checks as `kit pack install`, then the kit's
    lessons are loaded again so the pack's lessons are served without a restart."""
    app, home, reserve = current_app._get_current_object(), _home(), reserve_bytes(current_app.config)

    def work(report: jobs.Reporter) -> str:
        report("verify")
        try:
            pack = install_pack(home, pack_file, builtin_notebooks=Path(app.config["NOTEBOOKS_DIR"]),
                                min_free_bytes=reserve, progress=report.advance, on_phase=report,
                                on_manifest=lambda manifest: report("verify", 0, sum(f.size for f in manifest.files)))
        except PackError as error:
            raise jobs.JobFailed(str(error)) from None
        finally:
            pack_file.unlink(missing_ok=True)
        app.logger.info("content pack %s %s installed", pack.id, pack.version)
        try:
            load_for_app(app)
        except ContentError as error:  # checked on install, so only a clash with another pack lands here
            app.logger.error("the lessons could not be loaded again after installing %s: %s", pack.id, error)
            report("restart")
        return f"{pack.id} {pack.version}"

    return work


@bp.post("/backups")
@admin_required
def backup():
    """Back up the database now (into the kit's backups folder), watching the progress."""
    app = current_app._get_current_object()

    def work(report: jobs.Reporter) -> str:
        try:
            return str(backup_now(app, progress=report))
        except BackupError as error:
            raise jobs.JobFailed(str(error)) from None

    job, _started = jobs.start("backup", work, started_by=current_user.id)
    return redirect(url_for("jobs.page", job_id=job.id), 303)


def render_packs_with_error(reason: str | None):
    """The packs page again, with the refusal's reason (technical, so shown as-is in its own line)."""
    return render_template("manage/packs.html", packs=list_packs(_home()), refused=reason,
                           trusts_a_key=bool(trusted_keys(_home())), max_mb=int(_max_bytes() / 1024 / 1024)), 400
