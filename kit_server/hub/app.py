"""The hub's Flask app: configuration, its own database, sign-in, languages, security headers.

Configuration: KIT_HUB_HOME (default ./hub-instance) holds the secret key, the hub's signing key
(it signs every acknowledgement; kits pin it at enrolment) and, for a trial, the SQLite file;
KIT_HUB_DATABASE_URL points a real programme at PostgreSQL.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, request, session
from flask_babel import Babel
from flask_login import LoginManager

from ..config import _env_bool, _secret_key
from ..i18n import LOCALES as SUPPORTED_LOCALES
from ..extensions import csrf

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
MAX_BUNDLE = 8_000_000


def hub_config(overrides: dict | None = None) -> dict:
    overrides = dict(overrides or {})
    home = Path(overrides.pop("HUB_HOME", None) or os.environ.get("KIT_HUB_HOME") or "hub-instance")
    home = home.expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    https = _env_bool("KIT_HTTPS", False)
    config = {
        "HUB_HOME": str(home),
        "SECRET_KEY": os.environ.get("KIT_HUB_SECRET_KEY") or _secret_key(home),
        "HUB_DATABASE_URL": os.environ.get("KIT_HUB_DATABASE_URL") or f"sqlite:///{home / 'hub.db'}",
        "HUB_THRESHOLD": int(os.environ.get("KIT_HUB_THRESHOLD", 9)),
        "MAX_CONTENT_LENGTH": MAX_BUNDLE + 100_000,
        "SESSION_COOKIE_HTTPONLY": True, "SESSION_COOKIE_SAMESITE": "Lax", "SESSION_COOKIE_SECURE": https,
        "SESSION_COOKIE_NAME": "kit_hub_session",
        "REMEMBER_COOKIE_HTTPONLY": True, "REMEMBER_COOKIE_SECURE": https,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "ar",
        "BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS),
        "TESTING": False,
    }
    config.update(overrides)
    return config


def select_locale() -> str:
    if session.get("locale") in SUPPORTED_LOCALES:
        return session["locale"]
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or "ar"


def build(config: dict | None = None) -> Flask:
    from ..i18n import LANGUAGE_NAMES, RTL
    from ..reports import signing
    from . import accounts, db, routes

    app = Flask(__name__, template_folder="templates", static_folder="static", static_url_path="/static")
    app.config.update(hub_config(config))
    db.init_engine(app)
    csrf.init_app(app)
    Babel(app, locale_selector=select_locale)
    login = LoginManager(app)  # the hub's own: the school app's user loader never runs here
    login.login_view = "hub.login"
    login.session_protection = "strong"
    login.user_loader(accounts.load)
    signing.ensure_school_keys(Path(app.config["HUB_HOME"]))  # the hub's receipt-signing pair
    app.register_blueprint(routes.bp)

    from flask_babel import get_locale

    app.jinja_env.globals.update(
        language_names=LANGUAGE_NAMES, current_locale=lambda: str(get_locale()),
        text_direction=lambda: "rtl" if str(get_locale()) in RTL else "ltr")

    _errors(app)

    @app.after_request
    def _headers(response):
        response.headers.setdefault(
            "Content-Security-Policy", "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app


def _errors(app: Flask) -> None:
    """Short answers in JSON for the kits' API, plain text elsewhere; a body over the limit is a
    refusal like any other, so it is logged for the programme."""
    from flask import jsonify
    from werkzeug.exceptions import HTTPException

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code == 413:
            from .ingest import refuse_log

            refuse_log("the bundle is too large", "network", request.remote_addr, request.content_length or 0)
            message = "the bundle is too large"
        else:
            message = error.name
        if request.path.startswith("/api/"):
            return jsonify({"status": error.code, "error": message}), error.code
        from flask import render_template

        from ..errors import HANDLED, _messages

        title = _messages(error.code)[0] if error.code in HANDLED else message
        return render_template("hub/error.html", code=error.code, title=title), error.code
