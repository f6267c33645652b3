"""`kit hub ...`: set up and run the programme's hub, import bundles from USB sticks, make
enrolment codes and staff accounts. The hub's home is --hub-home or KIT_HUB_HOME."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click


def _fail(message: str):
    from ..cli import KitError

    raise KitError(message)


def _account_message(code: str) -> str:
    from ..cli import _account_message as words

    return words(code).replace("admin or teacher", "viewer or manager")


def _app():
    from . import create_hub_app
    from .db import engine

    app = create_hub_app()
    # The command's connections close with it (PostgreSQL counts every open one).
    click.get_current_context().call_on_close(lambda: engine(app).dispose())
    return app


@click.group()
@click.option("--hub-home", type=click.Path(file_okay=False), envvar="KIT_HUB_HOME",
              help="Folder of the hub's keys (and SQLite database for a trial). Default: ./hub-instance")
def hub(hub_home):
    """The programme's hub: every school's reports in one place."""
    if hub_home:
        os.environ["KIT_HUB_HOME"] = str(Path(hub_home).expanduser().resolve())


@hub.command("init")
@click.option("--manager", "username", help="Username of the first manager.")
@click.option("--name", "display_name", help="The manager's full name.")
@click.option("--password", envvar="KIT_HUB_PASSWORD", help="The manager's password (or KIT_HUB_PASSWORD).")
def init(username, display_name, password):
    """Create the hub's tables (safe to run again) and, if given, its first manager."""
    from ..auth.service import AccountError
    from . import accounts
    from .db import create_schema

    app = _app()
    create_schema(app)
    if username:
        if not password:
            _fail("give the manager's password with --password or KIT_HUB_PASSWORD")
        with app.app_context():
            try:
                accounts.create_user(username, display_name or username, password, "manager")
            except AccountError as error:
                _fail(f"the account was not made: {_account_message(str(error))}")
    click.echo(f"The hub is ready in {app.config['HUB_HOME']}. Start it with `kit hub serve`.")


@hub.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8090, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
def serve(host, port, threads):
    """Serve the hub with waitress (for many schools, run `gunicorn 'kit_server.hub:create_hub_app()'`)."""
    from waitress import serve as run

    app = _app()
    click.echo(f"The hub is running on http://{host}:{port}/ (Ctrl+C to stop).")
    run(app, host=host, port=port, threads=threads, ident="kit-hub", clear_untrusted_proxy_headers=True)


@hub.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
def import_command(files):
    """Import bundles (zips, bundle folders or folders of them, e.g. a USB stick)."""
    from ..reports.merge import MergeError, find_bundles
    from .ingest import Refused, ingest_path

    app = _app()
    try:
        found = find_bundles(files)
    except MergeError as error:
        _fail(str(error))
    from .db import session

    refused = 0
    with app.app_context():
        for number, path in enumerate(found, start=1):
            if number % 500 == 0:
                session().commit()  # one wait for the disk per 500 bundles, not per bundle
            try:
                outcome = ingest_path(path, commit=False)
                click.echo(f"{path.name}: {outcome.status}" + (" (an earlier report is missing)"
                                                               if outcome.chain_broken else ""))
            except Refused as error:
                refused += 1
                click.echo(f"{path.name}: refused: {error.reason}", err=True)
        session().commit()
    click.echo(f"{len(found) - refused} accepted, {refused} refused.")
    if refused:
        sys.exit(1)


@hub.command("code")
@click.option("--label", required=True, help="What the code is for (e.g. a district).")
@click.option("--uses", default=1, show_default=True, type=click.IntRange(1, 500), help="Schools that may use it.")
def code(label, uses):
    """Make an enrolment code for schools (shown once; print it or show its QR code)."""
    import segno

    from .enrolment import new_code

    app = _app()
    with app.app_context():
        made = new_code(label, uses)
    click.echo(made)
    try:
        segno.make(made, micro=False).terminal(compact=True)
    except UnicodeEncodeError:
        pass


@hub.command("user")
@click.option("--role", type=click.Choice(["viewer", "manager"]), default="viewer", show_default=True)
@click.option("--username", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--password", envvar="KIT_HUB_PASSWORD", required=True)
def user(role, username, display_name, password):
    """Add a programme staff account."""
    from ..auth.service import AccountError
    from . import accounts

    app = _app()
    with app.app_context():
        try:
            accounts.create_user(username, display_name, password, role)
        except AccountError as error:
            _fail(f"the account was not made: {_account_message(str(error))}")
    click.echo(f"Added {role} {username}.")
