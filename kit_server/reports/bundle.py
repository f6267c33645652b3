"""A report bundle: report.json, report.csv, summary.html, manifest.json (SHA-256 of each file, the
key id and the hash of the previous report so a missing one shows) and manifest.sig."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import sqlalchemy as sa

from ..extensions import db
from . import outbox, signing
from .builder import REPORT_TYPE, Progress, build_report, canonical_json
from .models import ReportLog
from .period import Period
from .summary import render_school

DATA_FILES = ("report.json", "report.csv", "summary.html")
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
CSV_COLUMNS = ("report_id", "school_id", "period_start", "period_end", "revision", "table", "row", "col",
               "value", "suppressed")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reports_dir(home) -> Path:
    return Path(home) / "reports"


def to_csv(report: dict) -> bytes:
    """One row per published number, fixed English columns: files of every school stack and merge."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    head = [report["report_id"], report["school_id"], report["period"]["start"], report["period"]["end"],
            report["revision"]]

    def emit(table, row, col, value):
        hidden = isinstance(value, str)
        writer.writerow([*head, table, row, col, "" if hidden or value is None else value, value if hidden else ""])

    for key, table in sorted(report["tables"].items()):
        for r, cells in zip(table["rows"], table["cells"]):
            for c, value in zip(table["cols"], cells):
                emit(key, r, c, value)
    for key, value in sorted(report["indicators"].items()):
        emit("indicators", key, "", value)
    for module_id, info in sorted(report["modules"].items()):
        for part in ("completion", "gain"):
            for key, value in sorted(info[part].items()):
                emit(f"module:{module_id}", part, key, value)
        emit(f"module:{module_id}", "pre_only", "", info["pre_only"])
        for sex, gain in sorted((info["gain_by_sex"] or {}).items()):
            for key, value in sorted(gain.items()):
                emit(f"module:{module_id}", f"gain:{sex}", key, value)
    return out.getvalue().encode("utf-8")


def next_revision(period: Period) -> int:
    # Same dates, same period, whatever it was called (a "term" of exactly November is November).
    current = db.session.scalar(sa.select(sa.func.max(ReportLog.revision)).where(
        ReportLog.period_start == period.start, ReportLog.period_end == period.end))
    return (current or 0) + 1


def nested_reports(period: Period) -> list[dict]:
    """Earlier reports whose period is inside this one or holds it: subtracting two such reports
    isolates the students of the difference, so the new report must not allow that."""
    found = []
    for row in db.session.scalars(sa.select(ReportLog).order_by(ReportLog.id)):
        if period.nested_with(Period(row.kind, row.period_start, row.period_end)):
            found.append(json.loads(row.report_json))
    return found


def create_report(home, school, period: Period, catalog, *, locale: str = "ar", out: Path | None = None,
                  progress: Progress | None = None) -> Path:
    """Build, sign, store and log one report; returns the bundle folder (under KIT_HOME/reports).
    `progress(phase, done, total)`: "read", then "count" module by module, then "sign"."""
    progress = progress or (lambda *_args: None)
    signing.ensure_school_keys(home)
    report = build_report(school=school, period=period, revision=next_revision(period), catalog=catalog,
                          previous=nested_reports(period), on_step=progress)
    progress("sign")
    files = {"report.json": canonical_json(report), "report.csv": to_csv(report),
             "summary.html": render_school(report, locale).encode("utf-8")}
    previous = db.session.scalar(sa.select(ReportLog.manifest_sha256).order_by(ReportLog.id.desc()).limit(1))
    manifest = {"schema_version": report["schema_version"], "type": REPORT_TYPE, "report_id": report["report_id"],
                "school_id": report["school_id"], "revision": report["revision"],
                "key_id": signing.school_fingerprint(home), "previous_report_sha256": previous,
                "files": {name: sha256(data) for name, data in files.items()}}
    files[MANIFEST] = canonical_json(manifest)
    files[SIGNATURE] = signing.sign(home, files[MANIFEST])
    folder = reports_dir(home) / report["report_id"]
    write_folder(folder, files)
    db.session.add(ReportLog(report_id=report["report_id"], kind=period.kind, period_start=period.start,
                             period_end=period.end, revision=report["revision"],
                             manifest_sha256=sha256(files[MANIFEST]), path=str(folder),
                             report_json=files["report.json"].decode("utf-8")))
    outbox.enqueue(report["report_id"])  # every report goes to the hub's outbox; sent if ever enrolled
    db.session.commit()
    if out is not None:
        write_folder(Path(out), files)
        return Path(out)
    return folder


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """All files or none: written in a temporary folder next to the target, then renamed."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".partial-"))
    try:
        for name, data in files.items():
            with open(temp / name, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(temp, folder)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)


def read_bundle(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(Path(folder).iterdir()) if p.is_file()}


def zip_bundle(folder: Path) -> bytes:
    """The bundle as a zip with fixed dates, so the same bundle always downloads as the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in read_bundle(folder).items():
            info = zipfile.ZipInfo(f"{Path(folder).name}/{name}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
