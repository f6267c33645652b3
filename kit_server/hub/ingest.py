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

import base64
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


Item = tuple[str, "bytes | dict[str, bytes]"]  # (name, zip bytes or the files of a bundle folder)


def ingest_zip(data: bytes, source: str, address: str | None = None, name: str = "upload") -> Outcome:
    """One bundle, committed before the answer (a kit is acknowledged only for what is on disk)."""
    result = ingest_many([(name, data)], source, address)[0]
    if isinstance(result, Refused):
        raise result
    return result


def ingest_path(path: Path, source: str = "import") -> Outcome:
    result = ingest_many([path_item(path)], source)[0]
    if isinstance(result, Refused):
        raise result
    return result


def path_item(path: Path) -> Item:
    """A zip file or a bundle folder (a USB stick's kit-reports/<id>/), read with the limits."""
    path = Path(path)
    if path.is_file():
        return path.name, path.read_bytes()[:8_000_001]
    try:
        return path.name, read_folder(path)
    except BundleError as error:
        return path.name, error


def ingest_many(items: list[Item], source: str, address: str | None = None) -> list[Outcome | Refused]:
    """Check every bundle, then store the good ones in one transaction with a handful of statements
    (an import of a programme's backlog waits for the disk once per batch, not once per bundle).
    The result, per item, in order: an Outcome or the Refused it got."""
    db = session()
    results: list = [None] * len(items)
    opened, checked, refusals = [], [], []

    def refuse(k: int, error: BundleError, raw, files=None) -> None:
        results[k] = Refused(str(error))
        refusals.append(_refusal(str(error), source, address, raw if isinstance(raw, bytes) else b"",
                                 _school_in(files)))

    for k, (name, content) in enumerate(items):
        try:
            if isinstance(content, BundleError):
                raise content
            opened.append((k, name, read_zip(content, name) if isinstance(content, bytes) else content, content))
        except BundleError as error:
            refuse(k, error, content)
    schools = _schools(db, [files for _k, _n, files, _raw in opened])
    for k, name, files, raw in opened:
        try:
            checked.append((k, check_signed(
                files, lambda sid: schools[sid].key_pem.encode() if sid in schools else None, name)))
        except BundleError as error:
            refuse(k, error, raw, files)
    try:
        _Batch(db, schools, source).store(checked, results, refusals, address)
        db.add_all(refusals)
        db.commit()
    except IntegrityError:  # another request stored one of these a moment ago: one by one, then
        db.rollback()
        if len(items) == 1:
            return [_outcome(DUPLICATE, checked[0][1])] if checked else results
        return [r for item in items for r in ingest_many([item], source, address)]
    for refusal in refusals:
        log.warning("refused (%s, %s): %s", source, address or "-", refusal.reason)
    return results


def _schools(db, opened: list[dict]) -> dict[str, HubSchool]:
    claimed = {sid for files in opened if (sid := _school_in(files))}
    if not claimed:
        return {}
    return {s.school_id: s for s in db.scalars(sa.select(HubSchool).where(HubSchool.school_id.in_(claimed)))}


class _Batch:
    """What the database already holds for the batch's schools, loaded in three queries, then each
    bundle decided in order in memory, then written in a few statements."""

    def __init__(self, db, schools: dict[str, HubSchool], source: str):
        self.db, self.schools, self.source = db, schools, source
        self.pending: list[dict] = []  # rows to insert; a ref is ("new", index) or ("db", id)
        self.superseded: set[int] = set()
        self.mended: set[int] = set()

    def _load(self, bundles: list[Bundle]) -> None:
        pks = {self.schools[b.school_id].id for b in bundles}
        ids = [b.report_id for b in bundles]
        self.known = dict(self.db.execute(sa.select(HubReport.report_id, HubReport.manifest_sha256)
                                          .where(HubReport.report_id.in_(ids))).all()) if ids else {}
        self.current, self.digests, self.waiting = {}, {pk: set() for pk in pks}, {}
        rows = self.db.execute(sa.select(HubReport.id, HubReport.school_pk, HubReport.period_start,
                                         HubReport.period_end, HubReport.revision, HubReport.current,
                                         HubReport.manifest_sha256, HubReport.previous_sha256,
                                         HubReport.chain_broken).where(HubReport.school_pk.in_(pks))) if pks else []
        for rid, pk, start, end, revision, current, digest, previous, broken in rows:
            self.digests[pk].add(digest)
            if current:
                self.current[(pk, start.isoformat(), end.isoformat())] = (("db", rid), revision)
            if broken:
                self.waiting.setdefault((pk, previous), []).append(("db", rid))

    def store(self, checked: list[tuple[int, Bundle]], results: list, refusals: list, address) -> None:
        if not checked:
            return
        self._load([b for _k, b in checked])
        for k, bundle in checked:
            results[k] = self._decide(bundle, refusals, address)
        self._write()

    def _decide(self, bundle: Bundle, refusals: list, address) -> Outcome | Refused:
        if bundle.report_id in self.known:
            if self.known[bundle.report_id] != bundle.digest:
                reason = f"report {bundle.report_id} was received before with other contents"
                refusals.append(_refusal(reason, self.source, address, b"", bundle.school_id))
                return Refused(reason, 409)
            return _outcome(DUPLICATE, bundle)
        school = self.schools[bundle.school_id]
        period, revision = bundle.report["period"], bundle.manifest["revision"]
        slot = (school.id, period["start"], period["end"])
        held = self.current.get(slot)
        current = held is None or held[1] < revision
        if held is not None and current:
            self._supersede(held[0])
        previous = bundle.manifest["previous_report_sha256"]
        row = _row(school, bundle, self.source, current)
        row["chain_broken"] = previous is not None and previous not in self.digests[school.id]
        ref = ("new", len(self.pending))
        self.pending.append(row)
        self.known[bundle.report_id] = bundle.digest
        self.digests[school.id].add(bundle.digest)
        if current:
            self.current[slot] = (ref, revision)
        for waiting in self.waiting.pop((school.id, bundle.digest), []):  # a late report mends the next one
            self._mend(waiting)
        if row["chain_broken"]:
            self.waiting.setdefault((school.id, previous), []).append(ref)
        school.last_received_at = utcnow()
        return _outcome(STORED if current else SUPERSEDED, bundle, row["chain_broken"])

    def _supersede(self, ref) -> None:
        kind, key = ref
        if kind == "db":
            self.superseded.add(key)
        else:
            self.pending[key]["current"] = False

    def _mend(self, ref) -> None:
        kind, key = ref
        if kind == "db":
            self.mended.add(key)
        else:
            self.pending[key]["chain_broken"] = False

    def _write(self) -> None:
        db = self.db
        if self.superseded:  # kept for the record; their cells leave the dashboards
            db.execute(sa.update(HubReport).where(HubReport.id.in_(self.superseded)).values(current=False))
            db.execute(sa.delete(HubCell).where(HubCell.report_pk.in_(self.superseded)))
        if self.mended:
            db.execute(sa.update(HubReport).where(HubReport.id.in_(self.mended)).values(chain_broken=False))
        if not self.pending:
            return
        reaches = [row.pop("_reach") for row in self.pending]
        ids = db.scalars(sa.insert(HubReport).returning(HubReport.id, sort_by_parameter_order=True),
                         self.pending).all()
        cells = [cell for pk, row, reach in zip(ids, self.pending, reaches) if row["current"]
                 for cell in _cells(pk, reach)]
        if cells:
            db.execute(sa.insert(HubCell), cells)


def _outcome(status: str, bundle: Bundle, broken: bool = False) -> Outcome:
    return Outcome(status, bundle.report_id, bundle.digest, bundle.school_id, broken)


def _number(value):
    return value if type(value) is int else None


def _row(school: HubSchool, bundle: Bundle, source: str, current: bool) -> dict:
    report = bundle.report
    period, indicators = report["period"], report["indicators"]
    completion = report["tables"]["completion_all"]
    by_col = dict(zip(completion["cols"], completion["cells"][-1]))
    learning = indicators["learning_hours"]
    return dict(
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
        source=source, received_at=utcnow(), manifest=bundle.files["manifest.json"].decode("utf-8"),
        signature=bundle.files["manifest.sig"].decode("ascii", "replace").strip(),
        report_json=bundle.files["report.json"].decode("utf-8"), _reach=report["tables"]["reach"])


def _date(text: str):
    from datetime import date

    return date.fromisoformat(text)


def _cells(report_pk: int, reach: dict) -> list[dict]:
    """The inner cells only (no totals): sums over schools are made from these."""
    cols = reach["cols"]
    return [{"report_pk": report_pk, "sex": sex, "band": band, "value": _number(value)}
            for sex, row in zip(reach["rows"], reach["cells"]) if sex != "total"
            for band, value in zip(cols, row) if band != "total"]


def _school_in(content) -> str | None:
    """The school id a bundle claims, if it looks like one: to find its key (then checked) and, for
    a refused bundle, for the refusal log only."""
    from ..reports.bundlecheck import is_uuid

    if not isinstance(content, dict):
        return None
    try:
        claimed = json.loads(content.get("manifest.json", b"{}")).get("school_id")
    except (ValueError, AttributeError, RecursionError):
        return None
    return claimed if is_uuid(claimed) else None


def _refusal(reason: str, source: str, address: str | None, raw: bytes, school_id: str | None = None) -> HubRefusal:
    return HubRefusal(source=source, address=address, school_id=school_id, reason=reason[:300], size=len(raw),
                      sha256=sha256(raw) if raw else None)


def refuse_log(reason: str, source: str, address: str | None, size: int = 0, digest: str | None = None,
               school_id: str | None = None) -> None:
    db = session()
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
    key = current_app.extensions.get("kit_hub_key")
    if key is None:  # read once per process, not once per bundle
        key = current_app.extensions["kit_hub_key"] = signing.load_private(Path(current_app.config["HUB_HOME"]))
    signature = base64.b64encode(key.sign(text.encode("utf-8"))).decode("ascii")
    return {"receipt": text, "signature": signature, "status": outcome.status}
