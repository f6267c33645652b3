"""`kit`: the one command-line tool for the school's IT person and for developers.

Every mistake in the arguments gives one line on stderr and exit code 2, never a traceback.
"""
from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

import click
from click.exceptions import NoArgsIsHelpError

from .cli_support import KitError, load_app, ready_app

PACKAGE_DIR = Path(__file__).resolve().parent


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(file_okay=False), envvar="KIT_HOME",
              help="Folder holding this kit's database and keys (default: ./instance).")
@click.version_option(package_name="kit-server", prog_name="kit")
def cli(home):
    """The AI Classroom Kit: set up, start and look after a school's kit."""
    if home:
        os.environ["KIT_HOME"] = str(Path(home).expanduser().resolve())


def _prepare_database(app) -> None:
    from .db import upgrade
    from .extensions import db

    with app.app_context():
        upgrade(db.engine)


@cli.command()
@click.option("--school-name", help="The school's name as it appears on screens.")
@click.option("--language", type=click.Choice(["ar", "fr", "en"]), default="ar", show_default=True,
              help="The school's default language.")
@click.option("--admin-username", help="Username of the first admin.")
@click.option("--admin-name", help="The first admin's full name.")
@click.option("--admin-password", envvar="KIT_ADMIN_PASSWORD",
              help="Password of the first admin (or set KIT_ADMIN_PASSWORD; asked if missing).")
def init(school_name, language, admin_username, admin_name, admin_password):
    """Create (or upgrade) the database and the first admin."""
    import sqlalchemy as sa

    from .auth.models import ADMIN, StaffUser
    from .auth.service import AccountError, create_staff
    from .extensions import db
    from .school.service import ensure_school

    app = load_app()
    _prepare_database(app)
    with app.app_context():
        ensure_school(school_name or _ask("School name"), language)
        if db.session.scalar(sa.select(StaffUser.id).where(StaffUser.role == ADMIN)) is None:
            username = admin_username or _ask("Admin username")
            password = admin_password or _ask_password("Admin password (8 characters or more)")
            try:
                create_staff(ADMIN, username, admin_name or username, password)
            except AccountError as error:
                raise KitError(_account_message(str(error))) from None
        db.session.commit()
    from .reports.signing import ensure_school_keys

    ensure_school_keys(Path(app.config["KIT_HOME"]))  # the Ed25519 pair that signs usage reports
    click.echo(f"The kit is ready in {app.config['KIT_HOME']}. Start it with `kit serve`.")


def _ask(label: str) -> str:
    if not sys.stdin.isatty():
        raise click.UsageError(f"missing {label.lower()}: give it as an option")
    return click.prompt(label).strip()


def _ask_password(label: str) -> str:
    if not sys.stdin.isatty():
        raise click.UsageError("missing admin password: use --admin-password or KIT_ADMIN_PASSWORD")
    return getpass.getpass(f"{label}: ")


def _account_message(code: str) -> str:
    return {
        "username": "usernames are 3 to 32 characters: Latin letters, digits, dots, dashes",
        "password": "passwords need at least 8 characters",
        "username_taken": "that username is already taken",
        "display_name": "the name cannot be empty",
        "role": "the role must be admin or teacher",
    }.get(code, code)


@cli.command()
def demo():
    """Create the database if needed and add the demo school; print its sign-ins."""
    from .demo_school import create_demo_school

    app = load_app()
    _prepare_database(app)
    with app.app_context():
        info = create_demo_school()
    click.echo("Demo school ready. Sign-ins (for trying the kit only):")
    click.echo(f"  admin:   {info['admin'][0]} / {info['admin'][1]}")
    click.echo(f"  teacher: {info['teacher'][0]} / {info['teacher'][1]}")
    click.echo(f"  class code: {info['class_code']}  ({info['class_name']})")
    for name, secret in info["students"]:
        shown = " → ".join(secret) if isinstance(secret, list) else f"PIN {secret}"
        click.echo(f"    {name}: {shown}")


@cli.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on (0.0.0.0: the whole LAN).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Requests handled at once.")
@click.option("--skip-broken", is_flag=True,
              help="Serve the lessons that are fine and hide broken ones (the admin sees which).")
def serve(host, port, threads, skip_broken):
    """Start the kit for the school's network (stop with Ctrl+C)."""
    from .manage.backup import start_scheduler
    from .serve import serve as run_server

    # Demos run in worker processes (one per core): drawing charts holds Python's lock, so threads
    # would leave the second core idle. No worker starts until the first demo.
    os.environ.setdefault("KIT_DEMO_POOL", "processes")
    app = ready_app(skip_broken=skip_broken)
    broken = app.extensions["kit_catalog"].broken
    for lesson_id, issues in broken.items():
        click.echo(f"Lesson {lesson_id} is off until fixed ({len(issues)} problems; see `kit lessons check`).")
    from .packs.install import clear_leftovers
    from .reports.data import purge_expired

    clear_leftovers(Path(app.config["KIT_HOME"]))  # an install cut short by a power cut
    purge_expired(app)  # retention: student records older than the school's period go
    start_scheduler(app)
    from .reports.outbox import start_sender

    start_sender(app)  # reports to the programme's hub, if this kit is enrolled; nothing otherwise
    run_server(app, host, port, threads)


@cli.group()
def users():
    """Add staff accounts and reset passwords."""


@users.command("add")
@click.option("--role", type=click.Choice(["teacher", "admin"]), default="teacher", show_default=True)
@click.option("--username", required=True, help="Sign-in name (Latin letters, digits, dots, dashes).")
@click.option("--name", "display_name", required=True, help="Full name shown on screens.")
@click.option("--password", envvar="KIT_NEW_PASSWORD", help="First password (asked if missing).")
def users_add(role, username, display_name, password):
    """Add a teacher or an admin."""
    from .auth.service import AccountError, create_staff
    from .extensions import db

    app = ready_app()
    with app.app_context():
        try:
            create_staff(role, username, display_name, password or _ask_password("Password"))
        except AccountError as error:
            raise KitError(_account_message(str(error))) from None
        db.session.commit()
    click.echo(f"Added {role} {username}.")


@users.command("reset-password")
@click.argument("username")
@click.option("--password", envvar="KIT_NEW_PASSWORD", help="The new password (asked if missing).")
def users_reset(username, password):
    """Give a staff account a new password."""
    import sqlalchemy as sa

    from .auth.models import StaffUser
    from .auth.service import AccountError, set_staff_password
    from .extensions import db

    app = ready_app()
    with app.app_context():
        user = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == username.lower()))
        if user is None:
            raise KitError(f"no staff account named {username!r}")
        try:
            set_staff_password(user, password or _ask_password("New password"))
        except AccountError as error:
            raise KitError(_account_message(str(error))) from None
        db.session.commit()
    click.echo(f"Password changed for {username}.")


@users.command("list")
def users_list():
    """List staff accounts."""
    import sqlalchemy as sa

    from .auth.models import StaffUser
    from .extensions import db

    app = ready_app()
    with app.app_context():
        for user in db.session.scalars(sa.select(StaffUser).order_by(StaffUser.username)):
            state = "" if user.active else " (deactivated)"
            click.echo(f"{user.role:8} {user.username:20} {user.display_name}{state}")


@cli.group()
def translate():
    """Keep the Arabic and French translations up to date (for developers)."""


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


TRANSLATIONS = PACKAGE_DIR / "translations"
POT = TRANSLATIONS / "messages.pot"


@translate.command("extract")
def translate_extract():
    """Collect every translatable string into messages.pot."""
    os.chdir(PACKAGE_DIR.parent)  # so that the catalog cites kit_server/... paths, not this machine's
    _pybabel("extract", "-F", str(TRANSLATIONS / "babel.cfg"), "-k", "_l", "--sort-by-file",
             "--no-wrap", "--project", "kit-server", "-o", str(POT), PACKAGE_DIR.name)
    click.echo(f"Wrote {POT}")


@translate.command("update")
def translate_update():
    """Merge new strings from messages.pot into the ar and fr catalogs."""
    # No fuzzy matching: a guessed translation shown to a child is worse than a test that fails.
    _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-wrap", "--ignore-obsolete",
             "--no-fuzzy-matching")


@translate.command("compile")
def translate_compile():
    """Compile the catalogs that the server reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS), "--use-fuzzy")


def _attach_commands() -> None:
    from .classes.cli import classes
    from .content.cli import lessons
    from .guide.cli import guide
    from .hub.cli import hub
    from .manage.cli import COMMANDS
    from .reports.cli import data, report

    for command in (classes, lessons, guide, report, data, hub, *COMMANDS):
        cli.add_command(command)


_attach_commands()


def main(argv: list[str] | None = None) -> int:
    try:
        cli.main(args=argv, prog_name="kit", standalone_mode=False)
    except NoArgsIsHelpError as error:  # plain `kit`: show the help, which is not an error
        click.echo(error.format_message())
        return 0
    except click.UsageError as error:
        click.echo(f"kit: error: {error.format_message()}", err=True)
        return 2
    except click.ClickException as error:
        click.echo(f"kit: {error.format_message()}", err=True)
        return error.exit_code
    except click.Abort:
        click.echo("kit: stopped.", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
