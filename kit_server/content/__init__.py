"""Lessons as files: schema, loader, checker and the read-only Catalog.

Public interface (what the app factory, runner and CLI use):
    load_catalog(lessons_dir, known_demos, notebooks_dir, *, skip_broken=False, image_url=None) -> Catalog
    check(lessons_dir, known_demos, notebooks_dir) -> list[ContentIssue]
    grade_answer(step, item_id, answer) -> Grade(correct, feedback, explanation)
    grade_item(item, answer) -> Grade      (for module pre-/post-tests)
    catalog.image_path(owner_id, filename) -> Path | None   (for the route serving lesson images)

image_url(owner_id, filename) -> str rewrites every local image in lesson text;
owner_id is the lesson id (or the module id for pre-/post-test text).
Without it, image paths stay relative to the lesson folder.
known_demos is a list of demo ids, or the demos registry {id: spec with .Params}
(then each demo step's params are also checked against the demo's bounds).
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
