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
@click.option("--structure-only", is_flag=True,
              help="Check only what the server needs to load the lessons, not what the tests measure "
                   "(for a module still being written).")
def check_command(path: Path | None, notebooks: Path | None, structure_only: bool):
    """Check every module and lesson in PATH (default: the kit's lessons folder).

    Besides the files' structure, it checks what the module tests measure (content/measure.py):
    every item names its objectives, every objective has a post-test item, pre/post pairs match,
    at least 8 items per test, and no cue gives the answer away."""
    path = path or _default_lessons()
    if notebooks is None:
        notebooks = Path(os.environ["KIT_NOTEBOOKS_DIR"]) if os.environ.get("KIT_NOTEBOOKS_DIR") else path.parent / "notebooks"
    try:
        catalog = load_catalog(path, known_demos(), notebooks)
    except ContentError as exc:
        for issue in exc.issues:
            click.echo(str(issue))
        raise KitError(f"{len(exc.issues)} problem(s) found") from None
    if not structure_only:
        from .measure import measure

        problems, warnings = measure(path, known_demos(), notebooks)
        for issue in warnings:
            click.echo(f"warning: {issue}", err=True)
        if problems:
            for issue in problems:
                click.echo(str(issue))
            raise KitError(f"{len(problems)} problem(s) with what the tests measure")
    click.echo(f"{len(catalog.modules)} modules, {len(catalog.lessons)} lessons OK")
