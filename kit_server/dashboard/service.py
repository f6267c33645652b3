"""What a teacher sees of a class's progress (names included: it never leaves the school)."""
from __future__ import annotations

import sqlalchemy as sa

from ..assignments.models import Assignment
from ..extensions import db
from ..lessons import catalog
from ..progress.models import LessonProgress


def class_lessons(school_class) -> list:
    """Every lesson assigned to the class (to anyone in it), in curriculum order."""
    wanted = set()
    for a in db.session.scalars(sa.select(Assignment).where(Assignment.class_id == school_class.id)):
        module = catalog().module(a.module_id)
        if module:
            wanted.update(l.id for l in module.lessons if a.lesson_id in (None, l.id))
    return [lesson for lesson in catalog().lessons if lesson.id in wanted]


def progress_grid(school_class, lessons) -> dict[tuple[int, str], LessonProgress]:
    ids = [s.id for s in school_class.students]
    rows = db.session.scalars(sa.select(LessonProgress).where(
        LessonProgress.student_id.in_(ids), LessonProgress.lesson_id.in_([l.id for l in lessons])))
    return {(row.student_id, row.lesson_id): row for row in rows}


def student_lessons(student) -> list[tuple[object, LessonProgress]]:
    rows = db.session.scalars(sa.select(LessonProgress).where(LessonProgress.student_id == student.id))
    by_lesson = {row.lesson_id: row for row in rows}
    return [(lesson, by_lesson[lesson.id]) for lesson in catalog().lessons if lesson.id in by_lesson]
