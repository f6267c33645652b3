"""What a teacher should do next with a class, so My classes and the class page can say it in one line.

The order follows a teacher's term: students first, then module 1 assigned, then its lessons led
live one by one, then the next module. A lesson counts as done for the class once it was led live or
half the active students finished it. Reads only: a GET page never writes (no session is closed here).
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..assignments.models import Assignment
from ..extensions import db
from ..lessons import catalog
from ..live.models import LiveSession
from ..live.service import MAX_LENGTH
from ..progress.models import LessonProgress
from ..timeutil import utcnow

ADD_STUDENTS, ASSIGN, LIVE_RUNNING, LEAD, PROGRESS = "add_students", "assign", "live_running", "lead", "progress"


@dataclass
class NextStep:
    kind: str
    module: object = None  # the module the class is on (for "assign module 1" and the guide)
    module_number: int = 0
    lesson: object = None
    lesson_number: int = 0
    live: object = None  # the running session, when there is one


def running_session(class_id: int) -> LiveSession | None:
    """The class's open live session, without closing a stale one (that is the live package's job)."""
    return db.session.scalar(sa.select(LiveSession).where(
        LiveSession.class_id == class_id, LiveSession.ended_at.is_(None),
        LiveSession.started_at > utcnow() - MAX_LENGTH).order_by(LiveSession.id.desc()))


def next_step(school_class) -> NextStep:
    modules = list(catalog().modules)
    active = [s.id for s in school_class.students if s.active]
    live = running_session(school_class.id)
    if live is not None:
        lesson = catalog().lesson(live.lesson_id)
        module, m_no, l_no = _place(modules, lesson)
        return NextStep(LIVE_RUNNING, module, m_no, lesson, l_no, live)
    if not active:
        return NextStep(ADD_STUDENTS, *_first(modules))
    assigned = _assigned_modules(school_class.id)
    done = _done_lessons(school_class.id, active)
    for number, module in enumerate(modules, start=1):
        if module.id not in assigned:
            continue
        for l_no, lesson in enumerate(module.lessons, start=1):
            if lesson.id not in done:
                return NextStep(LEAD, module, number, lesson, l_no)
    for number, module in enumerate(modules, start=1):
        if module.id not in assigned:
            return NextStep(ASSIGN, module, number)
    return NextStep(PROGRESS, *_first(modules))


def _first(modules) -> tuple:
    return (modules[0], 1) if modules else (None, 0)


def _place(modules, lesson) -> tuple:
    for number, module in enumerate(modules, start=1):
        for l_no, candidate in enumerate(module.lessons, start=1):
            if lesson is not None and candidate.id == lesson.id:
                return module, number, l_no
    return None, 0, 0


def _assigned_modules(class_id: int) -> set[str]:
    return set(db.session.scalars(sa.select(Assignment.module_id).where(Assignment.class_id == class_id)))


def _done_lessons(class_id: int, active: list[int]) -> set[str]:
    led = set(db.session.scalars(sa.select(LiveSession.lesson_id).where(LiveSession.class_id == class_id)))
    finished = db.session.execute(
        sa.select(LessonProgress.lesson_id, sa.func.count()).where(
            LessonProgress.student_id.in_(active), LessonProgress.status == "completed")
        .group_by(LessonProgress.lesson_id)).all()
    return led | {lesson_id for lesson_id, count in finished if 2 * count >= len(active)}
