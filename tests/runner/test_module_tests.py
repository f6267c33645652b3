"""Module pre-tests and post-tests: once each, graded on the kit, kept for learning gain."""
import sqlalchemy as sa

from kit_server.extensions import db
from kit_server.lessons import catalog
from kit_server.progress.models import ModuleTestResult

from ..conftest import EventMaker, csrf_token, post_events


def _form_for(items, right: bool) -> dict:
    data = {}
    for item in items:
        name = f"item-{item.id}"
        answer = item.answer
        if item.type == "single":
            data[name] = answer if right else next(o.id for o in item.options if o.id != answer)
        elif item.type == "multiple":
            data[name] = sorted(answer) if right else [next(o.id for o in item.options if o.id not in answer)]
        elif item.type == "numeric":
            data[name] = str(answer if right else answer + item.tolerance + 10)
        else:
            order = list(answer) if right else list(reversed(answer))
            for position, option in enumerate(order, start=1):
                data[f"{name}-{option}"] = str(position)
    return data


def _module(app, lesson):
    with app.app_context():
        return catalog().module(lesson.module)


def test_pre_test_is_graded_and_taken_once(app, client, login_as, school, assigned):
    lesson, _quiz = assigned
    module = _module(app, lesson)
    login_as("student")
    assert "/test/pre" in client.get("/me").get_data(as_text=True)
    url = f"/modules/{module.id}/test/pre"
    assert client.post(url, data={"csrf_token": csrf_token(client, url), **_form_for(module.pre_test, True)}).status_code == 302
    assert client.post(url, data={"csrf_token": csrf_token(client, url), **_form_for(module.pre_test, False)}).status_code == 200
    with app.app_context():
        results = db.session.scalars(sa.select(ModuleTestResult)).all()
    assert [(r.phase, r.score) for r in results] == [("pre", 100)]  # the second attempt changed nothing
    assert "/test/pre" not in client.get("/me").get_data(as_text=True)


def test_wrong_answers_score_zero(app, client, login_as, assigned):
    lesson, _quiz = assigned
    module = _module(app, lesson)
    login_as("student")
    url = f"/modules/{module.id}/test/pre"
    client.post(url, data={"csrf_token": csrf_token(client, url), **_form_for(module.pre_test, False)})
    with app.app_context():
        assert db.session.scalar(sa.select(ModuleTestResult.score)) == 0


def test_post_test_opens_when_the_module_is_done(app, client, login_as, school, assigned):
    lesson, _quiz = assigned
    module = _module(app, lesson)
    login_as("student")
    url = f"/modules/{module.id}/test/post"
    assert client.get(url).status_code == 403
    for done in module.lessons:
        events = EventMaker(school["student"].id, done)
        post_events(client, events.completed())
    assert client.get(url).status_code == 200
    assert "/test/post" in client.get("/me").get_data(as_text=True)
