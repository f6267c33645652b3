"""`kit backup`, `kit restore`, `kit doctor`, and the `kit pack` group.

A refusal prints one line and exits 1. These commands look after the machine, so they load the app
with broken lessons left out: a backup never depends on the lessons being valid.
"""
from __future__ import annotations

from pathlib import Path

import click

from kit_server.cli_support import KitError, load_app
from kit_server.packs.cli import pack_group

from .backup import BackupError

STEPS = {"copy": "copying", "check": "checking", "safety": "saving the current database", "restore": "restoring",
         "done": "done"}


def _app():
    return load_app(skip_broken=True)


def _phases(label: str, count: int):
    """A progress bar over the named phases of a backup or restore (SQLite copies in one step)."""
    bar = click.progressbar(length=count, label=label, item_show_func=lambda name: STEPS.get(name or ""))

    def step(name: str) -> None:
        bar.update(1, name)

    return bar, step


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def backup(folder: Path):
    """Back up the database into FOLDER (e.g. a USB stick) and print the backup's path."""
    from .backup import take_backup

    app = _app()
    bar, step = _phases("Backing up", 3)
    try:
        with bar:
            path = take_backup(app, folder, progress=step)
    except BackupError as error:
        raise KitError(str(error)) from None
    click.echo(str(path))


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(file: Path, yes: bool):
    """Put the backup FILE back in place of the current database (which is saved first)."""
    from .backup import database_path
    from .restore import check_restorable, restore_backup

    app = _app()
    try:
        database_path(app)  # PostgreSQL: say so before asking anything
        check_restorable(file)
    except BackupError as error:
        raise KitError(str(error)) from None
    if not yes:
        click.echo("Everything done since this backup was taken will be replaced by the backup.")
        if not click.confirm(f"Restore {file}?", default=False):
            raise KitError("restore cancelled; nothing was changed")
    bar, step = _phases("Restoring", 4)
    try:
        with bar:
            safety = restore_backup(app, file, progress=step)
    except BackupError as error:
        raise KitError(str(error)) from None
    if safety:
        click.echo(f"The database before the restore was saved as {safety}")
    click.echo(f"Restored {file}. Restart `kit serve` if it is running.")


@click.command()
def doctor():
    """Check the database, disk, memory, clock and backups; exit 1 with one line per problem."""
    from .health import problem_lines

    app = _app()
    lines = problem_lines(app) + _account_lines(app)
    for line in lines:
        click.echo(line)
    if lines:
        raise SystemExit(1)
    click.echo("The kit is healthy.")


def _account_lines(app) -> list[str]:
    """Who the kit runs as: as root, a bug in it (or a student's notebook escaping its sandbox) owns
    the whole machine; an open KIT_HOME lets any local account copy the database."""
    from kit_server import home_files

    home = Path(app.config["KIT_HOME"])
    lines = []
    if home_files.running_as_root():
        lines.append("security: The kit runs as root. Run it as its own user "
                     "(README: \"Run it as its own user\").")
    if home_files.open_to_others(home):
        lines.append(f"security: Other accounts on this computer can open {home}. Run: chmod 700 {home}")
    return lines


COMMANDS = [backup, restore, doctor, pack_group]
