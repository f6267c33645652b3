"""Module pre-tests and post-tests: graded on the kit, no key in the page, every attempt timed."""
import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from kit_server.extensions import db
from kit_server.lessons import catalog
from kit_server.progress import module_tests
from kit_server.progress.attempts import ModuleTestAttempt
from kit_server.progress.models import ModuleTestResult
from kit_server.school.service import get_school
from kit_server.timeutil import utcnow

from ..conftest import EventMaker, csrf_token, post_events


def _module(app, lesson):
    with app.app_context():
        return catalog().module(lesson.module)


def _form_for(app, student, module, phase: str, right: bool) -> dict:
    """What a student's browser would post: option tokens, never option ids."""
    secret, data = app.config["SECRET_KEY"], {}
    for item in module_tests.items_of(module, phase):
        name, answer = f"item-{item.id}", item.answer
        tokens = module_tests.tokens_of(secret, student, module.id, phase, item)
        if item.type == "single":
            data[name] = tokens[answer if right else next(o.id for o in item.options if o.id != answer)]
        elif item.type == "multiple":
            data[name] = [tokens[o] for o in sorted(answer)] if right else \
                [tokens[next(o.id for o in item.options if o.id not in answer)]]
        elif item.type == "numeric":
            data[name] = str(answer if right else answer + item.tolerance + 10)
        else:
            order = list(answer) if right else list(reversed(answer))
            for position, option in enumerate(order, start=1):
                data[f"{name}-{tokens[option]}"] = str(position)
    return data


def _attempts(app):
    with app.app_context():
        return [(a.phase, a.attempt, a.score, a.seconds) for a in
                db.session.scalars(sa.select(ModuleTestAttempt).order_by(ModuleTestAttempt.id))]


def _hand_in(app, client, school, module, phase, right, **extra):
    url = f"/modules/{module.id}/test/{phase}"
    data = {"csrf_token": csrf_token(client, url), **_form_for(app, school["student"], module, phase, right), **extra}
    return client.post(url, data=data)


def test_pre_test_is_graded_on_the_kit_and_feedback_comes_after(app, client, login_as, school, assigned):
    lesson, _quiz = assigned
    module = _module(app, lesson)
    login_as("student")
    home = client.get("/me").get_data(as_text=True)
    assert "/test/pre" in home and "10" in home  # the home prompts for it, with its time
    url = f"/modules/{module.id}/test/pre"
    assert "quiz-item right" not in client.get(url).get_data(as_text=True)  # no feedback before handing in
    assert _hand_in(app, client, school, module, "pre", True).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "100%" in page and page.count('class="quiz-item right"') == len(module.pre_test)
    assert _hand_in(app, client, school, module, "pre", False).status_code == 302  # one attempt by default
    assert [(p, n, s) for p, n, s, _sec in _attempts(app)] == [("pre", 1, 100)]
    assert "/test/pre" not in client.get("/me").get_data(as_text=True)


def test_a_test_page_holds_no_key(app, client, login_as, school, assigned):
    lesson, _quiz = assigned
    module = _module(app, lesson)
    login_as("student")
    for phase in ("pre",):
        page = client.get(f"/modules/{module.id}/test/{phase}").get_data(as_text=True)
        values = set(re.findall(r'(?:value|name|data-[a-z-]+)="([^"]*)"', page))
        data = json.loads(re.search(r'id="test-data">(.*?)</script>', page).group(1))
        for item in module_tests.items_of(module, phase):
            if item.type in ("single", "multiple", "ordering"):
                for option in item.options:  # option ids (right or not) are never in the page
                    assert not any(option.id in v for v in values), (item.id, option.id)
                    assert option.id not in json.dumps(data)
            else:
                assert f"{item.answer:g}" not in values
        assert "answer" not in json.dumps(data)


def test_wrong_answers_score_zero_and_show_why(app, client, login_as, school, assigned):
    lesson, _quiz = assigned
    module = _module(app, lesson)
    login_as("student")
    _hand_in(app, client, school, module, "pre", False)
    with app.app_context():
        assert db.session.scalar(sa.select(ModuleTestResult.score)) == 0
    assert client.get(f"/modules/{module.id}/test/pre").get_data(as_text=True).count('class="quiz-item wrong"') == len(module.pre_test)


def test_the_school_decides_retakes_and_gain_keeps_the_first_attempt(app, client, login_as, school, assigned):
    lesson, _quiz = assigned
    module = _module(app, lesson)
    with app.app_context():
        get_school().test_attempts = 2
        db.session.commit()
    login_as("student")
    _hand_in(app, client, school, module, "pre", False)
    assert "again=1" in client.get(f"/modules/{module.id}/test/pre").get_data(as_text=True)
    _hand_in(app, client, school, module, "pre", True)
    _hand_in(app, client, school, module, "pre", True)  # a third is refused
    assert [(n, s) for _p, n, s, _sec in _attempts(app)] == [(1, 0), (2, 100)]
    with app.app_context():
        assert db.session.scalar(sa.select(ModuleTestResult.score)) == 0


def test_an_answer_sent_later_by_the_outbox_is_stored_once_with_its_timing(app, client, login_as, school, assigned):
    lesson, _quiz = assigned
    module = _module(app, lesson)
    login_as("student")
    student, secret = school["student"], app.config["SECRET_KEY"]
    started = module_tests.start_token(secret, student, module.id, "pre", utcnow() - timedelta(minutes=30))
    fields = [[k, v] for k, vs in _form_for(app, student, module, "pre", True).items()
              for v in (vs if isinstance(vs, list) else [vs])]
    handed_in = (datetime.now(UTC) - timedelta(minutes=20)).isoformat()  # offline for 20 minutes
    event = {"id": str(uuid.uuid4()), "student": student.id, "seq": 1, "time": handed_in, "kind": "module_test",
             "module": module.id, "phase": "pre", "started": started, "form": fields}
    token = csrf_token(client, "/me")
    reply = client.post("/api/module-tests", json={"events": [event]}, headers={"X-CSRFToken": token}).get_json()
    assert reply["stored"] == [event["id"]]
    again = client.post("/api/module-tests", json={"events": [event]}, headers={"X-CSRFToken": token}).get_json()
    assert again["duplicates"] == [event["id"]]
    [(phase, number, score, seconds)] = _attempts(app)
    assert (phase, number, score) == ("pre", 1, 100) and 590 <= seconds <= 610
    forged = dict(event, id=str(uuid.uuid4()), student=student.id + 99)
    bad = client.post("/api/module-tests", json={"events": [forged, {"id": "x"}]}, headers={"X-CSRFToken": token})
    assert bad.status_code == 200 and len(bad.get_json()["rejected"]) == 2
    assert client.post("/api/module-tests", json={"events": "no"}, headers={"X-CSRFToken": token}).status_code == 400


def test_post_test_opens_when_the_module_is_done_and_the_pre_test_closes(app, client, login_as, school, assigned):
    lesson, _quiz = assigned
    module = _module(app, lesson)
    login_as("student")
    url = f"/modules/{module.id}/test/post"
    assert client.get(url).status_code == 403
    for done in module.lessons:
        events = EventMaker(school["student"].id, done)
        post_events(client, [events("step_viewed", s.id) for s in done.steps] + [events("lesson_completed")])
    assert client.get(url).status_code == 200
    home = client.get("/me").get_data(as_text=True)
    assert "/test/post" in home and "/test/pre" not in home
    assert client.get(f"/modules/{module.id}/test/pre").status_code == 403


def test_the_admin_sets_the_retake_policy(app, client, login_as):
    login_as("admin")
    data = {"csrf_token": csrf_token(client, "/admin/settings"), "name": "مدرسة", "default_locale": "ar",
            "report_threshold": "9", "retention_days": "730", "test_attempts": "3"}
    assert client.post("/admin/settings", data=data).status_code == 302
    with app.app_context():
        assert get_school().test_attempts == 3
    data["test_attempts"] = "9"
    assert client.post("/admin/settings", data=data).status_code == 400
