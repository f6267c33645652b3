"""Admin pages for reports, tokens, consent and one student's data; the privacy notice; the
programme's download API (bearer tokens, no cookies, no CSRF, rate-limited)."""
from __future__ import annotations

import json
from datetime import date, datetime
from functools import wraps
from pathlib import Path

import sqlalchemy as sa
from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import ratelimit
from ..auth.access import admin_required, public
from ..auth.ratelimit import Budget
from ..auth.models import Student
from ..classes.models import SchoolClass
from ..extensions import csrf, db
from ..ids import parse_id
from ..jobs import service as jobs
from ..lessons import catalog
from ..school.service import get_school
from ..timeutil import utcnow
from . import data, outbox, signing, tokens
from .bundle import create_report, zip_bundle
from .consent import ConsentError, decisions, record
from .models import BASES, SCOPES, STATUSES, ApiToken, ConsentRecord, ReportLog
from .period import PeriodError, parse_period, school_year_of

bp = Blueprint("reports", __name__, template_folder="templates")
API_ENDPOINTS = {"reports.api_list", "reports.api_bundle"}


def _home() -> Path:
    return Path(current_app.config["KIT_HOME"])


# ---- rate limits (in the database: they hold across every worker of a gunicorn deployment) ----


def _budgets(address: str) -> dict[str, Budget]:
    cfg = current_app.config
    return {"calls": Budget(f"api:{address}", cfg.get("REPORTS_API_PER_MINUTE", 60), 60),
            "failures": Budget(f"api-fail:{address}", cfg.get("REPORTS_API_FAILURES", 10), 300)}


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _api_error(status: int, message: str):
    response = jsonify({"status": status, "error": message})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="kit"'
    return response


def token_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        budgets = _budgets(request.remote_addr or "?")
        if not ratelimit.hit(budgets["calls"]):
            return _api_error(429, "too many requests; wait a minute")
        row = tokens.check_token(_bearer())
        if row is None:
            if not ratelimit.hit(budgets["failures"]):
                return _api_error(429, "too many wrong tokens; wait five minutes")
            return _api_error(401, "a valid bearer token is needed")
        row.last_used_at = utcnow()
        db.session.commit()
        return view(*args, **kwargs)

    wrapped.kit_roles = ("token:reports",)
    return wrapped


def _report_tokens_stay_in_their_lane():
    """A report token opens the report API and nothing else: anywhere else it is refused, even where
    a signed-in browser would be let in. Runs before every other check (CSRF included), so the
    answer is always 403 or 401, never a form error."""
    if request.endpoint in API_ENDPOINTS or _bearer() is None:
        return None
    if tokens.check_token(_bearer()) is not None:
        return _api_error(403, "this token only opens /api/v1/reports")
    return _api_error(401, "unknown token")


@bp.record_once
def _first_in_line(state) -> None:
    state.app.before_request_funcs.setdefault(None, []).insert(0, _report_tokens_stay_in_their_lane)


# ---- API -------------------------------------------------------------------------------------


def _describe(row: ReportLog) -> dict:
    return {"report_id": row.report_id, "kind": row.kind, "period_start": row.period_start.isoformat(),
            "period_end": row.period_end.isoformat(), "revision": row.revision,
            "manifest_sha256": row.manifest_sha256, "created": row.created_at.date().isoformat(),
            "bundle": url_for("reports.api_bundle", report_id=row.report_id)}


@bp.get("/api/v1/reports")
@csrf.exempt
@token_required
def api_list():
    query = sa.select(ReportLog).order_by(ReportLog.created_at, ReportLog.id)
    since = request.args.get("from")
    if since:
        try:
            query = query.where(ReportLog.created_at >= datetime.combine(date.fromisoformat(since), datetime.min.time()))
        except ValueError:
            return _api_error(400, "from must be a date like 2026-11-01")
    return jsonify({"reports": [_describe(row) for row in db.session.scalars(query)]})


@bp.get("/api/v1/reports/<report_id>/bundle")
@csrf.exempt
@token_required
def api_bundle(report_id):
    return _bundle_response(report_id, api=True)


def _bundle_response(report_id: str, api: bool):
    row = db.session.scalar(sa.select(ReportLog).where(ReportLog.report_id == report_id))
    if row is None or not Path(row.path).is_dir():
        return _api_error(404, "no such report") if api else abort(404)
    return Response(zip_bundle(Path(row.path)), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="report-{report_id}.zip"'})


# ---- admin: reports --------------------------------------------------------------------------


@bp.get("/admin/reports")
@admin_required
def index():
    rows = db.session.scalars(sa.select(ReportLog).order_by(ReportLog.id.desc())).all()
    now = utcnow()
    return render_template("reports/index.html", reports=rows, fingerprint=signing.school_fingerprint(_home()),
                           this_month=now.strftime("%Y-%m"), this_year=school_year_of(now.date()),
                           outbox=outbox.summary())


@bp.post("/admin/reports/build")
@admin_required
def build():
    try:
        if request.form.get("period_start") or request.form.get("period_end"):
            period = parse_period(None, request.form.get("period_start"), request.form.get("period_end"))
        else:
            period = parse_period(request.form.get("period", ""))
    except PeriodError:
        flash(_("Choose a month, a school year or two dates."), "error")
        return redirect(url_for("reports.index")), 303
    home = _home()

    def work(report: jobs.Reporter) -> str:
        school = get_school()
        return create_report(home, school, period, catalog(), locale=school.default_locale, progress=report).name

    job, started = jobs.start("report", work, started_by=current_user.id)
    if not started:
        flash(_("Another report is being built. Build this one when it has finished."), "error")
    return redirect(url_for("jobs.page", job_id=job.id), 303)


@bp.get("/admin/reports/<report_id>/summary")
@admin_required
def summary(report_id):
    """The report inside the kit (menu, Download, Back), read from the bundle's report.json."""
    from flask_babel import get_locale

    from .labels import label
    from .page import build_page, load_report

    row = db.session.scalar(sa.select(ReportLog).where(ReportLog.report_id == report_id))
    report = load_report(row.path) if row is not None else None
    if report is None:
        abort(404)
    lang = str(get_locale())
    titles = {m.id: m.title.get(lang) or m.id for m in catalog().modules}
    return render_template("reports/summary.html", page=build_page(report, titles, lang),
                           labels=lambda key: label(key, lang))


@bp.get("/admin/reports/<report_id>/bundle")
@admin_required
def download(report_id):
    return _bundle_response(report_id, api=False)


@bp.get("/admin/reports/key.pem")
@admin_required
def public_key():
    # Named after the school id: the programme's key folder binds each key to its school by name.
    school = get_school()
    name = f"{school.uid}.pub" if school else "school.pub"
    return Response(signing.school_public_pem(_home()), mimetype="application/x-pem-file",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# ---- admin: tokens ---------------------------------------------------------------------------


@bp.route("/admin/reports/tokens", methods=["GET", "POST"])
@admin_required
def tokens_page():
    shown = None
    if request.method == "POST":
        label = request.form.get("label", "").strip()
        try:
            days = int(request.form.get("days", "365"))
        except ValueError:
            days = 0
        if not label or not 1 <= days <= 3650:
            flash(_("Give the token a name and a life of 1 to 3650 days."), "error")
            return _tokens_view(None), 400
        _row, shown = tokens.create_token(label, days=days, created_by=current_user.id)
        db.session.commit()
    return _tokens_view(shown)


def _tokens_view(shown):
    rows = db.session.scalars(sa.select(ApiToken).order_by(ApiToken.id.desc())).all()
    response = Response(render_template("reports/tokens.html", tokens=rows, shown=shown, now=utcnow()))
    response.headers["Cache-Control"] = "no-store"  # the new token must not stay in a cache
    return response


@bp.post("/admin/reports/tokens/<id:token_id>/revoke")
@admin_required
def revoke_token(token_id):
    if not tokens.revoke(token_id):
        abort(404)
    db.session.commit()
    flash(_("The token was revoked."), "success")
    return redirect(url_for("reports.tokens_page"))


# ---- admin: consent --------------------------------------------------------------------------


@bp.route("/admin/reports/consent", methods=["GET", "POST"])
@admin_required
def consent():
    status = 200
    if request.method == "POST":
        status = _record_consent()
        if status == 302:
            return redirect(url_for("reports.consent"))
    classes = db.session.scalars(sa.select(SchoolClass).order_by(SchoolClass.name)).all()
    deciding = decisions(date.today())
    counted = {c.id: sum(1 for s in c.students if (d := deciding.get(s.id)) is not None and d.status == "given")
               for c in classes}
    records = db.session.scalars(sa.select(ConsentRecord).order_by(ConsentRecord.id.desc()).limit(200)).all()
    return render_template("reports/consent.html", classes=classes, counted=counted, records=records,
                           bases=BASES, scopes=SCOPES, statuses=STATUSES, today=date.today()), status


def _optional_id(text: str | None) -> int | None:
    """An id from the form, None when left empty; anything but plain digits is a ValueError."""
    if not text:
        return None
    number = parse_id(text)
    if number is None:
        raise ValueError(text)
    return number


def _record_consent() -> int:
    form = request.form
    try:
        class_id = _optional_id(form.get("class_id"))
        student_id = _optional_id(form.get("student_id"))
        given_on = date.fromisoformat(form.get("given_on", ""))
        if class_id is not None and db.session.get(SchoolClass, class_id) is None:
            raise ConsentError("class")
        if student_id is not None and db.session.get(Student, student_id) is None:
            raise ConsentError("student")
        record(basis=form.get("basis", ""), scope=form.get("scope", ""), status=form.get("status", ""),
               given_on=given_on, class_id=class_id, student_id=student_id, recorded_by=current_user.id)
    except (ValueError, ConsentError):
        flash(_("The consent was not recorded: check every choice."), "error")
        return 400
    db.session.commit()
    flash(_("Consent recorded."), "success")
    return 302


# ---- admin: one student's data ---------------------------------------------------------------


@bp.get("/admin/students/<id:student_id>/data")
@admin_required
def student_data(student_id):
    exported = data.export_student(student_id)
    if exported is None:
        abort(404)
    counts = {name: len(rows) for name, rows in exported.items() if name != "student"}
    return render_template("reports/student.html", student=db.session.get(Student, student_id), counts=counts)


@bp.get("/admin/students/<id:student_id>/data.json")
@admin_required
def export_student(student_id):
    exported = data.export_student(student_id)
    if exported is None:
        abort(404)
    body = json.dumps(exported, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="student-{student_id}.json"',
                             "Cache-Control": "no-store"})


@bp.post("/admin/students/<id:student_id>/delete")
@admin_required
def delete_student(student_id):
    student = db.session.get(Student, student_id)
    if student is None:
        abort(404)
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm."), "error")
        return redirect(url_for("reports.student_data", student_id=student_id)), 303
    data.delete_student(student_id)
    db.session.commit()
    flash(_("The student and all their records were deleted."), "success")
    return redirect(url_for("reports.consent"))


# ---- everyone: the notice --------------------------------------------------------------------


@bp.get("/privacy")
@public
def notice():
    school = get_school()
    return render_template("reports/notice.html", retention_days=school.retention_days if school else 730,
                           threshold=school.report_threshold if school else 9)


