"""Module test pages and their hand-in: a plain form (no JavaScript needed) or, with JavaScript,
the browser's outbox, so an answer given while the Wi-Fi is down is sent later, not lost."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..auth.access import student_required
from ..progress import module_tests
from . import service
from .routes import bp, shuffle_who

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
