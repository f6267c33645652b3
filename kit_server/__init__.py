"""kit_server: a classroom AI-literacy kit that one school runs on one ordinary machine."""
from __future__ import annotations

from flask import Flask

__version__ = "0.1.0"


def create_app(config: dict | None = None) -> Flask:
    """Build the app: configuration → extensions → blueprints, each step explicit."""
    from .config import build_config

    from . import assets, ids, jsonbody, security
    from .lessons import load_for_app

    # static_folder=None: assets.py serves /static with hashed names, long caching and gzip.
    app = Flask(__name__, static_folder=None)
    app.config.update(build_config(config))
    register_extensions(app)
    ids.register(app)  # before the blueprints: their routes use the `id` converter
    load_for_app(app)
    assets.init_app(app)
    jsonbody.init_app(app)
    register_blueprints(app)
    register_templating(app)
    register_health()
    security.init_app(app)
    from . import errors

    errors.register(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import db as _db  # noqa: F401  (installs the SQLite pragmas)
    from .auth.sessions import load_user
    from .extensions import babel, csrf, db, login_manager
    from .i18n import select_locale

    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "auth.login"

    login_manager.user_loader(load_user)  # checks the session version: see auth/sessions.py


def register_blueprints(app: Flask) -> None:
    from .admin.routes import bp as admin_bp
    from .assets import bp as assets_bp
    from .assignments.routes import bp as assignments_bp
    from .auth.routes import bp as auth_bp
    from .classdata.routes import bp as classdata_bp
    from .classes.routes import bp as classes_bp
    from .dashboard.routes import bp as dashboard_bp
    from .guide.routes import bp as guide_bp
    from .runner.demo_api import bp as demos_bp
    from .i18n import bp as i18n_bp
    from .jobs.routes import bp as jobs_bp
    from .live.routes import bp as live_bp
    from .main.routes import bp as main_bp
    from .notebooks.routes import bp as notebooks_bp
    from .reports.hubpage import bp as reporthub_bp
    from .reports.routes import bp as reports_bp
    from .manage.routes import bp as manage_bp
    from .modelmaker.routes import bp as modelmaker_bp
    from .progress.routes import bp as progress_bp
    from .runner.routes import bp as runner_bp

    for blueprint in (assets_bp, main_bp, auth_bp, i18n_bp, classes_bp, admin_bp, runner_bp, progress_bp,
                      assignments_bp, dashboard_bp, demos_bp, manage_bp, live_bp, classdata_bp, guide_bp,
                      notebooks_bp, reports_bp, reporthub_bp, jobs_bp, modelmaker_bp):
        app.register_blueprint(blueprint)


def register_health() -> None:
    """What the health page says about parts that live elsewhere."""
    from .manage.health import register_provider
    from .notebooks.service import EXTENSION_KEY

    def notebook_servers(app):
        manager = app.extensions.get(EXTENSION_KEY)  # none started yet: no manager, no servers
        return manager.running_count() if manager else 0  # counted here, no call to each server

    def last_report(app):
        import sqlalchemy as sa

        from .extensions import db
        from .reports.models import ReportLog

        with app.app_context():
            return db.session.scalar(sa.select(sa.func.max(ReportLog.created_at)))

    register_provider("notebook_servers", notebook_servers)
    register_provider("last_report_export", last_report)


def register_templating(app: Flask) -> None:
    from flask_babel import format_date, format_datetime, format_decimal

    from .auth.secrets import PICTURES
    from .i18n import template_globals

    app.jinja_env.globals.update(template_globals())
    app.jinja_env.globals.update(kit_version=__version__, all_pictures=PICTURES)
    app.jinja_env.filters.update(number=format_decimal, date=format_date, datetime=format_datetime)
