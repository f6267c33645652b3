"""Module pre-tests and post-tests: graded on the kit, every attempt stored with its timing.

The test page holds no key: options are sent as per-student tokens (an HMAC of the option id),
so neither the right answer nor even the option ids are in the page. The kit maps tokens back,
grades, stores the attempt and only then shows feedback. The pre-test is for before the module's
first lesson, the post-test for after its last; the first attempt of each is what learning gain
uses, and the school decides how many attempts a student has.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeSerializer

from ..content import AnswerError, grade_item
from ..extensions import db
from ..school.service import get_school
from ..timeutil import utcnow
from .attempts import ModuleTestAttempt
from .models import LessonProgress, ModuleTestResult

PHASES = ("pre", "post")
MAX_SECONDS = 24 * 3600  # a timing longer than a day is a page left open, not a test duration


class TestClosed(ValueError):
    """The student may not hand this test in now (with the reason, for the outbox's reply)."""


def items_of(module, phase: str):
    return module.pre_test if phase == "pre" else module.post_test


def item_key(module_id: str, phase: str, item_id: str) -> str:
    return f"{module_id}/{phase}/{item_id}"


def who(student) -> str:
    return f"student:{student.id}"


# ---- option tokens: what the page carries instead of option ids ----

def option_token(secret, student, module_id: str, phase: str, item_id: str, option_id: str) -> str:
    key = secret.encode() if isinstance(secret, str) else bytes(secret)
    message = "\x1f".join((who(student), item_key(module_id, phase, item_id), option_id)).encode()
    return "o" + hmac.new(key, message, hashlib.sha256).hexdigest()[:12]


def tokens_of(secret, student, module_id: str, phase: str, item) -> dict[str, str]:
    """option id -> token, for one item and one student."""
    return {o.id: option_token(secret, student, module_id, phase, item.id, o.id) for o in item.options}


# ---- the start of an attempt, signed into the page (works offline: nothing written on GET) ----

def start_token(secret, student, module_id: str, phase: str, now: datetime | None = None) -> str:
    started = (now or utcnow()).isoformat(timespec="seconds")
    return URLSafeSerializer(secret, salt="module-test-start").dumps([student.id, module_id, phase, started])


def started_at(secret, token, student, module_id: str, phase: str) -> datetime | None:
    try:
        sid, mid, ph, started = URLSafeSerializer(secret, salt="module-test-start").loads(token or "")
    except (BadSignature, ValueError, TypeError):
        return None
    if (sid, mid, ph) != (student.id, module_id, phase):
        return None
    return datetime.fromisoformat(started)


# ---- reading answers and grading ----

def answer_from_form(item, form, tokens: dict[str, str]) -> object:
    """The student's answer to one item (option ids) from the form's token values."""
    name = f"item-{item.id}"
    by_token = {token: option_id for option_id, token in tokens.items()}
    if item.type == "multiple":
        return [by_token.get(value, value) for value in form.getlist(name)]
    if item.type == "single":
        value = form.get(name, "")
        return by_token.get(value, value)
    if item.type == "ordering":
        # Each option got a place 1..n from a select; sort the options by the places chosen.
        places = {option_id: form.get(f"{name}-{token}", "") for option_id, token in tokens.items()}
        return [option for option, _place in sorted(places.items(), key=lambda kv: (kv[1], kv[0]))]
    return form.get(name, "")


def grade(module, phase: str, form, secret, student) -> tuple[dict, int]:
    answers = {}
    for item in items_of(module, phase):
        answer = answer_from_form(item, form, tokens_of(secret, student, module.id, phase, item))
        try:
            correct = grade_item(item, answer).correct
        except AnswerError:
            correct = False  # a blank or malformed answer simply counts as not right
        answers[item.id] = {"answer": answer, "correct": correct}
    total = len(answers)
    return answers, round(100 * sum(a["correct"] for a in answers.values()) / total) if total else 0


# ---- who may take what ----

def attempts_allowed() -> int:
    school = get_school()
    return max(1, school.test_attempts) if school is not None and school.test_attempts else 1


def attempts_of(student, module_id: str, phase: str) -> list[ModuleTestAttempt]:
    return list(db.session.scalars(sa.select(ModuleTestAttempt).filter_by(
        student_id=student.id, module_id=module_id, phase=phase).order_by(ModuleTestAttempt.attempt)))


def result_for(student, module_id: str, phase: str) -> ModuleTestResult | None:
    return db.session.scalar(sa.select(ModuleTestResult).filter_by(
        student_id=student.id, module_id=module_id, phase=phase))


def tests_taken(student) -> set[tuple[str, str]]:
    """(module id, phase) of every test the student has handed in."""
    rows = db.session.execute(sa.select(ModuleTestResult.module_id, ModuleTestResult.phase)
                              .where(ModuleTestResult.student_id == student.id))
    return {(module_id, phase) for module_id, phase in rows}


def _completed(student, lesson_ids) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress).where(
        LessonProgress.student_id == student.id, LessonProgress.lesson_id.in_(list(lesson_ids)),
        LessonProgress.status == "completed")) or 0


def pre_test_open(student, module, assigned_lessons) -> bool:
    """A pre-test measures what a student knew before: it closes once a lesson is done."""
    return _completed(student, [lesson.id for lesson in assigned_lessons]) == 0


def post_test_open(student, module, assigned_lessons) -> bool:
    """The post-test opens when every assigned lesson of the module is done."""
    ids = [lesson.id for lesson in assigned_lessons]
    return bool(ids) and _completed(student, ids) == len(ids)


def why_closed(student, module, phase: str, assigned_lessons) -> str | None:
    """None when the student may hand in this test now, else the reason."""
    if not items_of(module, phase):
        return "this module has no such test"
    if len(attempts_of(student, module.id, phase)) >= attempts_allowed():
        return "no attempts left"
    if phase == "post" and not post_test_open(student, module, assigned_lessons):
        return "the post-test opens when every lesson of the module is done"
    if phase == "pre" and not attempts_of(student, module.id, phase) and not pre_test_open(student, module, assigned_lessons):
        return "the pre-test is for before the first lesson"
    return None


# ---- handing in ----

def _when(started: datetime | None, client_time: datetime | None, now: datetime) -> datetime:
    """The client's hand-in time when it is plausible (an answer that waited offline), else now."""
    if client_time is None or client_time > now + timedelta(minutes=1):
        return now
    if started is not None and client_time < started:
        return now
    return min(client_time, now)


def submit(student, module, phase: str, answers: dict, score: int, *, started: datetime | None,
           client_time: datetime | None = None, uuid: str | None = None) -> ModuleTestAttempt:
    """Store one attempt (and, for the first, the result that gain and reports read)."""
    now = utcnow()
    submitted = _when(started, client_time, now)
    seconds = int((submitted - started).total_seconds()) if started is not None else None
    number = len(attempts_of(student, module.id, phase)) + 1
    attempt = ModuleTestAttempt(
        uuid=uuid, student_id=student.id, module_id=module.id, module_version=module.version, phase=phase,
        attempt=number, answers=answers, score=score, started_at=started, submitted_at=submitted,
        seconds=seconds if seconds is not None and 0 <= seconds <= MAX_SECONDS else None, received_at=now)
    db.session.add(attempt)
    if result_for(student, module.id, phase) is None:
        db.session.add(ModuleTestResult(student_id=student.id, module_id=module.id, module_version=module.version,
                                        phase=phase, answers=answers, score=score, completed_at=submitted))
    db.session.commit()
    return attempt


def feedback(module, phase: str, attempt: ModuleTestAttempt, lang: str) -> list[dict]:
    """After grading: for each item, what the student chose, whether it was right, and why."""
    rows = []
    for item in items_of(module, phase):
        given = attempt.answers.get(item.id, {})
        answer = given.get("answer")
        chosen = [answer] if isinstance(answer, str) else answer if isinstance(answer, list) else []
        options = [item.option(o) for o in chosen if isinstance(o, str) and item.option(o) is not None]
        notes = [o.feedback.get(lang, "") for o in options if o.feedback.get(lang)] if not given.get("correct") else []
        rows.append({"item": item, "correct": bool(given.get("correct")),
                     "chosen": [o.html.get(lang, "") for o in options] if item.type != "numeric" else
                     ([str(answer)] if answer not in (None, "") else []),
                     "notes": notes, "explanation": item.explanation.get(lang, "")})
    return rows
