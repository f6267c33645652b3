"""`kit lessons ...`: check lesson files the way the server will read them.

Exit code 1 when anything is wrong, so `kit lessons check` can guard a content pack in CI or
before a class.
"""
from __future__ import annotations

import os
from pathlib import Path

import click

from kit_server.cli_support import KitError

from .issues import ContentError
from .loader import load_catalog

_PROJECT = Path(__file__).resolve().parent.parent.parent


def known_demos():
    """The demos registry {id: spec}, so a demo step's params are checked too."""
    from kit_server.demos import DEMOS

    return DEMOS


def _default_lessons() -> Path:
    return Path(os.environ.get("KIT_LESSONS_DIR") or _PROJECT / "lessons")


@click.group("lessons")
def lessons():
    """Lesson files: check them before a class or a content pack ships."""


@lessons.command("check")
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--notebooks", "notebooks", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of companion notebooks (default: KIT_NOTEBOOKS_DIR, else notebooks/ beside PATH).")
def check_command(path: Path | None, notebooks: Path | None):
    """Check every module and lesson in PATH (default: the kit's lessons folder)."""
    path = path or _default_lessons()
    if notebooks is None:
        notebooks = Path(os.environ["KIT_NOTEBOOKS_DIR"]) if os.environ.get("KIT_NOTEBOOKS_DIR") else path.parent / "notebooks"
    try:
        catalog = load_catalog(path, known_demos(), notebooks)
    except ContentError as exc:
        for issue in exc.issues:
            click.echo(str(issue))
        raise KitError(f"{len(exc.issues)} problem(s) found") from None
    click.echo(f"{len(catalog.modules)} modules, {len(catalog.lessons)} lessons OK")
