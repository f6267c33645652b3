"""Database engine settings and schema migrations.

SQLite is the default because a school has one machine and no database administrator. Every
connection gets WAL (readers never block the writer), synchronous=FULL (an acknowledged write is on
disk before we answer, so a power cut loses nothing), foreign keys and a busy timeout.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _alembic_config(engine) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revisions() -> set[str]:
    # Several heads are allowed: parts of the kit built side by side each branch from a common
    # revision, and `upgrade` applies them all.
    return set(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


def current_revisions(engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def upgrade(engine) -> None:
    """Bring the schema to the newest revision (safe to run again)."""
    command.upgrade(_alembic_config(engine), "heads")


def schema_state(engine) -> str:
    """'current', 'missing' (no schema yet), 'behind' (upgrade needed) or 'ahead' (newer kit made it)."""
    current = current_revisions(engine)
    if not current:
        return "missing"
    if current == head_revisions():
        return "current"
    known = {rev.revision for rev in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()}
    return "behind" if current <= known else "ahead"
