"""`kit classes list` and `kit classes import CODE FILE`: the IT person's way to load class lists,
with the same checks and the same preview as the teacher's import page."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..cli_support import KitError, ready_app


@click.group()
def classes():
    """Classes: list them, and import a class list (CSV) into one."""


@classes.command("list")
def classes_list():
    """List every class with its code, teacher and number of students."""
    from ..extensions import db
    from .models import SchoolClass

    app = ready_app()
    with app.app_context():
        for school_class in db.session.query(SchoolClass).order_by(SchoolClass.name):
            click.echo(f"{school_class.code}  {school_class.name}  (grade {school_class.grade}, "
                       f"{school_class.teacher.username}, {len(school_class.students)} students)")


@classes.command("import")
@click.argument("code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--secret", type=click.Choice(["pin", "picture"]), default="pin", show_default=True,
              help="What the new students sign in with.")
@click.option("--yes", is_flag=True, help="Save without asking (for scripts).")
def classes_import(code, file, secret, yes):
    """Import the class list FILE into the class whose code is CODE (see `kit classes list`).

    Rows with a problem are listed as FILE:ROW: reason and left out; names already in the class are
    skipped. Nothing is saved until you confirm, and then every student is saved at once."""
    from flask_babel import force_locale

    from ..extensions import db
    from . import csv_import, service
    from .csv_import import file_error_message, problem_message

    app = ready_app()
    with app.app_context(), force_locale("en"):
        school_class = service.find_class_by_code(code)
        if school_class is None:
            raise KitError(f"no class has the code {code} (`kit classes list` shows them)")
        with open(file, "rb") as f:
            raw = f.read(csv_import.MAX_BYTES + 1)
        try:
            plan = csv_import.plan_import(raw, [s.display_name for s in school_class.students], date.today().year)
        except csv_import.UnreadableFile as error:
            raise KitError(f"{file}: {file_error_message(error.code, error.line)}") from None
        for row in plan.rows:
            for problem in row.problems:
                click.echo(f"{file}:{row.number}: {problem_message(problem, row)}", err=True)
        click.echo(f"{school_class.name}: {len(plan.to_add)} to add, {plan.count(csv_import.SKIP)} skipped "
                   f"(already in the class, or twice in the file), "
                   f"{plan.count(csv_import.ERROR)} left out for a problem.")
        if not plan.to_add:
            click.echo("Nobody to add.")  # running it twice is harmless, not an error
            return
        if not yes:
            click.confirm(f"Add {len(plan.to_add)} students to {school_class.name}?", abort=True)
        with click.progressbar(length=len(plan.to_add), label="Adding", file=sys.stderr) as bar:
            added = service.import_rows(school_class, plan.to_add, secret, progress=bar.update)
            db.session.commit()  # one transaction: every student, or (on any failure) none
        click.echo(f"{len(added)} students added to {school_class.name}. "
                   "Print their login cards on the class page to hand out the secrets.")
