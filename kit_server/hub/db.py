"""The hub's engine and sessions: one engine per hub app, one session per request (flask.g)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, g
from sqlalchemy.orm import Session, sessionmaker

from .. import db as _kit_db  # noqa: F401  (SQLite pragmas: WAL, full sync, foreign keys, busy timeout)
from .models import HubBase

KEY = "kit_hub"


def init_engine(app) -> None:
    url = app.config["HUB_DATABASE_URL"]
    options = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        options["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = sa.create_engine(url, **options)
    app.extensions[KEY] = {"engine": engine, "sessions": sessionmaker(engine, expire_on_commit=False)}

    @app.teardown_appcontext
    def _close(_error):
        session = g.pop("hub_session", None)
        if session is not None:
            session.close()


def engine(app=None) -> sa.Engine:
    return (app or current_app).extensions[KEY]["engine"]


def session() -> Session:
    if "hub_session" not in g:
        g.hub_session = current_app.extensions[KEY]["sessions"]()
    return g.hub_session


def create_schema(app) -> None:
    """Make the hub's tables (safe to run again)."""
    HubBase.metadata.create_all(engine(app))
