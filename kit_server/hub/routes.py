"""The hub's pages and its two API endpoints (enrolment and bundles, used by the kits).

Every view declares its roles (`hub_roles`); the API endpoints take no cookie and no CSRF token:
the enrolment code and the school's signature are their proof.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from functools import wraps
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request,
                   session as cookie, url_for)
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_user, logout_user

from ..i18n import LOCALES as SUPPORTED_LOCALES
from ..extensions import csrf
from ..timeutil import utcnow
from . import accounts, dashboard, exports
from .db import session
from .enrolment import EnrolRefused, enrol, new_code
from .ingest import Refused, ingest_zip, receipt, refuse_log
from .models import MANAGER, VIEWER, HubRefusal, HubReport, HubSchool
from .places import DISTRICT_RE, GOVERNORATES, SCHOOL_TYPES, name as place_name

bp = Blueprint("hub", __name__)
_CACHE_LOCK = threading.Lock()
ENROL_FAILURES_PER_ADDRESS = 20


def hub_roles(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("hub.login", next=request.path))
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.hub_roles = roles
        return wrapped

    return decorator


def open_to_all(view):
    view.hub_roles = ("public",)
    return view


viewer = hub_roles(VIEWER, MANAGER)
manager = hub_roles(MANAGER)


def _address() -> str:
    return request.remote_addr or "?"


@bp.app_context_processor
def _helpers():
    locale = str(get_locale())
    return {"governorates": GOVERNORATES, "school_types": SCHOOL_TYPES,
            "place": lambda table, code: place_name(table, code, locale if locale in SUPPORTED_LOCALES else "ar")}


# ---- API for the kits ------------------------------------------------------------------------


def _api_error(status: int, message: str):
    response = jsonify({"status": status, "error": message})
    response.status_code = status
    return response


@bp.post("/api/v1/enrol")
@csrf.exempt
@open_to_all
def api_enrol():
    key = [(f"enrol-addr:{_address()}", ENROL_FAILURES_PER_ADDRESS)]
    if accounts.blocked(key):
        return _api_error(429, "too many wrong enrolment codes; wait five minutes")
    try:
        school = enrol(request.get_json(silent=True, force=True) if request.content_length else None)
    except EnrolRefused as error:
        if error.status == 403:
            accounts.record_failure([key[0][0]])
        refuse_log(f"enrolment: {error.reason}", "enrol", _address())
        return _api_error(error.status, error.reason)
    except RecursionError:
        return _api_error(400, "the request is not a JSON object")
    from pathlib import Path

    from ..reports import signing

    home = Path(current_app.config["HUB_HOME"])
    return jsonify({"school_id": school.school_id, "hub_key": signing.school_public_pem(home).decode(),
                    "hub_key_id": signing.school_fingerprint(home)})


@bp.post("/api/v1/bundles")
@csrf.exempt
@open_to_all
def api_bundle():
    data = request.get_data(cache=False)
    try:
        outcome = ingest_zip(data, "network", _address(), "bundle")
    except Refused as error:
        return _api_error(error.status, error.reason)
    return jsonify(receipt(outcome))


# ---- sign-in and language --------------------------------------------------------------------


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not urlsplit(target).netloc:
        return target
    return url_for("hub.index")


@bp.route("/login", methods=["GET", "POST"])
@open_to_all
def login():
    status = 200
    if request.method == "POST":
        user, resting = accounts.sign_in(request.form.get("username", ""), request.form.get("password", ""),
                                         _address())
        if user is not None:
            cookie.clear()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        status = 429 if resting else 401
        flash(_("Too many failed sign-ins. Wait five minutes.") if resting else
              _("Wrong username or password."), "error")
    return render_template("hub/login.html"), status


@bp.post("/logout")
@open_to_all
def logout():
    logout_user()
    cookie.clear()
    return redirect(url_for("hub.login"))


@bp.post("/language")
@open_to_all
def language():
    if request.form.get("lang") in SUPPORTED_LOCALES:
        cookie["locale"] = request.form["lang"]
    return redirect(_safe_next(request.form.get("next")))


# ---- dashboards ------------------------------------------------------------------------------


def _filters() -> dashboard.Filters:
    governorate = request.args.get("governorate", "")
    district = request.args.get("district", "")
    month = request.args.get("month", "")
    if governorate and governorate not in GOVERNORATES:
        abort(400)
    if district and not DISTRICT_RE.match(district):
        abort(400)
    if month and not (len(month) == 7 and month[4] == "-" and month.replace("-", "").isascii()
                      and month.replace("-", "").isdigit()):
        abort(400)
    return dashboard.Filters(governorate, district, month)


def _board() -> tuple[dashboard.Dashboard, dict]:
    """The dashboard and its charts, computed once per filters and state of the data: any stored
    report adds a row (a new highest id), an enrolment a school, and "silent" moves with the date."""
    filters, threshold = _filters(), current_app.config["HUB_THRESHOLD"]
    db = session()
    version = (db.scalar(sa.select(sa.func.max(HubReport.id))), db.scalar(sa.select(sa.func.count(HubSchool.id))),
               utcnow().date())
    key = (filters.governorate, filters.district, filters.month, threshold, version)
    cache = current_app.extensions.setdefault("kit_hub_boards", OrderedDict())
    memo = current_app.extensions.setdefault("kit_hub_memo", {})
    if memo.get("version") != version:
        memo.clear()
        memo["version"] = version
    found = cache.get(key)
    if found is None:
        board = dashboard.build(filters, threshold, memo)
        found = (board, dashboard.charts(board))
        with _CACHE_LOCK:  # waitress and gunicorn serve requests on several threads
            cache[key] = found
            while len(cache) > 64:
                cache.popitem(last=False)
    return found


@bp.get("/")
@viewer
def index():
    board, charts = _board()
    districts = session().scalars(sa.select(HubSchool.district).distinct().order_by(HubSchool.district)).all()
    return render_template("hub/dashboard.html", board=board, charts=charts, districts=districts)


@bp.get("/export.csv")
@viewer
def export_csv():
    return Response(exports.to_csv(_board()[0]), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="hub-dashboard.csv"'})


@bp.get("/export.xlsx")
@viewer
def export_xlsx():
    return Response(exports.to_xlsx(_board()[0]),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="hub-dashboard.xlsx"'})


@bp.get("/schools")
@viewer
def schools():
    rows = session().execute(
        sa.select(HubSchool, sa.func.count(HubReport.id), sa.func.sum(sa.case((HubReport.chain_broken, 1), else_=0)))
        .outerjoin(HubReport, HubReport.school_pk == HubSchool.id)
        .group_by(HubSchool.id).order_by(HubSchool.governorate, HubSchool.district, HubSchool.school_id).limit(2000)
    ).all()
    silent = {s["school_id"] for s in dashboard.silent_schools(dashboard.Filters(), dashboard.SILENT_DAYS)}
    return render_template("hub/schools.html", rows=rows, silent=silent)


# ---- manager: upload, codes, refusals --------------------------------------------------------


@bp.route("/upload", methods=["GET", "POST"])
@manager
def upload():
    results, status = [], 200
    if request.method == "POST":
        files = request.files.getlist("bundles")
        if not files or all(not f.filename for f in files):
            flash(_("Choose one or more report files (.zip)."), "error")
            status = 400
        for item in files[:50]:
            data = item.read(8_000_001)
            try:
                outcome = ingest_zip(data, "upload", _address(), item.filename or "upload")
                results.append((item.filename, True, outcome.status))
            except Refused as error:
                results.append((item.filename, False, error.reason))
                status = 400
    return render_template("hub/upload.html", results=results), status


@bp.route("/codes", methods=["GET", "POST"])
@manager
def codes():
    shown, status = None, 200
    if request.method == "POST":
        label = request.form.get("label", "").strip()
        try:
            uses = int(request.form.get("uses", "1"))
        except ValueError:
            uses = 0
        if not label or not 1 <= uses <= 500:
            flash(_("Give the code a name and a number of schools from 1 to 500."), "error")
            status = 400
        else:
            shown = new_code(label, uses)
    response = Response(render_template("hub/codes.html", shown=shown), status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/refusals")
@manager
def refusals():
    rows = session().scalars(sa.select(HubRefusal).order_by(HubRefusal.id.desc()).limit(300)).all()
    return render_template("hub/refusals.html", rows=rows)
