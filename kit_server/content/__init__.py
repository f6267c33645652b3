"""Lessons as files: schema, loader, checker and the read-only Catalog.

Public interface (what the app factory, runner and CLI use):
    load_catalog(lessons_dir, known_demos, notebooks_dir, *, skip_broken=False, image_url=None) -> Catalog
    check(lessons_dir, known_demos, notebooks_dir) -> list[ContentIssue]
    grade_answer(step, item_id, answer) -> Grade(correct, feedback, explanation)
    grade_item(item, answer) -> Grade      (for module pre-/post-tests)
"""
from .grading import AnswerError, Grade, grade_answer, grade_item
from .issues import ContentError, ContentIssue
from .loader import check, load_catalog
from .model import Catalog, Lesson, Module, Option, QuizItem, Step
from .render import render_markdown
from .schema import BIG_IDEAS, COMPETENCIES, LANGS

__all__ = [
    "AnswerError", "BIG_IDEAS", "COMPETENCIES", "Catalog", "ContentError", "ContentIssue", "Grade",
    "LANGS", "Lesson", "Module", "Option", "QuizItem", "Step", "check", "grade_answer", "grade_item",
    "load_catalog", "render_markdown",
]
