"""What a student cannot do with events: fill the disk, send made-up demo settings, complete a lesson
they never opened, or date their work outside their time at school. Each refusal names its reason
and leaves the rest of the batch stored; events over the minute's budget wait in the outbox."""
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from kit_server import create_app
from kit_server.extensions import db
from kit_server.lessons import catalog
from kit_server.progress.limits import MAX_EVENT_BYTES
from kit_server.progress.models import LessonProgress, ProgressEvent

from ..conftest import EventMaker, csrf_token, sign_in_student
from ..conftest import post_events as post
from ..conftest import right_answer


def stored(app, **where):
    with app.app_context():
        return db.session.scalars(sa.select(ProgressEvent).filter_by(**where)).all()


def reasons(answer) -> dict:
    return {r["id"]: r["reason"] for r in answer["rejected"]}


def demo_step(lesson):
    return next(s for s in lesson.steps if s.kind == "demo")


def test_an_oversized_event_is_refused_and_the_rest_of_the_batch_is_stored(app, client, login_as, assigned, events):
    lesson, quiz = assigned
    login_as("student")
    reflection = next(s for s in lesson.steps if s.kind == "reflection")
    good = events("step_viewed", quiz.id)
    huge = events("step_viewed", quiz.id, padding="x" * MAX_EVENT_BYTES)
    long_text = events("reflection", reflection.id, text="ب" * 20_000)
    answer = post(client, [good, huge, long_text]).get_json()
    assert answer["stored"] == [good["id"]]
    assert "larger than" in reasons(answer)[huge["id"]]
    assert long_text["id"] in reasons(answer)
    assert len(stored(app)) == 1


def test_events_over_the_minute_budget_wait_in_the_outbox_and_are_stored_later(app, client, login_as, school,
                                                                               assigned, events):
    lesson, quiz = assigned
    app.config["EVENTS_PER_MINUTE"] = 5
    login_as("student")
    batch = [events("step_viewed", step.id) for step in lesson.steps[:8]]
    first = post(client, batch).get_json()
    assert first["stored"] == [e["id"] for e in batch[:5]] and not first["rejected"]
    # Not rejected (the outbox would forget them): deferred, each with its reason.
    assert [d["id"] for d in first["deferred"]] == [e["id"] for e in batch[5:]]
    assert all("too many events" in d["reason"] for d in first["deferred"])
    again = post(client, batch[5:])  # the outbox sends what it kept, still within the minute
    assert again.status_code == 429 and again.headers["Retry-After"] == "60"
    assert again.get_json()["stored"] == [] and len(stored(app)) == 5
    with app.app_context():  # a minute goes by
        for row in db.session.scalars(sa.select(ProgressEvent)):
            row.received_at -= timedelta(minutes=2)
        db.session.commit()
    later = post(client, batch[5:]).get_json()
    assert later["stored"] == [e["id"] for e in batch[5:]]
    assert len(stored(app)) == 8  # nothing acknowledged was lost, nothing stored twice


def test_the_budget_is_counted_in_the_database_so_it_holds_across_server_processes(app, client, login_as, school,
                                                                                   assigned, events):
    lesson, quiz = assigned
    app.config["EVENTS_PER_MINUTE"] = 3
    login_as("student")
    post(client, [events("step_viewed", quiz.id) for _ in range(3)])
    # A second app on the same database stands for a second server process.
    other = create_app({"KIT_HOME": app.config["KIT_HOME"], "TESTING": True, "EVENTS_PER_MINUTE": 3})
    other_client = other.test_client()
    sign_in_student(other_client, school["class"], school["student"], school["pin"])
    response = post(other_client, [events("step_viewed", quiz.id)], token=csrf_token(other_client, "/me"))
    assert response.status_code == 429 and len(stored(app)) == 3
    with other.app_context():
        db.engine.dispose()


def test_demo_runs_carry_the_steps_demo_and_settings_within_its_bounds(app, client, login_as, assigned, events):
    lesson, _quiz = assigned
    step = demo_step(lesson)
    login_as("student")
    good = events("demo_run", step.id, demo=step.demo, params=dict(step.params))
    cases = {
        "out of bounds": events("demo_run", step.id, params={**step.params, "depth": 10 ** 6}),
        "unknown setting": events("demo_run", step.id, params={"megabytes": "x" * 1000}),
        "wrong demo": events("demo_run", step.id, demo="overfitting", params={}),
        "not a demo step": events("demo_run", lesson.steps[0].id, params={}),
        "extra field": events("demo_run", step.id, params={}, junk=[1] * 100),
        "params not an object": events("demo_run", step.id, params=[1, 2]),
        "oversized": events("demo_run", step.id, params={"seed": 1, "x": "y" * 300_000}),
    }
    answer = post(client, [good, *cases.values()]).get_json()
    assert answer["stored"] == [good["id"]]
    why = reasons(answer)
    assert set(why) == {e["id"] for e in cases.values()}
    assert "depth" in why[cases["out of bounds"]["id"]]
    assert "megabytes" in why[cases["unknown setting"]["id"]]
    assert "rules_vs_learning" in why[cases["wrong demo"]["id"]]
    assert "larger than" in why[cases["oversized"]["id"]]
    [row] = stored(app)
    assert row.payload == {"demo": step.demo, "params": dict(step.params)}


def test_a_demo_runs_settings_are_stored_with_defaults_and_without_minus_zero(app, client, login_as, school):
    from kit_server.assignments.service import assign
    from kit_server.classes.models import SchoolClass

    with app.app_context():
        lesson = catalog().lesson("m2-l4-testing-and-overfitting")
        assign(db.session.get(SchoolClass, school["class"].id), lesson.module)
        db.session.commit()
    events = EventMaker(school["student"].id, lesson)
    login_as("student")
    answer = post(client, [events("demo_run", demo_step(lesson).id, params={"noise": -0.0})]).get_json()
    assert len(answer["stored"]) == 1
    params = stored(app)[0].payload["params"]
    assert params["noise"] == 0.0 and str(params["noise"]) == "0.0" and params["depth"] == 3


def test_the_demo_api_refuses_settings_out_of_bounds_and_stores_nothing(app, client, login_as, assigned):
    login_as("student")
    token = csrf_token(client, "/me")
    for params in ({"depth": 10 ** 30}, {"depth": "²"}, {"seed": -1}, {"megabytes": "x" * 200_000}):
        response = client.post("/api/demos/rules_vs_learning", json={"params": params}, headers={"X-CSRFToken": token})
        assert response.status_code in (400, 413, 422), response.status_code
        assert response.is_json
    assert stored(app) == []


def test_a_minus_zero_setting_is_not_a_server_error(app, client, login_as, assigned):
    login_as("student")
    response = client.post("/api/demos/overfitting", json={"params": {"noise": "-0"}},
                           headers={"X-CSRFToken": csrf_token(client, "/me")})
    assert response.status_code == 200 and response.get_json()["params"]["noise"] == 0.0


def test_a_lesson_is_completed_only_when_open_to_the_student_and_after_every_step(app, client, login_as, school,
                                                                                   assigned, events):
    lesson, quiz = assigned
    login_as("student")
    early = events("lesson_completed")
    answer = post(client, [events("step_viewed", lesson.steps[0].id), early]).get_json()
    assert "before its steps were seen" in reasons(answer)[early["id"]]
    with app.app_context():
        unassigned = next(l for l in catalog().lessons if l.module != lesson.module)
    elsewhere = EventMaker(school["student"].id, unassigned)
    forged = [*elsewhere.completed()]
    answer = post(client, forged).get_json()
    assert "not open to this student" in reasons(answer)[forged[-1]["id"]]
    with app.app_context():
        summaries = {row.lesson_id: row.status for row in db.session.scalars(sa.select(LessonProgress))}
    assert summaries.get(lesson.id) == "started" and summaries.get(unassigned.id) != "completed"
    done = post(client, events.completed()).get_json()
    assert not done["rejected"]
    with app.app_context():
        row = db.session.scalar(sa.select(LessonProgress).filter_by(lesson_id=lesson.id))
        assert row.status == "completed"


def test_client_times_in_the_future_or_before_enrolment_are_refused(app, client, login_as, school, assigned, events):
    lesson, quiz = assigned
    login_as("student")
    now = datetime.now(UTC)
    with app.app_context():
        from kit_server.auth.models import Student

        enrolled = db.session.get(Student, school["student"].id).created_at.replace(tzinfo=UTC)
    cases = {
        "future": {**events("step_viewed", quiz.id), "time": (now + timedelta(hours=2)).isoformat()},
        "far future": {**events("step_viewed", quiz.id), "time": "9999-12-31T23:59:59+00:00"},
        "before enrolment": {**events("step_viewed", quiz.id), "time": (enrolled - timedelta(days=30)).isoformat()},
        "already reported": {**events("lesson_completed"), "time": "2001-01-01T00:00:00Z"},
        "no year": {**events("step_viewed", quiz.id), "time": "0000-01-01T00:00:00"},
        "overflow": {**events("step_viewed", quiz.id), "time": "0001-01-01T00:00:00+14:00"},
    }
    skewed = {**events("step_viewed", quiz.id), "time": (now + timedelta(minutes=3)).isoformat()}
    answer = post(client, [skewed, *cases.values()]).get_json()
    assert answer["stored"] == [skewed["id"]]  # a clock a few minutes fast is still believed
    why = reasons(answer)
    assert "future" in why[cases["future"]["id"]] and "future" in why[cases["far future"]["id"]]
    assert "before the student was enrolled" in why[cases["before enrolment"]["id"]]
    assert "before the student was enrolled" in why[cases["already reported"]["id"]]
    assert set(why) == {e["id"] for e in cases.values()}


def test_answers_of_the_wrong_shape_are_refused_not_a_server_error(app, client, login_as, assigned, events):
    lesson, quiz = assigned
    login_as("student")
    items = {item.type: item for item in quiz.items}
    item = items.get("multiple") or items.get("ordering") or quiz.items[0]
    bad = [events("answer", quiz.id, item=item.id, answer=value) for value in ([[1]], [{}], 10 ** 400, {"a": 1})]
    bad.append(events("answer", quiz.id, item=["unhashable"], answer="x"))
    good = events("answer", quiz.id, item=quiz.items[0].id, answer=right_answer(quiz.items[0]))
    answer = post(client, [*bad, good]).get_json()
    assert answer["stored"] == [good["id"]]
    assert set(reasons(answer)) == {e["id"] for e in bad}


def test_deep_or_oversized_bodies_get_a_clear_4xx(app, client, login_as, assigned):
    login_as("student")
    token = csrf_token(client, "/me")
    deep = client.post("/api/events", data="[" * 100_000 + "]" * 100_000, content_type="application/json",
                       headers={"X-CSRFToken": token})
    assert deep.status_code == 400 and "nests" in deep.get_json()["reason"]
    nested = client.post("/api/events", json={"events": [{"data": {"answer": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}]},
                         headers={"X-CSRFToken": token})
    assert nested.status_code == 400
    big = client.post("/api/events", data='{"events": ["' + "x" * (600 * 1024) + '"]}',
                      content_type="application/json", headers={"X-CSRFToken": token})
    assert big.status_code == 413 and big.is_json
    broken = client.post("/api/events", data="{", content_type="application/json", headers={"X-CSRFToken": token})
    assert broken.status_code == 400 and broken.get_json()["reason"] == "the body is not valid JSON"


def _light_params_module() -> bool:
    import importlib.util

    return (Path(__file__).resolve().parents[2] / "kit_server" / "demos" / "params.py").is_file() and \
        importlib.util.find_spec("kit_server.demos") is not None


@pytest.mark.skipif(not _light_params_module(), reason="the demos' light settings module is not here yet")
def test_checking_a_demo_runs_settings_loads_neither_scikit_learn_nor_matplotlib():
    """The web process checks demo settings without the heavy libraries (they live in the workers)."""
    code = ("import sys\n"
            "from kit_server.progress import demo_params\n"
            "demo_params.validated('overfitting', {'depth': 2})\n"
            "heavy = sorted(m for m in ('sklearn', 'matplotlib') if m in sys.modules)\n"
            "sys.exit(str(heavy) if heavy else 0)\n")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
