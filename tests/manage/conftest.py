"""The manager's tests: an app that ignores this machine's free disk and memory."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


@pytest.fixture
def app(app):
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
