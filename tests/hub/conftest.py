"""Fixtures for the hub: a hub app on its own database (SQLite file, or a fresh PostgreSQL database
when KIT_TEST_POSTGRES is set, as in tests/conftest.py), a real HTTP server on 127.0.0.1 that can be
stopped and started again on the same port, and kits: full school apps, each with its own KIT_HOME,
database and key, seeded with activity."""
from __future__ import annotations

import shutil
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from kit_server import create_app
from kit_server.extensions import db

from ..conftest import POSTGRES, _admin_sql, _database_url
from ..reports.conftest import Seeder


def wait_for(condition, seconds: float = 60, what: str = "condition"):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def hub_app(tmp_path):
    from kit_server.hub import create_hub_app
    from kit_server.hub.db import create_schema, engine

    config = {"HUB_HOME": str(tmp_path / "hub-home"), "TESTING": True, "HUB_THRESHOLD": 9}
    name = None
    if POSTGRES:
        name = f"kit_hub_{uuid.uuid4().hex[:12]}"
        _admin_sql(f"CREATE DATABASE {name}")
        config["HUB_DATABASE_URL"] = _database_url(name)
    app = create_hub_app(config)
    create_schema(app)
    yield app
    engine(app).dispose()
    if name:
        _admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class HubServer:
    """The hub served over real HTTP on 127.0.0.1; stop() and start() keep the same port."""

    def __init__(self, app):
        self.app, self.port, self.server, self.thread = app, 0, None, None

    def start(self):
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, name="test-hub", daemon=True)
        self.thread.start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(10)
            self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def hub_server(hub_app):
    server = HubServer(hub_app).start()
    yield server
    server.stop()


@pytest.fixture
def make_code(hub_app):
    def make(uses=5):
        from kit_server.hub.enrolment import new_code

        with hub_app.app_context():
            return new_code("test district", uses)

    return make


@pytest.fixture
def kits(tmp_path, migrated_db):
    """kits(name) -> a school app with its own KIT_HOME and database; its sender (if started) and
    database are closed at the end."""
    made, senders, databases = [], [], []

    def make(name: str, **config):
        home = tmp_path / f"kit-{name}"
        home.mkdir()
        settings = {"KIT_HOME": str(home), "TESTING": True, "HUB_BACKOFF_BASE": 0.05, "HUB_BACKOFF_MAX": 0.3,
                    "HUB_TIMEOUT": 10, "HUB_MONTHLY_BUILD": False, **config}
        if POSTGRES:
            database = f"kit_test_{uuid.uuid4().hex[:12]}"
            _admin_sql(f"CREATE DATABASE {database} TEMPLATE {migrated_db}")
            settings["SQLALCHEMY_DATABASE_URI"] = _database_url(database)
            databases.append(database)
        else:
            shutil.copy(migrated_db, home / "kit.db")
        app = create_app(settings)
        with app.app_context():
            from kit_server.school.service import ensure_school

            ensure_school(f"مدرسة {name}")
            db.session.commit()
        app.kit_senders = senders
        made.append(app)
        return app

    yield make
    for sender in senders:
        sender.stop()
        sender.join(10)
    for app in made:
        with app.app_context():
            db.engine.dispose()
    for database in databases:
        _admin_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def start_sender(app):
    from kit_server.reports.outbox import start_sender as start

    sender = start(app, interval=30)
    app.kit_senders.append(sender)
    return sender


def seed_school(app, students: int, month: datetime, threshold: int = 0, girls: int | None = None) -> None:
    """`students` pupils with consent, active in `month` (girls first), in one grade-7 class."""
    from kit_server.lessons import catalog

    seed = Seeder(app)
    seed.threshold(threshold)
    with app.app_context():
        lesson = catalog().modules[0].lessons[0].id
    _teacher, cls = seed.teacher_class()
    girls = students // 2 if girls is None else girls
    for k in range(students):
        seed.events(seed.student(cls, sex="female" if k < girls else "male"), lesson, month)


def build(app, period: str) -> Path:
    from kit_server.lessons import catalog
    from kit_server.reports.bundle import create_report
    from kit_server.reports.period import parse_period
    from kit_server.school.service import get_school

    with app.app_context():
        return create_report(Path(app.config["KIT_HOME"]), get_school(), parse_period(period), catalog())


def enrol(app, url: str, code: str, governorate="south", district="tyre", school_type="intermediate"):
    from kit_server.reports import outbox
    from kit_server.school.service import get_school

    with app.app_context():
        return outbox.enrol(Path(app.config["KIT_HOME"]), get_school(), url, code, governorate, district,
                            school_type, timeout=10)


def outbox_states(app) -> list[tuple[str, str]]:
    import sqlalchemy as sa

    from kit_server.reports.outbox import OutboxItem

    with app.app_context():
        return [(r.report_id, r.state) for r in db.session.scalars(sa.select(OutboxItem).order_by(OutboxItem.id))]
