"""Taking in students' events: validate each, store it once, update the lesson summary — all in
one transaction, so an acknowledged answer is on disk before the browser forgets it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..content import AnswerError, grade_answer
from ..extensions import db
from ..lessons import catalog
from ..timeutil import utcnow
from . import demo_params, limits
from .checks import OpenLessons, Refused, check_completion, check_time
from .models import EVENT_KINDS, LessonProgress, ProgressEvent

MAX_BATCH = 200
MAX_REFLECTION = 2000
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


Rejected = Refused  # one event that cannot be stored, with the reason sent back to the browser


@dataclass
class IngestResult:
    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    # Over the student's budget for this minute: not stored and not rejected, so the browser's
    # outbox keeps them and sends them again later.
    deferred: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"stored": self.stored, "duplicates": self.duplicates, "rejected": self.rejected,
                "deferred": self.deferred}

    @property
    def only_deferred(self) -> bool:
        return bool(self.deferred) and not self.stored


def _parse_time(value, student, now) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise Rejected("time must be an ISO 8601 string")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise Rejected("time is not a valid ISO 8601 time") from None
    check_time(moment, student, now)
    return moment


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _validate(raw, student, now) -> dict:
    """Check one event from the browser; returns the clean fields or raises Rejected."""
    if not isinstance(raw, dict):
        raise Rejected("event must be an object")
    if not _whole(raw.get("student")) or raw.get("student") != student.id:
        raise Rejected("event belongs to another student")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in EVENT_KINDS:
        raise Rejected("unknown kind")
    size, limit = limits.event_bytes(raw), limits.size_limit(kind)
    if size > limit:
        raise Rejected(f"event is larger than {limit} bytes")
    lesson = catalog().lesson(raw.get("lesson")) if isinstance(raw.get("lesson"), str) else None
    if lesson is None:
        raise Rejected("unknown lesson")
    version = raw.get("version")
    if not _whole(version) or not 1 <= version <= lesson.version:
        raise Rejected("unknown lesson version")
    step_id = raw.get("step")
    step = lesson.step(step_id) if isinstance(step_id, str) else None
    if kind != "lesson_completed" and step is None:
        raise Rejected("unknown step")
    seq = raw.get("seq")
    if not _whole(seq) or not 0 <= seq < 2 ** 53:
        raise Rejected("seq must be a whole number")
    payload = raw.get("data") or {}
    if not isinstance(payload, dict):
        raise Rejected("data must be an object")
    return {"kind": kind, "lesson": lesson, "step": step, "seq": seq,
            "time": _parse_time(raw.get("time"), student, now), "payload": _clean_payload(kind, step, payload)}


def _clean_payload(kind: str, step, payload: dict) -> dict:
    """Keep only what each kind needs; grade answers here, never trusting the browser's verdict."""
    if kind == "answer" and step.kind == "demo":
        return _demo_answer(step, payload)
    if kind == "answer":
        if step.kind != "quiz":
            raise Rejected("answers belong to quiz steps")
        item_id = payload.get("item")
        try:
            grade = grade_answer(step, item_id, payload.get("answer"))
        except AnswerError as error:
            raise Rejected(f"bad answer: {error}") from None
        except (TypeError, ValueError, OverflowError):  # [[1]] as option ids, 10**400 as a number
            raise Rejected("bad answer: not an answer to this item") from None
        return {"item": item_id, "answer": payload.get("answer"), "correct": grade.correct}
    if kind == "reflection":
        text = payload.get("text")
        if step.kind != "reflection" or not isinstance(text, str):
            raise Rejected("reflection needs text on a reflection step")
        limit = step.max_chars or MAX_REFLECTION
        if len(text) > limit:
            raise Rejected(f"reflection longer than {limit} characters")
        return {"text": text}
    if kind == "demo_run":
        return _demo_run(step, payload)
    return {}


def _demo_run(step, payload: dict) -> dict:
    """The demo is the step's own; its settings must be ones the demo itself would accept."""
    if step.kind != "demo" or not step.demo:
        raise Rejected("demo runs belong to demo steps")
    if payload.get("demo", step.demo) != step.demo:
        raise Rejected(f"this step shows the demo {step.demo}")
    unknown = set(payload) - {"demo", "params"}
    if unknown:
        raise Rejected(f"unknown fields in a demo run: {', '.join(sorted(map(str, unknown)))[:200]}")
    try:
        params = demo_params.validated(step.demo, payload.get("params", {}))
    except demo_params.BadParams as error:
        raise Rejected(str(error)) from None
    return {"demo": step.demo, **demo_params.compact(params)}


MAX_DEMO_ANSWER = 300


def _demo_answer(step, payload: dict) -> dict:
    """A demo step's question, answered twice: a guess before trying, then what happened.
    Nothing to grade (correct is None, so it never counts in the quiz score)."""
    item, phase, text = payload.get("item"), payload.get("phase"), payload.get("answer")
    if item not in {q.id for q in step.questions}:
        raise Rejected("unknown demo question")
    if phase not in ("prediction", "result"):
        raise Rejected("phase must be prediction or result")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_DEMO_ANSWER:
        raise Rejected(f"a demo answer is text of 1 to {MAX_DEMO_ANSWER} characters")
    return {"item": item, "phase": phase, "answer": text.strip(), "correct": None}


def _insert_once(values: dict) -> bool:
    """INSERT ... ON CONFLICT (uuid) DO NOTHING, in the dialect at hand; True if it was new."""
    dialect = db.session.get_bind().dialect.name
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect]
    statement = (insert(ProgressEvent).values(**values).on_conflict_do_nothing(index_elements=["uuid"])
                 .returning(ProgressEvent.id))
    # RETURNING gives a row only when the insert happened (rowcount is not reliable on every driver).
    return db.session.execute(statement).scalar() is not None


def ingest(student, events: list) -> IngestResult:
    result = IngestResult()
    now = utcnow()
    summaries: dict[str, LessonProgress] = {}
    may_open = OpenLessons(student)
    budget = limits.budget_left(student.id, now)
    for raw in events:
        event_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(event_id, str) or not UUID_RE.match(event_id):
            result.rejected.append({"id": event_id if isinstance(event_id, str) else None,
                                    "reason": "id must be a version 4 UUID"})
            continue
        try:
            clean = _validate(raw, student, now)
            if clean["kind"] == "lesson_completed":
                check_completion(clean["lesson"], _steps_seen(student, clean["lesson"], summaries), may_open)
        except Rejected as reason:
            result.rejected.append({"id": event_id, "reason": str(reason)})
            continue
        if budget <= 0:
            result.deferred.append({"id": event_id, "reason": "too many events this minute: send it again later"})
            continue
        if _insert_once({
            "uuid": event_id, "student_id": student.id, "lesson_id": clean["lesson"].id,
            "lesson_version": raw["version"], "step_id": clean["step"].id if clean["step"] else None,
            "kind": clean["kind"], "payload": clean["payload"], "client_seq": clean["seq"],
            "client_time": clean["time"], "received_at": now,
        }):
            budget -= 1
            _apply(student, clean, now, summaries)
            result.stored.append(event_id)
        else:
            result.duplicates.append(event_id)
    db.session.commit()
    return result


def _steps_seen(student, lesson, rows: dict) -> list[str]:
    """Steps seen so far, this batch included, without making a summary row for a refused event."""
    row = rows.get(lesson.id) or db.session.scalar(sa.select(LessonProgress).where(
        LessonProgress.student_id == student.id, LessonProgress.lesson_id == lesson.id))
    return row.steps_seen if row is not None else []


def _summary(student, lesson, now, rows: dict) -> LessonProgress:
    """The summary row for this lesson, read once per batch (an outbox sends up to 50 events)."""
    if lesson.id in rows:
        return rows[lesson.id]
    row = db.session.scalar(sa.select(LessonProgress).where(
        LessonProgress.student_id == student.id, LessonProgress.lesson_id == lesson.id))
    if row is None:
        row = LessonProgress(student_id=student.id, lesson_id=lesson.id, lesson_version=lesson.version,
                             steps_seen=[], answers={}, reflections={}, demo_runs=0, started_at=now,
                             current_step_seq=-1)
        db.session.add(row)
    rows[lesson.id] = row
    return row


def _apply(student, event: dict, now, rows: dict) -> None:
    """Fold one new event into the student's summary for that lesson (events may arrive out of order)."""
    lesson, step, seq, payload = event["lesson"], event["step"], event["seq"], event["payload"]
    row = _summary(student, lesson, now, rows)
    row.updated_at = now
    if event["kind"] == "step_viewed":
        if step.id not in row.steps_seen:
            row.steps_seen = [*row.steps_seen, step.id]
        if seq > row.current_step_seq:
            row.current_step_id, row.current_step_seq = step.id, seq
    elif event["kind"] == "answer":
        key = f"{step.id}/{payload['item']}" + (f"/{payload['phase']}" if "phase" in payload else "")
        _record_answer(row, lesson, key, seq, payload)
    elif event["kind"] == "reflection":
        row.reflections = {**row.reflections, step.id: payload["text"]}
    elif event["kind"] == "demo_run":
        row.demo_runs += 1
    elif event["kind"] == "lesson_completed":
        row.status, row.completed_at = "completed", now


def _record_answer(row: LessonProgress, lesson, key: str, seq: int, payload: dict) -> None:
    attempt = {"answer": payload["answer"], "correct": payload["correct"], "seq": seq}
    entry = dict(row.answers.get(key) or {"attempts": 0})
    entry["attempts"] += 1
    if "first" not in entry or seq < entry["first"]["seq"]:
        entry["first"] = attempt
    if "last" not in entry or seq >= entry["last"]["seq"]:
        entry["last"] = attempt
    row.answers = {**row.answers, key: entry}
    total = sum(len(s.items) for s in lesson.steps if s.kind == "quiz")
    right_first = sum(1 for e in row.answers.values() if e["first"]["correct"])
    row.score = round(100 * right_first / total) if total else None
