"""The manager's blueprint on the shared app fixture (registered here until the lead wires it)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kit_server.manage.routes import bp


@pytest.fixture
def app(app):
    if "manage" not in app.blueprints:
        app.register_blueprint(bp)
    app.config["KIT_MIN_FREE_MB"] = 0  # tests must not depend on this machine's free disk
    return app


@pytest.fixture
def kit_env(app, monkeypatch):
    """Environment for CLI commands to find the same kit as `app` (and ignore this machine's memory)."""
    monkeypatch.setenv("KIT_HOME", app.config["KIT_HOME"])
    monkeypatch.setenv("KIT_MIN_FREE_MB", "0")
    monkeypatch.setenv("KIT_MIN_FREE_MEMORY_MB", "0")
    monkeypatch.setattr("kit_server.home_files.running_as_root", lambda: False)  # tests may run as root
    return app


def db_file(app) -> Path:
    return Path(app.config["KIT_HOME"]) / "kit.db"


def rows(path, sql, *args):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()
