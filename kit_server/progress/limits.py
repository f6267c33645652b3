"""How much one student may send: each event's size, and events stored per minute.

Any student could post `demo_run` events with megabytes of made-up settings (16 MB/s from one
connection, until the disk was full). Each event now has a size bound, and each student a budget
of stored events per minute counted in the database itself, so it holds across the server's
processes. Events over the budget are not rejected (the outbox would drop them, and they may be
real answers given offline): they are deferred, and the browser sends them again later.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from .models import ProgressEvent

# A reflection of 2,000 Arabic letters is about 4 KB; 16 KB leaves room for every ordinary event.
MAX_EVENT_BYTES = 16 * 1024
# A `demo_run` repeats the settings the demo ran with; the class's own 600 drawings are ~130 KB.
MAX_DEMO_EVENT_BYTES = 192 * 1024
# A child clicking through a lesson sends a few events a minute; a phone that was offline for a
# whole lesson catches up within a couple of minutes at this rate.
EVENTS_PER_MINUTE = 120
WINDOW = timedelta(minutes=1)


def event_bytes(raw) -> int:
    """The event's size as JSON (UTF-8, no spaces), the way it came in."""
    try:
        return len(json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))
    except (TypeError, ValueError, RecursionError):
        return MAX_DEMO_EVENT_BYTES + 1


def size_limit(kind) -> int:
    return MAX_DEMO_EVENT_BYTES if kind == "demo_run" else MAX_EVENT_BYTES


def per_minute() -> int:
    return int(current_app.config.get("EVENTS_PER_MINUTE", EVENTS_PER_MINUTE))


def budget_left(student_id: int, now: datetime) -> int:
    """Events this student may still have stored in the current minute (counted across processes)."""
    recent = db.session.scalar(sa.select(sa.func.count()).select_from(ProgressEvent).where(
        ProgressEvent.student_id == student_id, ProgressEvent.received_at > now - WINDOW))
    return max(0, per_minute() - recent)
