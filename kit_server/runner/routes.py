"""Lesson pages for students (and a preview for staff): steps, the summary, and lesson pictures."""
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_login import current_user

from ..assignments.service import may_open
from ..auth.access import roles_required, student_required
from ..auth.models import ADMIN, STUDENT, TEACHER
from ..lessons import LESSON_FILES_PREFIX, catalog
from . import demo_labels, service

bp = Blueprint("runner", __name__)
everyone_signed_in = roles_required(ADMIN, TEACHER, STUDENT)


def _lesson_for_current_user(lesson_id: str):
    """Load → check access: students open only assigned lessons; staff may preview any."""
    lesson = catalog().lesson(lesson_id)
    if lesson is None or (current_user.role == STUDENT and not may_open(current_user, lesson_id)):
        abort(404)
    return lesson


def _progress(lesson):
    return service.progress_of(current_user, lesson.id) if current_user.role == STUDENT else None


@bp.get("/lessons/<lesson_id>")
@everyone_signed_in
def resume(lesson_id):
    lesson = _lesson_for_current_user(lesson_id)
    step = service.resume_step(lesson, _progress(lesson))
    return redirect(url_for("runner.step", lesson_id=lesson.id, step_id=step.id))


@bp.get("/lessons/<lesson_id>/<step_id>")
@everyone_signed_in
def step(lesson_id, step_id):
    lesson = _lesson_for_current_user(lesson_id)
    index = lesson.step_index(step_id)
    if index is None:
        abort(404)
    lang = str(get_locale())
    seed = f"{getattr(current_user, 'id', 0)}:{lesson.id}"
    page = {
        "student": current_user.id if current_user.role == STUDENT else None,
        "lesson": lesson.id, "version": lesson.version, "steps": [s.id for s in lesson.steps],
        "quiz": service.quiz_keys(lesson, lang),
        "done_url": url_for("runner.summary", lesson_id=lesson.id),
        "step_url": url_for("runner.step", lesson_id=lesson.id, step_id="STEP"),
        "events_url": url_for("progress.post_events"),
        "live_url": url_for("live.poll") if current_user.role == STUDENT else None,
        "demo_labels": demo_labels.labels_json() if any(s.kind == "demo" for s in lesson.steps) else None,
    }
    return render_template("runner/lesson.html", lesson=lesson, current=index, lang=lang, page=page,
                           options=lambda item: service.shuffled_options(item, f"{seed}:{item.id}"))


@bp.get("/lessons/<lesson_id>/summary")
@everyone_signed_in
def summary(lesson_id):
    lesson = _lesson_for_current_user(lesson_id)
    progress = _progress(lesson)
    items = [(s, i) for s in lesson.steps for i in s.items]
    answers = progress.answers if progress else {}
    right_first = sum(1 for s, i in items if answers.get(f"{s.id}/{i.id}", {}).get("first", {}).get("correct"))
    return render_template("runner/summary.html", lesson=lesson, lang=str(get_locale()), progress=progress,
                           items=len(items), answered=sum(1 for s, i in items if f"{s.id}/{i.id}" in answers),
                           right_first=right_first,
                           reflections=len(progress.reflections) if progress else 0)


@bp.get(f"{LESSON_FILES_PREFIX}/<owner_id>/<path:filename>")
@everyone_signed_in
def lesson_file(owner_id, filename):
    path = catalog().image_path(owner_id, filename)
    if path is None:
        abort(404)
    return send_file(path, max_age=3600)


@bp.get("/lessons/<lesson_id>/<step_id>/notebook")
@everyone_signed_in
def notebook(lesson_id, step_id):
    """The companion notebook, rendered in the kit (read-only, no outside assets)."""
    from ..notebooks.render import highlight_css, render_notebook

    lesson = _lesson_for_current_user(lesson_id)
    step = lesson.step(step_id)
    if step is None or step.kind != "notebook":
        abort(404)
    lang = str(get_locale())
    path = Path(current_app.config["NOTEBOOKS_DIR"]) / f"{step.notebook}.{lang}.ipynb"
    if not path.is_file():
        abort(404)
    from ..notebooks.service import can_run_notebooks

    return render_template("runner/notebook.html", lesson=lesson, step=step, lang=lang,
                           body=render_notebook(path), css=highlight_css(),
                           can_run=can_run_notebooks(current_user))


@bp.route("/modules/<module_id>/test/<phase>", methods=["GET", "POST"])
@student_required
def module_test(module_id, phase):
    """A module's pre-test or post-test, one attempt each, graded on the kit."""
    from ..assignments.service import assigned_modules
    from ..progress import module_tests

    entry = next((e for e in assigned_modules(current_user) if e.module.id == module_id), None)
    if entry is None or phase not in module_tests.PHASES or not module_tests.items_of(entry.module, phase):
        abort(404)
    if phase == "post" and not module_tests.post_test_open(current_user, entry.module, entry.lessons):
        abort(403)
    result = module_tests.result_for(current_user, module_id, phase)
    if request.method == "POST" and result is None:
        answers, score = module_tests.grade(entry.module, phase, request.form)
        module_tests.save(current_user, entry.module, phase, answers, score)
        return redirect(url_for("runner.module_test", module_id=module_id, phase=phase))
    return render_template("runner/module_test.html", module=entry.module, phase=phase, result=result,
                           items=module_tests.items_of(entry.module, phase), lang=str(get_locale()))
