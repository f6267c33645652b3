"""Starting a job, reporting its progress from its thread, and reading its state.

The state lives in the database, not in memory: a gunicorn deployment may answer the progress
poll from another worker, and after a power cut the page must say the job was cut short instead of
spinning for ever. A running job writes a heartbeat every few seconds; one whose heartbeat stopped
is shown as interrupted (each job's own work is all or nothing, so nothing is left half done).
"""
from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..timeutil import utcnow
from .models import DONE, FAILED, RUNNING, Job

INTERRUPTED = "interrupted"  # never stored: a running job whose heartbeat stopped
HEARTBEAT_SECONDS = 5
STALE_AFTER = timedelta(seconds=30)
WRITE_EVERY_SECONDS = 0.3  # progress writes are throttled: a pack reports every 64 kB unpacked
KEEP_FINISHED = timedelta(days=30)


class JobFailed(Exception):
    """An expected refusal (a tampered pack, a full disk); its message is shown as the reason."""


class Reporter:
    """Given to the job's work: `report(phase)`, `report(phase, done, total)` or `report.advance(n)`."""

    def __init__(self, job_id: str):
        self.job_id = job_id
        self.phase, self.done, self.total = "start", 0, 0
        self._written_at = 0.0
        self._lock = threading.Lock()

    def __call__(self, phase: str, done: int | None = None, total: int | None = None) -> None:
        with self._lock:
            changed = phase != self.phase
            self.phase = phase
            self.done = self.done if done is None else done
            self.total = self.total if total is None else total
            self._write(force=changed)

    def advance(self, amount: int) -> None:
        with self._lock:
            self.done += amount
            self._write(force=False)

    def _write(self, force: bool) -> None:
        now = time.monotonic()
        if not force and now - self._written_at < WRITE_EVERY_SECONDS:
            return
        self._written_at = now
        _update(self.job_id, phase=self.phase, done=self.done, total=self.total, heartbeat_at=utcnow())


def _update(job_id: str, **values) -> None:
    """One short transaction of its own, so a progress write never waits on the work's session."""
    with db.engine.begin() as connection:
        connection.execute(sa.update(Job).where(Job.id == job_id, Job.state == RUNNING).values(**values))


def running_job(kind: str) -> Job | None:
    """The job of this kind that is still running (with a live heartbeat), if any."""
    fresh = utcnow() - STALE_AFTER
    return db.session.scalar(sa.select(Job).where(Job.kind == kind, Job.state == RUNNING,
                                                  Job.heartbeat_at >= fresh).limit(1))


def start(kind: str, work: Callable[[Reporter], str | None], *, started_by: int | None) -> tuple[Job, bool]:
    """Start `work` in a thread of its own; returns (job, True), or (the running job, False) when
    one of this kind is already running (two pack installs or two backups at once help nobody).

    `work(report)` returns a one-line detail of what it made, or raises JobFailed with the reason."""
    existing = running_job(kind)
    if existing is not None:
        return existing, False
    _forget_old_jobs()
    job = Job(id=secrets.token_urlsafe(16), kind=kind, started_by=started_by)
    db.session.add(job)
    db.session.commit()
    app = current_app._get_current_object()
    threading.Thread(target=_run, args=(app, job.id, kind, work), name=f"kit-job-{kind}", daemon=True).start()
    return job, True


def _run(app, job_id: str, kind: str, work) -> None:
    with app.app_context():
        stop = threading.Event()
        beat = threading.Thread(target=_beat, args=(app, job_id, stop), name=f"kit-job-{kind}-beat", daemon=True)
        beat.start()
        try:
            state, detail = DONE, work(Reporter(job_id))
        except JobFailed as error:
            state, detail = FAILED, str(error)
        except Exception as error:  # noqa: BLE001 (a job must always end with a state the page can show)
            app.logger.exception("background job %s (%s) failed", job_id, kind)
            state, detail = FAILED, f"unexpected error: {error}"
        finally:
            stop.set()
            beat.join()
            db.session.remove()
        _update(job_id, state=state, detail=detail, finished_at=utcnow(), heartbeat_at=utcnow())


def _beat(app, job_id: str, stop: threading.Event) -> None:
    """Keeps the job alive on the page while its work is in one long step (a big database copy)."""
    with app.app_context():
        while not stop.wait(HEARTBEAT_SECONDS):
            _update(job_id, heartbeat_at=utcnow())


def _forget_old_jobs() -> None:
    db.session.execute(sa.delete(Job).where(Job.state != RUNNING, Job.finished_at < utcnow() - KEEP_FINISHED))


@dataclass(frozen=True)
class JobView:
    id: str
    kind: str
    state: str  # running, done, failed or interrupted
    phase: str
    done: int
    total: int
    detail: str | None

    @property
    def percent(self) -> int | None:
        """None while there is nothing to measure (the bar then moves without a value)."""
        if self.state == DONE:
            return 100
        return min(99, 100 * self.done // self.total) if self.total else None


def view(job_id: str) -> JobView | None:
    job = db.session.get(Job, job_id)
    if job is None:
        return None
    db.session.refresh(job)  # a poll must see the worker thread's latest write
    state = job.state
    if state == RUNNING and job.heartbeat_at < utcnow() - STALE_AFTER:
        state = INTERRUPTED
    return JobView(job.id, job.kind, state, job.phase, job.done, job.total, job.detail)

