"""Which lessons a student may open: those assigned to their class (or to them in a group)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..extensions import db
from ..lessons import catalog
from .models import Assignment


@dataclass
class AssignedModule:
    module: object
    lessons: list
    due_date: object | None


def assignments_for(student) -> list[Assignment]:
    rows = db.session.scalars(sa.select(Assignment).where(Assignment.class_id == student.class_id)
                              .order_by(Assignment.created_at)).all()
    return [a for a in rows if not a.students or any(s.id == student.id for s in a.students)]


def assigned_modules(student) -> list[AssignedModule]:
    """Modules in curriculum order, each with only the assigned lessons (all of them for a whole module)."""
    lesson_ids, dues = set(), {}
    for assignment in assignments_for(student):
        module = catalog().module(assignment.module_id)
        if module is None:
            continue  # content removed by a pack upgrade: history stays, the lesson is not offered
        ids = [lesson.id for lesson in module.lessons] if assignment.lesson_id is None else [assignment.lesson_id]
        lesson_ids.update(ids)
        if assignment.due_date:
            dues[module.id] = min(filter(None, [dues.get(module.id), assignment.due_date]))
    return [AssignedModule(m, [l for l in m.lessons if l.id in lesson_ids], dues.get(m.id))
            for m in catalog().modules if any(l.id in lesson_ids for l in m.lessons)]


def may_open(student, lesson_id: str) -> bool:
    """Assigned lessons, and the lesson of a live session the student's class is in right now."""
    from ..live.service import open_session

    if any(lesson.id == lesson_id for entry in assigned_modules(student) for lesson in entry.lessons):
        return True
    live = open_session(student.class_id)
    return live is not None and live.lesson_id == lesson_id


def assign(school_class, module_id: str, lesson_id: str | None = None, *, students=(), due_date=None,
           teacher=None) -> Assignment:
    module = catalog().module(module_id)
    if module is None or (lesson_id and not any(l.id == lesson_id for l in module.lessons)):
        raise ValueError("unknown module or lesson")
    assignment = Assignment(class_id=school_class.id, module_id=module_id, lesson_id=lesson_id,
                            due_date=due_date, created_by=teacher.id if teacher else None)
    assignment.students = list(students)
    db.session.add(assignment)
    db.session.flush()
    return assignment
