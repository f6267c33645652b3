"""The school's side of the hub: enrolment, an outbox of reports, and a background sender.

Every report the kit builds is put in the outbox (`enqueue`, called by create_report). When the kit
is enrolled, a thread started by `kit serve` sends what is waiting, oldest first, one at a time: a
report is only sent once every report before it was acknowledged (or refused for good), so a school
offline for months sends its backlog in order. When the hub does not answer, the head of the queue
waits, longer after each failure (exponential backoff, capped), and the kit carries on as if there
were no hub. An acknowledgement counts only when it is signed by the hub key pinned at enrolment.
Nothing else leaves the school: the enrolment carries the school id, its public key and three codes
(governorate, district, school type), and reports carry counts only.
"""
from __future__ import annotations

import json
import logging
import threading
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .. import __version__
from ..extensions import db
from ..timeutil import utcnow
from . import hubclient, signing
from .hubclient import HubRefused, HubUnreachable

log = logging.getLogger("kit.hub.sender")
WAITING, SENT, ACKNOWLEDGED, REFUSED = "waiting", "sent", "acknowledged", "refused"
OPEN = (WAITING, SENT)  # still to be delivered


class HubLink(db.Model):
    """The one hub this kit reports to (one row once enrolled)."""

    __tablename__ = "hub_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(300))
    hub_key_pem: Mapped[str] = mapped_column(sa.Text)  # pinned: signs every acknowledgement
    hub_key_id: Mapped[str] = mapped_column(sa.String(40))
    tls_pin: Mapped[str | None] = mapped_column(sa.String(64))  # SHA-256 of the hub's certificate (HTTPS)
    governorate: Mapped[str] = mapped_column(sa.String(40))
    district: Mapped[str] = mapped_column(sa.String(40))
    school_type: Mapped[str] = mapped_column(sa.String(20))
    monthly: Mapped[bool] = mapped_column(default=True)  # build last month's report by itself
    enrolled_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
    last_contact_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)


class OutboxItem(db.Model):
    """One report on its way to the hub."""

    __tablename__ = "report_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    state: Mapped[str] = mapped_column(sa.String(12), default=WAITING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
    sent_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)
    acknowledged_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)
    receipt: Mapped[str | None] = mapped_column(sa.Text)  # the hub's signed answer, as received


# ---- the outbox ------------------------------------------------------------------------------


def enqueue(report_id: str) -> None:
    """Add a freshly built report (the caller commits with the report's log row)."""
    db.session.add(OutboxItem(report_id=report_id, state=WAITING))
    wake_senders()


def summary() -> dict:
    """Counts per state and the newest rows, for /admin/reports."""
    counts = dict(db.session.execute(sa.select(OutboxItem.state, sa.func.count()).group_by(OutboxItem.state)).all())
    rows = db.session.scalars(sa.select(OutboxItem).order_by(OutboxItem.id.desc()).limit(12)).all()
    return {"link": db.session.scalar(sa.select(HubLink).limit(1)), "rows": rows,
            **{state: counts.get(state, 0) for state in (WAITING, SENT, ACKNOWLEDGED, REFUSED)}}


# ---- enrolment -------------------------------------------------------------------------------


class EnrolError(Exception):
    """Enrolment failed; `code` says why, for a message in the admin's language."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail or code)
        self.code, self.detail = code, detail


def enrol(home: Path, school, url: str, code: str, governorate: str, district: str, school_type: str,
          *, timeout: float = 30) -> HubLink:
    from ..hub.places import check_place

    try:
        url = hubclient.normalise_url(url)
    except ValueError:
        raise EnrolError("url") from None
    wrong = check_place(governorate, district, school_type)
    if wrong:
        raise EnrolError(wrong)
    if not 4 <= len(code.strip()) <= 64:
        raise EnrolError("code")
    payload = {"code": code.strip(), "school_id": school.uid, "public_key": signing.school_public_pem(home).decode(),
               "governorate": governorate, "district": district, "school_type": school_type,
               "kit_version": __version__}
    try:
        answer, cert = hubclient.post(url, "/api/v1/enrol", json.dumps(payload).encode(), "application/json",
                                      timeout=timeout)
    except HubRefused as error:
        raise EnrolError("refused", str(error)) from None
    except HubUnreachable as error:
        raise EnrolError("unreachable", str(error)) from None
    try:
        hub_key = signing.load_public(str(answer.get("hub_key", "")).encode())
    except signing.KeyError_:
        raise EnrolError("unreachable", "the hub sent no usable key") from None
    link = db.session.scalar(sa.select(HubLink).limit(1)) or HubLink()
    link.url, link.tls_pin = url, cert
    link.hub_key_pem, link.hub_key_id = signing.public_pem(hub_key).decode(), signing.fingerprint(hub_key)
    link.governorate, link.district, link.school_type = governorate, district, school_type
    link.enrolled_at = utcnow()
    db.session.add(link)
    # Everything built before enrolment is sent too, oldest first: it is the school's history.
    db.session.execute(sa.update(OutboxItem).where(OutboxItem.state.in_(OPEN))
                       .values(next_attempt_at=None, attempts=0))
    db.session.commit()
    wake_senders()
    return link


# ---- sending ---------------------------------------------------------------------------------


def _delay(app, attempts: int) -> timedelta:
    base = float(app.config.get("HUB_BACKOFF_BASE", 30))
    cap = float(app.config.get("HUB_BACKOFF_MAX", 6 * 3600))
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def send_waiting(app) -> int:
    """Send what is waiting, in order, until the queue is empty or the hub stops answering.
    Returns how many were acknowledged. Call inside an app context."""
    from .bundle import zip_bundle
    from .models import ReportLog

    link = db.session.scalar(sa.select(HubLink).limit(1))
    if link is None:
        return 0
    done = 0
    timeout = float(app.config.get("HUB_TIMEOUT", 30))
    while True:
        item = db.session.scalar(sa.select(OutboxItem).where(OutboxItem.state.in_(OPEN)).order_by(OutboxItem.id).limit(1))
        if item is None or (item.next_attempt_at is not None and item.next_attempt_at > utcnow()):
            return done
        row = db.session.scalar(sa.select(ReportLog).where(ReportLog.report_id == item.report_id))
        if row is None or not Path(row.path).is_dir():
            _finish(item, REFUSED, "the bundle is no longer on this machine")
            continue
        try:
            item.state, item.sent_at = SENT, utcnow()
            db.session.commit()
            answer, _cert = hubclient.post(link.url, "/api/v1/bundles", zip_bundle(Path(row.path)), "application/zip",
                                           pin=link.tls_pin, timeout=timeout)
            receipt = _checked_receipt(link, answer, item.report_id, row.manifest_sha256)
        except HubRefused as error:
            _finish(item, REFUSED, str(error))
            log.warning("the hub refused report %s: %s", item.report_id, error)
            continue
        except HubUnreachable as error:
            item.attempts += 1
            item.last_error = str(error)[:300]
            item.next_attempt_at = utcnow() + _delay(app, item.attempts)
            db.session.commit()
            return done
        item.receipt = receipt
        link.last_contact_at = utcnow()
        _finish(item, ACKNOWLEDGED, None)
        done += 1


def _finish(item: OutboxItem, state: str, error: str | None) -> None:
    item.state, item.last_error, item.next_attempt_at = state, (error or None) and error[:300], None
    if state == ACKNOWLEDGED:
        item.acknowledged_at = utcnow()
    db.session.commit()


def _checked_receipt(link: HubLink, answer: dict, report_id: str, manifest_sha256: str) -> str:
    """The receipt's text if the pinned hub key signed it for this very bundle; else HubUnreachable
    (the answer may be from something else on the network: try again later)."""
    text, signature = answer.get("receipt"), answer.get("signature")
    if not isinstance(text, str) or not isinstance(signature, str):
        raise HubUnreachable("the hub's answer carries no signed receipt")
    key = signing.load_public(link.hub_key_pem.encode())
    if not signing.check(key, text.encode("utf-8"), signature.encode("ascii", "replace")):
        raise HubUnreachable("the receipt is not signed by the hub pinned at enrolment")
    receipt = json.loads(text)
    if receipt.get("report_id") != report_id or receipt.get("manifest_sha256") != manifest_sha256:
        raise HubUnreachable("the receipt is for another report")
    return text


# ---- the monthly report ----------------------------------------------------------------------


def last_month(today: date) -> str:
    first = today.replace(day=1) - timedelta(days=1)
    return first.strftime("%Y-%m")


def build_monthly_if_due(app, today: date | None = None) -> bool:
    """Once enrolled (and unless switched off), last month's report is built once the month is over."""
    from ..lessons import catalog
    from ..school.service import get_school
    from .bundle import create_report
    from .models import ReportLog
    from .period import parse_period

    link = db.session.scalar(sa.select(HubLink).limit(1))
    if link is None or not link.monthly or not app.config.get("HUB_MONTHLY_BUILD", True):
        return False
    period = parse_period(last_month(today or date.today()))
    if db.session.scalar(sa.select(ReportLog.id).where(ReportLog.period_start == period.start,
                                                       ReportLog.period_end == period.end).limit(1)):
        return False
    school = get_school()
    create_report(Path(app.config["KIT_HOME"]), school, period, catalog(), locale=school.default_locale)
    return True


# ---- the thread ------------------------------------------------------------------------------

_senders: list = []
_lock = threading.Lock()


def wake_senders() -> None:
    for sender in list(_senders):
        sender.wake.set()


class Sender(threading.Thread):
    """Wakes when a report is built, after a backoff delay, or every `interval` seconds at most."""

    def __init__(self, app, interval: float):
        super().__init__(name="kit-hub-sender", daemon=True)
        self.app, self.interval = app, interval
        self.wake, self.stopping = threading.Event(), threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.wake.clear()
            wait = self.interval
            try:
                with self.app.app_context():
                    build_monthly_if_due(self.app)
                    send_waiting(self.app)
                    wait = self._until_next(wait)
                    db.session.remove()
            except Exception:  # the kit must keep serving the school whatever the hub does
                log.exception("sending reports to the hub failed; trying again later")
            self.wake.wait(wait)

    def _until_next(self, wait: float) -> float:
        due = db.session.scalar(sa.select(sa.func.min(OutboxItem.next_attempt_at)).where(OutboxItem.state.in_(OPEN)))
        if due is not None:
            wait = min(wait, max(0.01, (due - utcnow()).total_seconds()))
        return wait

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        with _lock:
            if self in _senders:
                _senders.remove(self)


def start_sender(app, interval: float | None = None) -> Sender:
    sender = Sender(app, interval if interval is not None else float(app.config.get("HUB_SEND_INTERVAL", 300)))
    with _lock:
        _senders.append(sender)
    sender.start()
    return sender
