"""Taking in one bundle: from the network, the upload page or `kit hub import`, the same rules.

A bundle is accepted only from an enrolled school and only with that school's registered key
(bundlecheck.check_signed looks the key up by the school id the bundle names). A higher revision of
a period replaces the earlier one; the same bundle twice changes nothing; an older revision arriving
late is kept aside, not counted. Each report says which report the school built before it
(`previous_report_sha256`): when that one never arrived the report is flagged as a broken chain,
and the flag goes when the missing one comes. Every refusal is stored with its reason and logged,
and nothing of the refused bundle is stored.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..reports import signing
from ..reports.builder import canonical_json
from ..reports.bundlecheck import Bundle, BundleError, check_signed, read_folder, read_zip, sha256
from ..timeutil import utcnow
from .db import session
from .models import HubCell, HubRefusal, HubReport, HubSchool

log = logging.getLogger("kit.hub")
STORED, DUPLICATE, SUPERSEDED = "stored", "duplicate", "superseded"


class Refused(Exception):
    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.reason, self.status = reason, status


@dataclass
class Outcome:
    status: str
    report_id: str
    manifest_sha256: str
    school_id: str
    chain_broken: bool = False


def ingest_zip(data: bytes, source: str, address: str | None = None, name: str = "upload", *,
               commit: bool = True) -> Outcome:
    try:
        files = read_zip(data, name)
    except BundleError as error:
        raise _refuse(str(error), source, address, data) from None
    return ingest_files(files, source, address, name, raw=data, commit=commit)


def ingest_path(path: Path, source: str = "import", *, commit: bool = True) -> Outcome:
    """A zip file or a bundle folder (a USB stick's kit-reports/<id>/)."""
    path = Path(path)
    if path.is_file():
        return ingest_zip(path.read_bytes()[:8_000_001], source, None, path.name, commit=commit)
    try:
        files = read_folder(path)
    except BundleError as error:
        raise _refuse(str(error), source, None, b"") from None
    return ingest_files(files, source, None, path.name, commit=commit)


def ingest_files(files: dict[str, bytes], source: str, address: str | None, name: str,
                 raw: bytes | None = None, *, commit: bool = True) -> Outcome:
    """One bundle. Over the network every bundle is committed before it is acknowledged; an import
    of many (`commit=False`, then `session().commit()` every few hundred) waits for the disk once
    per batch instead of once per bundle."""
    db = session()
    raw = raw if raw is not None else b"".join(files.get(k, b"") for k in sorted(files))

    found = {}

    def key_for(school_id: str):
        found["school"] = db.scalar(sa.select(HubSchool).where(HubSchool.school_id == school_id))
        return found["school"].key_pem.encode() if found["school"] else None

    try:
        bundle = check_signed(files, key_for, name)
    except BundleError as error:
        raise _refuse(str(error), source, address, raw, _school_in(files)) from None
    school = found["school"]
    existing = db.scalar(sa.select(HubReport).where(HubReport.report_id == bundle.report_id))
    if existing is not None:
        if existing.manifest_sha256 != bundle.digest:
            raise _refuse(f"{name}: report {bundle.report_id} was received before with other contents",
                          source, address, raw, bundle.school_id, status=409)
        return _outcome(DUPLICATE, bundle, existing.chain_broken)
    try:
        status, row = _store(db, school, bundle, source)
        db.commit() if commit else db.flush()
    except IntegrityError:  # the same bundle arriving twice at once: the other request stored it
        db.rollback()
        return _outcome(DUPLICATE, bundle)
    return _outcome(status, bundle, row.chain_broken)


def _outcome(status: str, bundle: Bundle, broken: bool = False) -> Outcome:
    return Outcome(status, bundle.report_id, bundle.digest, bundle.school_id, broken)


def _store(db, school: HubSchool, bundle: Bundle, source: str) -> tuple[str, HubReport]:
    report, manifest = bundle.report, bundle.manifest
    period = report["period"]
    same_period = db.scalars(sa.select(HubReport).where(
        HubReport.school_pk == school.id, HubReport.period_start == _date(period["start"]),
        HubReport.period_end == _date(period["end"]), HubReport.current.is_(True))).all()
    newer = [r for r in same_period if r.revision > bundle.manifest["revision"]]
    for older in same_period:
        if older.revision < manifest["revision"]:
            older.current = False  # kept for the record; its cells leave the dashboards
            db.execute(sa.delete(HubCell).where(HubCell.report_pk == older.id))
    row = _row(school, bundle, source, current=not newer)
    row.chain_broken = _chain_broken(db, school, manifest["previous_report_sha256"])
    db.add(row)
    db.flush()
    if row.current:  # one executemany: 15 cells per report, 24,000 reports a year
        db.execute(sa.insert(HubCell), _cells(row.id, report["tables"]["reach"]))
    # A report that arrives late mends the chain of the one built after it.
    db.execute(sa.update(HubReport).where(HubReport.school_pk == school.id,
                                          HubReport.previous_sha256 == bundle.digest).values(chain_broken=False))
    school.last_received_at = utcnow()
    return (SUPERSEDED if newer else STORED), row


def _chain_broken(db, school: HubSchool, previous: str | None) -> bool:
    if previous is None:
        return False  # the school's first report
    found = db.scalar(sa.select(HubReport.id).where(HubReport.school_pk == school.id,
                                                   HubReport.manifest_sha256 == previous).limit(1))
    return found is None


def _number(value):
    return value if type(value) is int else None


def _row(school: HubSchool, bundle: Bundle, source: str, current: bool) -> HubReport:
    report = bundle.report
    period, indicators = report["period"], report["indicators"]
    completion = report["tables"]["completion_all"]["cells"][-1]
    cols = report["tables"]["completion_all"]["cols"]
    by_col = dict(zip(cols, completion))
    learning = indicators["learning_hours"]
    return HubReport(
        report_id=bundle.report_id, school_pk=school.id, kind=period["kind"],
        period_start=_date(period["start"]), period_end=_date(period["end"]),
        month=period["start"][:7] if period["kind"] == "month" else None,
        revision=report["revision"], current=current, manifest_sha256=bundle.digest,
        previous_sha256=bundle.manifest["previous_report_sha256"], threshold=report["threshold"],
        reach_total=_number(report["tables"]["reach"]["cells"][-1][-1]),
        teachers_active=_number(indicators["teachers_active"]) or 0,
        instruction_hours=float(indicators["instruction_hours"] or 0),
        learning_hours=float(learning) if type(learning) in (int, float) else None,
        started=_number(by_col.get("started")), completed=_number(by_col.get("completed")),
        source=source, manifest=bundle.files["manifest.json"].decode("utf-8"),
        signature=bundle.files["manifest.sig"].decode("ascii", "replace").strip(),
        report_json=bundle.files["report.json"].decode("utf-8"))


def _date(text: str):
    from datetime import date

    return date.fromisoformat(text)


def _cells(report_pk: int, reach: dict) -> list[dict]:
    """The inner cells only (no totals): sums over schools are made from these."""
    cols = reach["cols"]
    return [{"report_pk": report_pk, "sex": sex, "band": band, "value": _number(value)}
            for sex, row in zip(reach["rows"], reach["cells"]) if sex != "total"
            for band, value in zip(cols, row) if band != "total"]


def _school_in(files: dict[str, bytes]) -> str | None:
    """The school id a refused bundle claims, if it looks like one (for the refusal log only)."""
    from ..reports.bundlecheck import is_uuid

    try:
        claimed = json.loads(files.get("manifest.json", b"{}")).get("school_id")
    except (ValueError, AttributeError, RecursionError):
        return None
    return claimed if is_uuid(claimed) else None


def _refuse(reason: str, source: str, address: str | None, raw: bytes, school_id: str | None = None,
            status: int = 400) -> Refused:
    refuse_log(reason, source, address, len(raw), sha256(raw) if raw else None, school_id)
    return Refused(reason, status)


def refuse_log(reason: str, source: str, address: str | None, size: int = 0, digest: str | None = None,
               school_id: str | None = None) -> None:
    db = session()  # (in an import, this commit also keeps the bundles accepted before it)
    db.add(HubRefusal(source=source, address=address, school_id=school_id, reason=reason[:300], size=size,
                      sha256=digest))
    db.commit()
    log.warning("refused (%s, %s): %s", source, address or "-", reason)


def receipt(outcome: Outcome) -> dict:
    """The hub's signed acknowledgement: the kit checks it with the hub key pinned at enrolment."""
    text = canonical_json({"status": outcome.status, "report_id": outcome.report_id,
                           "manifest_sha256": outcome.manifest_sha256, "school_id": outcome.school_id,
                           "chain_broken": outcome.chain_broken,
                           "received_at": utcnow().replace(microsecond=0).isoformat() + "Z"}).decode("utf-8")
    signature = signing.sign(Path(current_app.config["HUB_HOME"]), text.encode("utf-8")).decode("ascii").strip()
    return {"receipt": text, "signature": signature, "status": outcome.status}
