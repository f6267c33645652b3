"""What the lesson page needs to know about a student and a lesson; no Flask request objects."""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm  # noqa: F401  (sa.orm.load_only)

from ..extensions import db
from ..progress.models import LessonProgress
from .shuffle import item_order


def progress_of(student, lesson_id: str) -> LessonProgress | None:
    return db.session.scalar(sa.select(LessonProgress).where(
        LessonProgress.student_id == student.id, LessonProgress.lesson_id == lesson_id))


def progress_by_lesson(student) -> dict[str, LessonProgress]:
    """Where the student is in each lesson (answers and reflections are not needed, nor decoded)."""
    rows = db.session.scalars(sa.select(LessonProgress).options(sa.orm.load_only(
        LessonProgress.lesson_id, LessonProgress.status, LessonProgress.steps_seen,
        LessonProgress.current_step_id)).where(LessonProgress.student_id == student.id))
    return {row.lesson_id: row for row in rows}


def resume_step(lesson, progress: LessonProgress | None):
    """Exactly where the student stopped; the first step for a new lesson."""
    if progress and progress.current_step_id and lesson.step(progress.current_step_id):
        return lesson.step(progress.current_step_id)
    return lesson.steps[0]


def lesson_fraction(lesson, progress: LessonProgress | None) -> float:
    if progress is None:
        return 0.0
    if progress.status == "completed":
        return 1.0
    seen = sum(1 for step in lesson.steps if step.id in progress.steps_seen)
    return seen / len(lesson.steps)


def quiz_keys(lesson, lang: str) -> dict:
    """Answer keys and feedback for the browser, so feedback is instant even when Wi-Fi drops.
    The server grades every answer again: the browser's verdict is never stored."""
    keys = {}
    for step in lesson.steps:
        for item in step.items:
            answer = item.answer
            if isinstance(answer, frozenset):
                answer = sorted(answer)
            elif isinstance(answer, tuple):
                answer = list(answer)
            keys[f"{step.id}/{item.id}"] = {
                "type": item.type, "answer": answer, "tolerance": item.tolerance,
                "feedback": {o.id: o.feedback.get(lang, "") for o in item.options},
                "wrong": item.wrong.get(lang, ""), "explanation": item.explanation.get(lang, ""),
            }
    return keys


def shuffled_options(item, secret, who, item_key: str) -> list:
    """Choice and ordering options in this student's order for this item (see shuffle.py)."""
    return item_order(item, secret, who, item_key)
