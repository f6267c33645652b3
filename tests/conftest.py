"""Shared fixtures: a fresh app on a real SQLite file per test, clients, and small data factories."""
from __future__ import annotations

import re
import shutil

import pytest

from kit_server import create_app
from kit_server.extensions import db as _db

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """A database file with every migration applied, made once and copied for each test."""
    from kit_server.db import upgrade

    home = tmp_path_factory.mktemp("template-home")
    app = create_app({"KIT_HOME": str(home), "TESTING": True})
    with app.app_context():
        upgrade(_db.engine)
        _db.engine.dispose()
    return home / "kit.db"


_current = {}


@pytest.fixture
def app(tmp_path, migrated_db):
    """No app context stays pushed during a test: each request must get its own, as in production
    (a shared one would let Flask-Login's per-context user cache leak between requests)."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(migrated_db, home / "kit.db")
    app = create_app({"KIT_HOME": str(home), "TESTING": True})
    _current["app"] = app
    with app.app_context():
        from kit_server.school.service import ensure_school

        ensure_school("مدرسة الاختبار")
        _db.session.commit()
    yield app
    with app.app_context():
        _db.engine.dispose()
    _current.clear()


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
