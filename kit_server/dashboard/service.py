"""What a teacher sees of a class's progress (names included: it never leaves the school)."""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm  # noqa: F401  (sa.orm.load_only)

from ..assignments.models import Assignment
from ..extensions import db
from ..lessons import catalog
from ..progress.models import LessonProgress
from .mistakes import common_mistakes


def class_lessons(school_class) -> list:
    """Every lesson assigned to the class (to anyone in it), in curriculum order."""
    wanted = set()
    for a in db.session.scalars(sa.select(Assignment).where(Assignment.class_id == school_class.id)):
        module = catalog().module(a.module_id)
        if module:
            wanted.update(l.id for l in module.lessons if a.lesson_id in (None, l.id))
    return [lesson for lesson in catalog().lessons if lesson.id in wanted]


def progress_grid(school_class, lessons, *columns) -> dict[tuple[int, str], LessonProgress]:
    """Summary rows by (student, lesson). Name the JSON columns you need: decoding every answer of
    a year of work is most of a dashboard's time, and the grid itself needs none of them."""
    ids = [s.id for s in school_class.students]
    light = (LessonProgress.student_id, LessonProgress.lesson_id, LessonProgress.lesson_version,
             LessonProgress.status, LessonProgress.score, LessonProgress.started_at,
             LessonProgress.completed_at, LessonProgress.updated_at)
    rows = db.session.scalars(sa.select(LessonProgress).options(sa.orm.load_only(*light, *columns)).where(
        LessonProgress.student_id.in_(ids), LessonProgress.lesson_id.in_([l.id for l in lessons])))
    return {(row.student_id, row.lesson_id): row for row in rows}


def student_lessons(student) -> list[tuple[object, LessonProgress]]:
    rows = db.session.scalars(sa.select(LessonProgress).where(LessonProgress.student_id == student.id))
    by_lesson = {row.lesson_id: row for row in rows}
    return [(lesson, by_lesson[lesson.id]) for lesson in catalog().lessons if lesson.id in by_lesson]


def difficult_questions(school_class, lessons) -> list[dict]:
    """Per quiz item: how many answered, how many were right the first time, and the most common
    mistake (see mistakes.py) — hardest first, so the teacher knows what to explain again."""
    grid = progress_grid(school_class, lessons, LessonProgress.answers)
    rows = []
    for lesson in lessons:
        progress = [p for (_s, lid), p in grid.items() if lid == lesson.id]
        for step in lesson.steps:
            for item in step.items:
                key = f"{step.id}/{item.id}"
                firsts = [p.answers[key]["first"] for p in progress if key in (p.answers or {})]
                if firsts:
                    rows.append({"lesson": lesson, "step": step, "item": item, "answered": len(firsts),
                                 "right_first": sum(1 for a in firsts if a["correct"]),
                                 "mistakes": common_mistakes(item, firsts)})
    return sorted(rows, key=lambda r: r["right_first"] / r["answered"])


def pre_post(school_class) -> list[dict]:
    """Per module: the class's mean pre-test and post-test scores, over matched pairs only."""
    from ..progress.models import ModuleTestResult

    ids = [s.id for s in school_class.students]
    results = db.session.scalars(sa.select(ModuleTestResult).where(ModuleTestResult.student_id.in_(ids)))
    by_module: dict[str, dict[int, dict]] = {}
    for r in results:
        by_module.setdefault(r.module_id, {}).setdefault(r.student_id, {})[r.phase] = r.score
    rows = []
    for module in catalog().modules:
        scores = by_module.get(module.id, {})
        pairs = [(s["pre"], s["post"]) for s in scores.values() if "pre" in s and "post" in s]
        rows.append({"module": module, "pre_only": sum(1 for s in scores.values() if "post" not in s),
                     "pairs": len(pairs),
                     "pre": round(sum(p for p, _ in pairs) / len(pairs)) if pairs else None,
                     "post": round(sum(q for _, q in pairs) / len(pairs)) if pairs else None})
    return [row for row in rows if row["pairs"] or row["pre_only"]]


CSV_COLUMNS = ("student_id", "student_name", "lesson_id", "lesson_version", "status", "score",
               "steps_seen", "started_at", "completed_at")


def progress_rows(school_class, lessons):
    """One row per student and lesson, with column names that never change with the language."""
    grid = progress_grid(school_class, lessons, LessonProgress.steps_seen)
    for student in school_class.students:
        for lesson in lessons:
            p = grid.get((student.id, lesson.id))
            yield {"student_id": student.id, "student_name": student.display_name, "lesson_id": lesson.id,
                   "lesson_version": p.lesson_version if p else lesson.version,
                   "status": p.status if p else "not_started", "score": "" if not p or p.score is None else p.score,
                   "steps_seen": len(p.steps_seen) if p else 0,
                   "started_at": p.started_at.date().isoformat() if p else "",
                   "completed_at": p.completed_at.date().isoformat() if p and p.completed_at else ""}
