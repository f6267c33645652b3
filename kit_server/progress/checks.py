"""Checks of an event against the student's plan and clock: what they may open, what they saw,
and when the event can have happened.

Progress could be forged: a `lesson_completed` for a lesson never assigned, with no step seen,
dated in a month already reported. These checks make each of those a per-event rejection.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from ..assignments.service import may_open

# Phones and school PCs keep imperfect time: a clock this far ahead is still believed.
CLOCK_SKEW = timedelta(minutes=10)


class Refused(ValueError):
    """An event that breaks the plan; the message is the reason sent back to the browser."""


def check_time(moment: datetime, student, now: datetime) -> None:
    if moment > now + CLOCK_SKEW:
        raise Refused("time is in the future")
    enrolled = getattr(student, "created_at", None)
    if enrolled is not None and moment < enrolled - CLOCK_SKEW:
        raise Refused("time is before the student was enrolled")


class OpenLessons:
    """may_open for one batch, asked once per lesson (it reads the class's assignments)."""

    def __init__(self, student):
        self.student, self.known = student, {}

    def __call__(self, lesson_id: str) -> bool:
        if lesson_id not in self.known:
            self.known[lesson_id] = may_open(self.student, lesson_id)
        return self.known[lesson_id]


def check_completion(lesson, steps_seen, may_open_lesson) -> None:
    """A lesson is completed only by a student who may open it, after seeing every step."""
    if not may_open_lesson(lesson.id):
        raise Refused("lesson is not open to this student")
    missing = [step.id for step in lesson.steps if step.id not in set(steps_seen)]
    if missing:
        raise Refused(f"lesson completed before its steps were seen: {', '.join(missing[:5])}")
