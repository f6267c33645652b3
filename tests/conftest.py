"""Shared fixtures: a fresh app on a real SQLite file per test, clients, and small data factories."""
from __future__ import annotations

import os
import re
import shutil
import threading
import time
import uuid
from datetime import UTC, datetime

import pytest

from kit_server import create_app
from kit_server.extensions import db as _db

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Set KIT_TEST_POSTGRES (e.g. postgresql+psycopg://kit:kit@127.0.0.1/postgres) to run the same tests
# on a real PostgreSQL server: each test gets its own database, cloned from a migrated template.
POSTGRES = os.environ.get("KIT_TEST_POSTGRES")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: checks SQLite itself (files, pragmas); skipped on PostgreSQL")


def pytest_collection_modifyitems(config, items):
    if POSTGRES:
        skip = pytest.mark.skip(reason="SQLite-specific, and KIT_TEST_POSTGRES is set")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


def _admin_sql(statement: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(statement)
    engine.dispose()


def _database_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """A database with every migration applied, made once and copied for each test
    (a SQLite file, or a PostgreSQL template database)."""
    from kit_server.db import upgrade

    home = tmp_path_factory.mktemp("template-home")
    config = {"KIT_HOME": str(home), "TESTING": True}
    if POSTGRES:
        name = f"kit_template_{os.getpid()}"
        _admin_sql(f"DROP DATABASE IF EXISTS {name}")
        _admin_sql(f"CREATE DATABASE {name}")
        config["SQLALCHEMY_DATABASE_URI"] = _database_url(name)
    app = create_app(config)
    with app.app_context():
        upgrade(_db.engine)
        _db.engine.dispose()
    yield name if POSTGRES else home / "kit.db"
    if POSTGRES:
        _admin_sql(f"DROP DATABASE IF EXISTS {name}")


_current = {}


@pytest.fixture
def app(tmp_path, migrated_db):
    """No app context stays pushed during a test: each request must get its own, as in production
    (a shared one would let Flask-Login's per-context user cache leak between requests)."""
    home = tmp_path / "home"
    home.mkdir()
    config = {"KIT_HOME": str(home), "TESTING": True}
    if POSTGRES:
        database = f"kit_test_{uuid.uuid4().hex[:12]}"
        _admin_sql(f"CREATE DATABASE {database} TEMPLATE {migrated_db}")
        config["SQLALCHEMY_DATABASE_URI"] = _database_url(database)
    else:
        shutil.copy(migrated_db, home / "kit.db")
    app = create_app(config)
    _current["app"] = app
    with app.app_context():
        from kit_server.school.service import ensure_school

        ensure_school("مدرسة الاختبار")
        _db.session.commit()
    yield app
    _wait_for_jobs()
    with app.app_context():
        _db.engine.dispose()
    _current.clear()
    if POSTGRES:
        _admin_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def in_app(factory):
    """Run a factory inside an app context; the objects it returns keep their loaded columns."""

    def wrapped(*args, **kwargs):
        with _current["app"].app_context():
            result = factory(*args, **kwargs)
            for obj in result if isinstance(result, tuple) else (result,):
                if isinstance(obj, _db.Model):
                    _db.session.refresh(obj)
            return result

    wrapped.__name__ = factory.__name__
    return wrapped


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, path: str = "/") -> str:
    """The CSRF token the page at `path` gives this client (as a browser would read it)."""
    html = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_form(client, path: str, data: dict, *, token_from: str = "/", **kwargs):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, token_from)}, **kwargs)


def _wait_for_jobs(seconds: float = 60) -> None:
    """Background jobs a test started end before its database goes away."""
    for thread in threading.enumerate():
        if thread.name.startswith("kit-job-"):
            thread.join(seconds)


def finish_job(client, response, seconds: float = 60, headers: dict | None = None) -> str:
    """Follow a request that started a background job to the job's page, as the admin's browser does,
    wait until the job has ended, and return that page's HTML."""
    assert response.status_code == 303, response.status_code
    page = response.headers["Location"]
    assert "/admin/jobs/" in page
    deadline = time.monotonic() + seconds
    while client.get(f"{page}/progress").get_json()["state"] == "running":
        assert time.monotonic() < deadline, "the job did not end"
        time.sleep(0.05)
    return client.get(page, headers=headers).get_data(as_text=True)


# ---- factories -------------------------------------------------------------------------------

@in_app
def make_staff(role="teacher", username=None, password="correct-horse-9", name="معلّمة"):
    from kit_server.auth.service import create_staff

    username = username or f"{role}{next(_counter)}"
    user = create_staff(role, username, name, password)
    _db.session.commit()
    return user


_counter = iter(range(1, 10_000))


@in_app
def make_class(teacher, name="الصف السابع", grade=7):
    from kit_server.classes.service import create_class

    school_class = create_class(teacher, name, grade, "2026-2027", "ar")
    _db.session.commit()
    return school_class


@in_app
def make_student(school_class, name="ليلى", kind="pin", sex="female"):
    """Returns (student, secret): the PIN string or the list of pictures."""
    from kit_server.classes.service import add_student

    student, secret = add_student(school_class, name, kind, sex=sex)
    _db.session.commit()
    return student, secret


def sign_in_staff(client, username, password="correct-horse-9"):
    return post_form(client, "/login", {"username": username, "password": password}, token_from="/login")


def sign_in_student(client, school_class, student, pin):
    path = f"/join/{school_class.code}/{student.id}"
    return post_form(client, path, {"pin": pin}, token_from=path)


@pytest.fixture
def school(app):
    """A small school: an admin, two teachers with a class each, and a student in the first class."""
    admin = make_staff("admin", "admin")
    teacher = make_staff("teacher", "teacher")
    other_teacher = make_staff("teacher", "other")
    own_class = make_class(teacher)
    other_class = make_class(other_teacher, name="الصف الثامن", grade=8)
    student, pin = make_student(own_class)
    return {"admin": admin, "teacher": teacher, "other_teacher": other_teacher, "class": own_class,
            "other_class": other_class, "student": student, "pin": pin}


@pytest.fixture
def login_as(client, school):
    """login_as('admin' | 'teacher' | 'other_teacher' | 'student' | 'anonymous') signs the client in."""

    def login(role: str):
        if role == "anonymous":
            return client
        if role == "student":
            response = sign_in_student(client, school["class"], school["student"], school["pin"])
        else:
            response = sign_in_staff(client, school[role].username)
        assert response.status_code == 302, f"{role} could not sign in"
        return client

    return login


# ---- lessons and progress events -------------------------------------------------------------


def quiz_lesson(app):
    """The first lesson with a quiz step, from the real lessons/ folder."""
    from kit_server.lessons import catalog

    with app.app_context():
        for lesson in catalog().lessons:
            for step in lesson.steps:
                if step.kind == "quiz" and step.items:
                    return lesson, step
    raise AssertionError("no lesson with a quiz")


def right_answer(item):
    answer = item.answer
    return sorted(answer) if isinstance(answer, frozenset) else list(answer) if isinstance(answer, tuple) else answer


def wrong_answer(item):
    if item.type == "single":
        return next(o.id for o in item.options if o.id != item.answer)
    if item.type == "multiple":
        return [next(o.id for o in item.options if o.id not in item.answer)]
    if item.type == "numeric":
        return item.answer + item.tolerance + 10
    return list(reversed(item.answer))


class EventMaker:
    def __init__(self, student_id, lesson):
        self.student_id, self.lesson, self.seq = student_id, lesson, 0

    def __call__(self, kind, step=None, **data):
        self.seq += 1
        return {"id": str(uuid.uuid4()), "student": self.student_id, "lesson": self.lesson.id,
                "version": self.lesson.version, "step": step, "kind": kind, "seq": self.seq,
                "time": datetime.now(UTC).isoformat(), "data": data}

    def completed(self):
        """Every step seen, then the lesson completed: the kit refuses a completion before that."""
        return [*(self("step_viewed", step.id) for step in self.lesson.steps), self("lesson_completed")]


@pytest.fixture
def assigned(app, school):
    """The class has the quiz lesson's module assigned."""
    from kit_server.assignments.service import assign
    from kit_server.classes.models import SchoolClass
    from kit_server.extensions import db

    lesson, step = quiz_lesson(app)
    with app.app_context():
        assign(db.session.get(SchoolClass, school["class"].id), lesson.module)
        db.session.commit()
    return lesson, step


@pytest.fixture
def events(school, assigned):
    return EventMaker(school["student"].id, assigned[0])


def post_events(client, events, token=None):
    token = token or csrf_token(client, "/me")
    return client.post("/api/events", json={"events": events}, headers={"X-CSRFToken": token})
