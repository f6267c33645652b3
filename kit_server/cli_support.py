"""What every `kit` command shares: one error type and one way to load the app.

Each `*/cli.py` imports from here, never from `kit_server.cli` (which imports them to build the
`kit` group), so the command modules form no cycle.
"""
from __future__ import annotations

import click


class KitError(click.ClickException):
    """A problem the user can fix; printed as one line, exit code 1."""

    exit_code = 1


def load_app(*, skip_broken: bool = False):
    """The app; a broken lesson lists every problem and stops, unless skip_broken.

    Commands that look after the machine (backup, restore, doctor) pass skip_broken=True: a backup is
    what an admin needs before fixing content, so it must never depend on the lessons being valid."""
    from . import create_app
    from .config import ConfigError
    from .content import ContentError

    try:
        return create_app({"SKIP_BROKEN_LESSONS": True} if skip_broken else None)
    except ConfigError as error:
        raise KitError(str(error)) from None
    except ContentError as error:
        for issue in error.issues:
            click.echo(str(issue), err=True)
        raise KitError(f"{len(error.issues)} problems in the lessons. Fix them, or start with "
                       "`kit serve --skip-broken`.") from None


def ready_app(*, skip_broken: bool = False):
    """The app with its database schema up to date; refuses politely if the kit was never set up."""
    from .db import schema_state
    from .extensions import db

    app = load_app(skip_broken=skip_broken)
    with app.app_context():
        state = schema_state(db.engine)
    if state == "missing":
        raise KitError("This kit has no database yet. Run `kit init` (or `kit demo`) first.")
    if state == "behind":
        upgrade_after_backup(app)
    if state == "ahead":
        raise KitError("The database was made by a newer kit. Install that version again.")
    return app


def upgrade_after_backup(app) -> None:
    """A newer kit over an older database: keep a checked copy first, then migrate."""
    from sqlalchemy.engine import make_url

    from .db import upgrade
    from .extensions import db
    from .manage.backup import BackupError, backups_dir, take_backup

    if make_url(app.config["SQLALCHEMY_DATABASE_URI"]).drivername.startswith("sqlite"):
        try:
            copy = take_backup(app, backups_dir(app), prefix="before-upgrade-")
        except BackupError as error:
            raise KitError(f"The database needs an upgrade, but no backup could be made first: {error}") from None
        click.echo(f"Saved a backup before upgrading: {copy}")
    else:
        click.echo("Upgrading the PostgreSQL database (back it up with pg_dump first if you have not).")
    with app.app_context():
        upgrade(db.engine)
    click.echo("The database was upgraded for this version of the kit.")
