"""`kit report ...` (build, key, export, verify, merge) and `kit data ...` (purge, export-student,
delete-student)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..cli_support import KitError
from ..cli_support import ready_app as _app


def _fail(message: str):
    raise KitError(message)


@click.group()
def report():
    """Build, sign, export, check and merge usage reports."""


@report.command("build")
@click.option("--period", help="A month (2026-11) or a school year (2026-2027).")
@click.option("--from", "start", help="First day of a term (2026-09-15).")
@click.option("--to", "end", help="Last day of a term (2026-12-20).")
@click.option("--out", type=click.Path(file_okay=False), help="Also write the bundle to this folder.")
def build(period, start, end, out):
    """Build and sign a report; the last line printed is the bundle's folder."""
    from ..extensions import db
    from ..lessons import catalog
    from ..school.service import get_school
    from .bundle import create_report
    from .period import PeriodError, parse_period

    if not (period or start or end):
        raise click.UsageError("give --period, or --from and --to")
    try:
        chosen = parse_period(period, start, end)
    except PeriodError as error:
        raise click.UsageError(str(error)) from None
    app = _app()
    with app.app_context():
        school = get_school()
        if school is None:
            _fail("This kit has no school yet. Run `kit init` first.")
        with _bar(100, "Building the report") as bar:
            folder = create_report(Path(app.config["KIT_HOME"]), school, chosen, catalog(),
                                   locale=school.default_locale, out=Path(out) if out else None,
                                   progress=lambda *step: bar.update(_percent(*step) - bar.pos))
            bar.update(100 - bar.pos)
        db.session.remove()
    click.echo(f"Report for {chosen.label} signed.")
    click.echo(str(folder))


def _bar(length: int, label: str):
    """On stderr, so that stdout keeps only the lines scripts read."""
    return click.progressbar(length=length, label=label, file=sys.stderr)


def _percent(phase: str, done: int | None = None, total: int | None = None) -> int:
    """How far a report build is: reading the period is the first tenth, signing the last one."""
    if phase == "count" and total:
        return 10 + 80 * done // total
    return {"read": 0, "sign": 90}.get(phase, 0)


@report.command("key")
def key():
    """Print the school's public key (PEM), to register with the programme."""
    from .signing import school_public_pem

    app = _app()
    click.echo(school_public_pem(Path(app.config["KIT_HOME"])).decode("ascii"), nl=False)


@report.command("export")
@click.argument("destination", type=click.Path(file_okay=False))
def export(destination):
    """Copy every report bundle to DESTINATION (a USB stick), safely."""
    import sqlalchemy as sa

    from ..extensions import db
    from .export import ExportError, export_bundles
    from .models import ReportLog

    app = _app()
    with app.app_context():
        folders = [Path(p) for p in db.session.scalars(sa.select(ReportLog.path).order_by(ReportLog.id))]
    folders = [f for f in folders if f.is_dir()]
    if not folders:
        _fail("There is no report to export yet. Build one with `kit report build`.")
    files = sum(1 for folder in folders for p in folder.iterdir() if p.is_file())
    try:
        with _bar(files, "Copying and checking") as bar:
            written = export_bundles(folders, destination, progress=bar.update)
    except ExportError as error:
        _fail(str(error))
    click.echo(f"{len(written)} reports written and checked in {Path(destination) / 'kit-reports'}.")
    click.echo("It is safe to remove the stick now.")


@report.command("verify")
@click.argument("bundle", type=click.Path(exists=True))
@click.option("--key", "key_file", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The school's public key (PEM).")
def verify(bundle, key_file):
    """Check a bundle's signature and every file's hash. BUNDLE is the bundle's folder or the .zip
    the admin page downloads."""
    from .verify import BundleError, verify_bundle

    try:
        manifest = verify_bundle(Path(bundle), Path(key_file).read_bytes())
    except BundleError as error:
        _fail(f"NOT VALID: {error}")
    click.echo(f"valid: report {manifest['report_id']} of school {manifest['school_id']}, "
               f"revision {manifest['revision']}")


@report.command("merge")
@click.argument("bundles", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder of the combined report.")
@click.option("--keys", "keys_dir", type=click.Path(exists=True, file_okay=False),
              help="Folder of the schools' public keys, each named <school id>.pub; every signature is checked.")
@click.option("--unsigned", is_flag=True, help="Merge without checking signatures (for a trial only).")
def merge_command(bundles, out, keys_dir, unsigned):
    """Merge bundles (folders, zips, or folders of them) from many schools into one report."""
    from .merge import MergeError, load_keys, merge

    try:
        keys = load_keys(keys_dir) if keys_dir else None
        result = merge(bundles, out, keys, unsigned=unsigned)
    except MergeError as error:
        _fail(str(error))
    if keys is None:
        click.echo("warning: --unsigned: signatures were not checked", err=True)
    click.echo(f"new bundles: {result['added']}; reports in the merge: {result['reports']}")
    click.echo(str(result["folder"]))


@click.group()
def data():
    """Students' data: retention purge, export and deletion of one student."""


@data.command("purge")
def purge():
    """Delete student records older than the school's retention period."""
    from .data import purge_expired

    counts = purge_expired(_app())
    click.echo(", ".join(f"{name}: {n}" for name, n in counts.items()) or "nothing to purge")


@data.command("export-student")
@click.argument("student_id", type=int)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file instead of the screen.")
def export_student(student_id, out):
    """Everything the kit holds about one student, as JSON."""
    from .data import export_student as collect

    app = _app()
    with app.app_context():
        found = collect(student_id)
    if found is None:
        _fail(f"no student {student_id}")
    text = json.dumps(found, ensure_ascii=False, sort_keys=True, indent=1)
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
        click.echo(out)
    else:
        click.echo(text)


@data.command("delete-student")
@click.argument("student_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_student(student_id, yes):
    """Delete one student and all their records (signed reports do not change)."""
    from ..extensions import db
    from .data import delete_student as remove

    if not yes and not click.confirm(f"Delete student {student_id} and all their records?"):
        _fail("nothing deleted")
    app = _app()
    with app.app_context():
        removed = remove(student_id)
        if removed is None:
            _fail(f"no student {student_id}")
        db.session.commit()
    click.echo("deleted: " + ", ".join(f"{name} {n}" for name, n in removed.items()))
