"""Lesson pages for students (and a preview for staff): steps, the summary, lesson pictures, and
the module tests with their hand-in."""
import re
from datetime import UTC, datetime
from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..assignments.service import may_open
from ..auth.access import roles_required, student_required
from ..auth.models import ADMIN, STUDENT, TEACHER
from ..lessons import LESSON_FILES_PREFIX, catalog
from ..progress import module_tests
from . import demo_labels, service

bp = Blueprint("runner", __name__)
everyone_signed_in = roles_required(ADMIN, TEACHER, STUDENT)


def _lesson_for_current_user(lesson_id: str):
    """Load → check access: students open only assigned lessons; staff may preview any."""
    lesson = catalog().lesson(lesson_id)
    if lesson is None or (current_user.role == STUDENT and not may_open(current_user, lesson_id)):
        abort(404)
    return lesson


def shuffle_who() -> str:
    """Whose option order: a student's own (stable across devices), or one per staff member."""
    return f"student:{current_user.id}" if current_user.role == STUDENT else f"staff:{current_user.get_id()}"


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
    who, secret = shuffle_who(), current_app.config["SECRET_KEY"]
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
                           options=lambda item, step_id: service.shuffled_options(
                               item, secret, who, f"{lesson.id}/{step_id}/{item.id}"))


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



# ---- module tests: a plain form (no JavaScript needed) or, with JavaScript, the browser's outbox,
# so an answer given while the Wi-Fi is down is sent later, not lost.

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
MAX_EVENTS, MAX_FIELDS = 20, 400


def _assigned(module_id: str):
    from ..assignments.service import assigned_modules

    return next((e for e in assigned_modules(current_user) if e.module.id == module_id), None)


def _entry_or_404(module_id: str, phase: str):
    entry = _assigned(module_id)
    if entry is None or phase not in module_tests.PHASES or not module_tests.items_of(entry.module, phase):
        abort(404)
    return entry


@bp.route("/modules/<module_id>/test/<phase>", methods=["GET", "POST"])
@student_required
def module_test(module_id, phase):
    """A module's pre-test or post-test, graded on the kit; feedback only after handing in."""
    entry = _entry_or_404(module_id, phase)
    module, secret = entry.module, current_app.config["SECRET_KEY"]
    attempts = module_tests.attempts_of(current_user, module_id, phase)
    closed = module_tests.why_closed(current_user, module, phase, entry.lessons)
    if request.method == "POST":
        if closed is None:
            answers, score = module_tests.grade(module, phase, request.form, secret, current_user)
            started = module_tests.started_at(secret, request.form.get("started"), current_user, module_id, phase)
            module_tests.submit(current_user, module, phase, answers, score, started=started)
        return redirect(url_for("runner.module_test", module_id=module_id, phase=phase))
    if closed is not None and not attempts:
        abort(403)  # e.g. the post-test before the module's lessons are done
    lang, who = str(get_locale()), shuffle_who()
    retake = request.args.get("again") == "1" and closed is None
    show_form = not attempts or retake
    return render_template(
        "runner/module_test.html", module=module, phase=phase, lang=lang, show_form=show_form,
        last=attempts[-1] if attempts else None, may_retake=bool(attempts) and closed is None,
        feedback=module_tests.feedback(module, phase, attempts[-1], lang) if attempts and not show_form else [],
        items=module_tests.items_of(module, phase),
        started=module_tests.start_token(secret, current_user, module_id, phase),
        page={"student": current_user.id, "module": module_id, "phase": phase,
              "url": url_for("runner.module_test_events"),
              "done": url_for("runner.module_test", module_id=module_id, phase=phase)},
        options=lambda item: service.shuffled_options(item, secret, who, module_tests.item_key(module_id, phase, item.id)),
        tokens=lambda item: module_tests.tokens_of(secret, current_user, module_id, phase, item))


def _client_time(value) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _hand_in(raw) -> str | None:
    """Grade and store one test from the outbox; None when stored, else why it was refused."""
    from ..extensions import db
    from ..progress.attempts import ModuleTestAttempt

    if raw.get("student") != current_user.id or raw.get("kind") != "module_test":
        return "not a module test of this student"
    if db.session.query(ModuleTestAttempt.id).filter_by(uuid=raw["id"]).first() is not None:
        return "duplicate"
    module_id, phase, fields = raw.get("module"), raw.get("phase"), raw.get("form")
    entry = _assigned(module_id) if isinstance(module_id, str) else None
    if entry is None or phase not in module_tests.PHASES:
        return "unknown module test"
    if not isinstance(fields, list) or len(fields) > MAX_FIELDS or not all(
            isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f) for f in fields):
        return "form must be a list of [name, value] pairs"
    closed = module_tests.why_closed(current_user, entry.module, phase, entry.lessons)
    if closed is not None:
        return closed
    secret = current_app.config["SECRET_KEY"]
    answers, score = module_tests.grade(entry.module, phase, MultiDict(fields), secret, current_user)
    started = module_tests.started_at(secret, raw.get("started"), current_user, module_id, phase)
    module_tests.submit(current_user, entry.module, phase, answers, score, started=started,
                        client_time=_client_time(raw.get("time")), uuid=raw["id"])
    return None


@bp.post("/api/module-tests")
@student_required
def module_test_events():
    """The outbox's channel for module tests: same reply shape as /api/events."""
    body = request.get_json(silent=True)
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list) or len(events) > MAX_EVENTS:
        abort(400, description={"message": f"send {{\"events\": [...]}} with at most {MAX_EVENTS} tests"})
    stored, duplicates, rejected = [], [], []
    for raw in events:
        event_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(event_id, str) or not UUID_RE.match(event_id):
            rejected.append({"id": event_id if isinstance(event_id, str) else None, "reason": "id must be a version 4 UUID"})
            continue
        reason = _hand_in(raw)
        if reason == "duplicate":
            duplicates.append(event_id)
        elif reason:
            rejected.append({"id": event_id, "reason": reason})
        else:
            stored.append(event_id)
    return jsonify({"stored": stored, "duplicates": duplicates, "rejected": rejected})
