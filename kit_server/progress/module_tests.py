"""Module pre-tests and post-tests: taken once each, graded on the kit, stored for learning gain."""
from __future__ import annotations

import sqlalchemy as sa

from ..content import AnswerError, grade_item
from ..extensions import db
from .models import LessonProgress, ModuleTestResult

PHASES = ("pre", "post")


def items_of(module, phase: str):
    return module.pre_test if phase == "pre" else module.post_test


def result_for(student, module_id: str, phase: str) -> ModuleTestResult | None:
    return db.session.scalar(sa.select(ModuleTestResult).filter_by(
        student_id=student.id, module_id=module_id, phase=phase))


def tests_taken(student) -> set[tuple[str, str]]:
    """(module id, phase) of every test the student has handed in."""
    rows = db.session.execute(sa.select(ModuleTestResult.module_id, ModuleTestResult.phase)
                              .where(ModuleTestResult.student_id == student.id))
    return {(module_id, phase) for module_id, phase in rows}


def answer_from_form(item, form) -> object:
    """The student's answer to one item from a plain HTML form (no JavaScript needed)."""
    name = f"item-{item.id}"
    if item.type == "multiple":
        return form.getlist(name)
    if item.type == "ordering":
        # Each option got a position 1..n from a select; sort options by the chosen positions.
        positions = {o.id: form.get(f"{name}-{o.id}", "") for o in item.options}
        return [option for option, _pos in sorted(positions.items(), key=lambda kv: (kv[1], kv[0]))]
    return form.get(name, "")


def grade(module, phase: str, form) -> tuple[dict, int]:
    answers = {}
    for item in items_of(module, phase):
        answer = answer_from_form(item, form)
        try:
            correct = grade_item(item, answer).correct
        except AnswerError:
            correct = False  # a blank or malformed answer simply counts as not right
        answers[item.id] = {"answer": answer, "correct": correct}
    total = len(answers)
    return answers, round(100 * sum(a["correct"] for a in answers.values()) / total) if total else 0


def save(student, module, phase: str, answers: dict, score: int) -> ModuleTestResult:
    """Store the first attempt only: a test that could be retaken would not measure learning."""
    existing = result_for(student, module.id, phase)
    if existing is not None:
        return existing
    result = ModuleTestResult(student_id=student.id, module_id=module.id, module_version=module.version,
                              phase=phase, answers=answers, score=score)
    db.session.add(result)
    db.session.commit()
    return result


def post_test_open(student, module, assigned_lessons) -> bool:
    """The post-test opens when every assigned lesson of the module is done."""
    ids = [lesson.id for lesson in assigned_lessons]
    done = db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress).where(
        LessonProgress.student_id == student.id, LessonProgress.lesson_id.in_(ids),
        LessonProgress.status == "completed"))
    return bool(ids) and done == len(ids)
