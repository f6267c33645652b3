"""The database keeps what it acknowledged: WAL, full sync, foreign keys, and migrations that match the models."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from kit_server.db import head_revisions, schema_state, upgrade
from kit_server.extensions import db


@pytest.mark.sqlite_only
def test_every_connection_gets_the_durability_pragmas(app):
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_migrations_build_exactly_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == [], "models changed without a migration: write one in kit_server/migrations"


def test_schema_state_reports_missing_current_and_ahead(tmp_path):
    from kit_server import create_app

    app = create_app({"KIT_HOME": str(tmp_path)})
    with app.app_context():
        assert schema_state(db.engine) == "missing"
        upgrade(db.engine)
        assert schema_state(db.engine) == "current"
        with db.engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES ('from-the-future')"))
        assert schema_state(db.engine) == "ahead"
        assert "from-the-future" not in head_revisions()
        db.engine.dispose()


def test_foreign_keys_are_enforced(app, school):
    from kit_server.auth.models import Student

    with app.app_context():
        db.session.add(Student(class_id=999_999, display_name="x", secret_salt="00", secret_hash="00"))
        try:
            db.session.commit()
            raised = False
        except sa.exc.IntegrityError:
            raised = True
            db.session.rollback()
    assert raised
