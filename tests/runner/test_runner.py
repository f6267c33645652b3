"""The lesson runner as students and teachers meet it."""
import gzip
import re

from kit_server.lessons import catalog

from ..conftest import EventMaker, csrf_token, quiz_lesson, right_answer
from ..conftest import post_events as post


def test_student_sees_only_assigned_modules_with_progress(app, client, login_as, assigned):
    lesson, _quiz = assigned
    login_as("student")
    home = client.get("/me").get_data(as_text=True)
    assert lesson.title["ar"] in home and "<progress" in home
    with app.app_context():
        others = [l for l in catalog().lessons if l.module != lesson.module]
    for other in others:
        assert other.title["ar"] not in home


def test_unassigned_lessons_are_not_found_for_students(app, client, login_as, school):
    lesson, _quiz = quiz_lesson(app)
    login_as("student")
    assert client.get(f"/lessons/{lesson.id}").status_code == 404
    assert client.get(f"/lessons/{lesson.id}/{lesson.steps[0].id}").status_code == 404


def test_teachers_can_preview_any_lesson(app, client, login_as, school):
    lesson, _quiz = quiz_lesson(app)
    login_as("teacher")
    page = client.get(f"/lessons/{lesson.id}/{lesson.steps[0].id}")
    assert page.status_code == 200 and lesson.title["ar"] in page.get_data(as_text=True)


def test_lesson_page_reads_without_javascript(app, client, login_as, assigned):
    lesson, _quiz = assigned
    login_as("student")
    second = lesson.steps[1]
    html = client.get(f"/lessons/{lesson.id}/{second.id}").get_data(as_text=True)
    # Only the asked step is visible; Next and Back are real links.
    tags = re.findall(r'<section class="step[^>]*>', html)
    visible = [re.search(r'id="step-([^"]+)"', tag).group(1) for tag in tags if " hidden" not in tag]
    assert len(tags) == len(lesson.steps) and visible == [second.id]
    assert f'href="/lessons/{lesson.id}/{lesson.steps[2].id}"' in html
    assert f'href="/lessons/{lesson.id}/{lesson.steps[0].id}"' in html


def test_lesson_page_stays_within_60_kb_compressed(app, client, login_as, assigned):
    lesson, _quiz = assigned
    login_as("student")
    response = client.get(f"/lessons/{lesson.id}/{lesson.steps[0].id}", headers={"Accept-Encoding": "gzip"})
    html = gzip.decompress(response.get_data()).decode()
    total = len(response.get_data())
    for url in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        asset = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert asset.headers["Content-Encoding"] == "gzip"
        total += len(asset.get_data())
        asset.close()
    assert total <= 60 * 1024, f"first visit transfers {total} bytes"


def test_static_files_have_hashed_names_and_long_cache(client):
    html = client.get("/join").get_data(as_text=True)
    css = re.search(r'href="(/static/css/kit\.[0-9a-f]{10}\.css)"', html).group(1)
    response = client.get(css)
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    response.close()
    stale = client.get("/static/css/kit.0000000000.css")  # an old hash is served but not cached forever
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == "no-cache"
    stale.close()


def test_summary_counts_what_the_student_did(app, client, login_as, school, assigned):
    lesson, quiz = assigned
    login_as("student")
    events = EventMaker(school["student"].id, lesson)
    post(client, [events("step_viewed", quiz.id),
                  events("answer", quiz.id, item=quiz.items[0].id, answer=right_answer(quiz.items[0])),
                  *events.completed()])
    html = client.get(f"/lessons/{lesson.id}/summary").get_data(as_text=True)
    assert f"1 / {sum(len(s.items) for s in lesson.steps)}" in html


def test_teacher_sees_each_answer_once(app, client, login_as, school, assigned):
    lesson, quiz = assigned
    login_as("student")
    events = EventMaker(school["student"].id, lesson)
    batch = [events("answer", quiz.id, item=item.id, answer=right_answer(item)) for item in quiz.items]
    post(client, batch)
    post(client, batch)  # the outbox sent it twice
    client.post("/logout", data={"csrf_token": csrf_token(client, "/me")})
    login_as("teacher")
    html = client.get(f"/teacher/classes/{school['class'].id}/students/{school['student'].id}/progress")
    text = html.get_data(as_text=True)
    assert text.count('<td class="right">') == 2 * len(quiz.items)  # first and last try, once per item
    assert '<td>1</td>' in text and '<td>2</td>' not in text  # one try each, not two


def test_open_in_jupyter_shows_only_where_the_teacher_switched_running_on(app, client, login_as, school, assigned):
    from kit_server.extensions import db
    from kit_server.notebooks.models import NotebookClassSetting

    lesson, _quiz = assigned
    step = next(s for s in lesson.steps if s.kind == "notebook")
    login_as("student")
    url = f"/lessons/{lesson.id}/{step.id}/notebook"
    assert "/open" not in client.get(url).get_data(as_text=True)
    with app.app_context():
        db.session.add(NotebookClassSetting(class_id=school["class"].id, running_enabled=True))
        db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert f"/notebooks/{step.notebook}/ar/open" in page
