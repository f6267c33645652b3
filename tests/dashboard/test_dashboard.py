"""The class dashboard: grid, difficult questions, pre/post, charts and the CSV export."""
import csv
import io

from kit_server.extensions import db

from ..conftest import EventMaker, csrf_token, make_student, post_events, right_answer, sign_in_student, wrong_answer


def _answers(app, client, school, lesson, quiz, student=None, pin=None, right=True):
    student, pin = student or school["student"], pin or school["pin"]
    sign_in_student(client, school["class"], student, pin)
    events = EventMaker(student.id, lesson)
    item = quiz.items[0]
    post_events(client, [events("answer", quiz.id, item=item.id, answer=(right_answer if right else wrong_answer)(item)),
                         *events.completed()])
    client.post("/logout", data={"csrf_token": csrf_token(client, "/me")})


def test_dashboard_shows_difficult_questions_and_charts(app, client, school, login_as, assigned):
    lesson, quiz = assigned
    other, other_pin = make_student(school["class"], name="سامي", sex="male")
    _answers(app, client, school, lesson, quiz, right=False)
    _answers(app, client, school, lesson, quiz, student=other, pin=other_pin, right=False)
    login_as("teacher")
    html = client.get(f"/teacher/classes/{school['class'].id}/progress").get_data(as_text=True)
    assert "0 من 2" in html  # nobody right the first time, two answered: in words, no "2 / 0" flip
    assert html.count("<svg") >= 3  # the brand mark and two charts
    assert "ليلى" in html and "سامي" in html


def test_csv_export_has_stable_columns_and_arabic_names(app, client, school, login_as, assigned):
    lesson, quiz = assigned
    _answers(app, client, school, lesson, quiz)
    login_as("teacher")
    for lang in ("ar", "fr"):
        response = client.get(f"/teacher/classes/{school['class'].id}/progress.csv", headers={"Accept-Language": lang})
        text = response.get_data(as_text=True)
        assert text.startswith("\ufeff")  # Excel reads the Arabic names as UTF-8
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
        assert list(rows[0]) == ["student_id", "student_name", "lesson_id", "lesson_version", "status", "score",
                                 "steps_seen", "started_at", "completed_at"]
        mine = [r for r in rows if r["student_name"] == "ليلى" and r["lesson_id"] == lesson.id]
        assert mine[0]["status"] == "completed" and mine[0]["score"] != ""


def test_pre_post_table_uses_matched_pairs_only(app, client, school, login_as, assigned):
    from kit_server.progress.models import ModuleTestResult

    lesson, _quiz = assigned
    other, _pin = make_student(school["class"], name="سامي", sex="male")
    with app.app_context():
        db.session.add_all([
            ModuleTestResult(student_id=school["student"].id, module_id=lesson.module, module_version=1, phase="pre", score=40),
            ModuleTestResult(student_id=school["student"].id, module_id=lesson.module, module_version=1, phase="post", score=80),
            ModuleTestResult(student_id=other.id, module_id=lesson.module, module_version=1, phase="pre", score=0),
        ])
        db.session.commit()
    login_as("teacher")
    html = client.get(f"/teacher/classes/{school['class'].id}/progress").get_data(as_text=True)
    assert "40%" in html and "80%" in html  # the unmatched 0 does not drag the pre-test mean down


def test_another_teacher_gets_no_csv(client, school, app):
    from ..conftest import sign_in_staff

    sign_in_staff(client, "other")
    assert client.get(f"/teacher/classes/{school['class'].id}/progress.csv").status_code == 404


def test_charts_draw_for_one_day_and_for_a_whole_year():
    from datetime import date, timedelta

    from kit_server.dashboard.charts import completion_over_time, score_distribution

    for days in (1, 2, 300):
        svg = completion_over_time([date(2026, 9, 1) + timedelta(days=i) for i in range(days)])
        assert svg.startswith("<svg") and "<text" in svg  # ticks drawn, no warning (warnings are errors)
    assert completion_over_time([]) is None and score_distribution([]) is None
    assert score_distribution([0, 55, 100]).startswith("<svg")
