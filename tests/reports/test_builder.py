"""Indicators computed from planted activity (threshold 0 so every number is visible)."""
from datetime import datetime

import pytest

from .conftest import build

NOV = datetime(2026, 11, 10, 9, 0)


@pytest.fixture
def world(app, seed, catalog_modules):
    seed.threshold(0)
    teacher, cls = seed.teacher_class(grade=7)
    module_id, lessons = catalog_modules[0]
    return {"teacher": teacher, "cls": cls, "module": module_id, "lessons": lessons}


def test_reach_counts_each_active_student_once_by_sex_and_grade_band(app, seed, world):
    girl = seed.student(world["cls"], sex="female")
    boy = seed.student(world["cls"], sex="male", grade=11)
    quiet = seed.student(world["cls"], sex="male")  # no activity: not reached
    seed.events(girl, world["lessons"][0], NOV, minutes=(0, 1, 2))
    seed.events(girl, world["lessons"][1], NOV.replace(day=20))
    seed.events(boy, world["lessons"][0], NOV)
    assert quiet
    _folder, report = build(app)
    reach = report["tables"]["reach"]
    assert reach["rows"] == ["female", "male", "not_stated", "total"]
    assert reach["cols"] == ["1-3", "4-6", "7-9", "10-12", "not_stated", "total"]
    assert reach["cells"][0] == [0, 0, 1, 0, 0, 1]  # grade from the class (7)
    assert reach["cells"][1] == [0, 0, 0, 1, 0, 1]  # the student's own grade (11) wins
    assert reach["cells"][-1][-1] == 2
    assert report["indicators"]["gpi_reach"] == 1.0


def test_a_student_active_in_two_months_counts_once_in_the_school_year(app, seed, world):
    girl = seed.student(world["cls"])
    seed.events(girl, world["lessons"][0], NOV)
    seed.events(girl, world["lessons"][0], NOV.replace(month=12))
    _f, year = build(app, "2026-2027")
    assert year["tables"]["reach"]["cells"][-1][-1] == 1


def test_students_without_consent_are_counted_nowhere(app, seed, world):
    counted = seed.student(world["cls"], sex="female")
    no_record = seed.student(world["cls"], sex="male", consent=False)
    for sid in (counted, no_record):
        seed.events(sid, world["lessons"][0], NOV)
        seed.test(sid, world["module"], "pre", 20, NOV)
        seed.test(sid, world["module"], "post", 80, NOV.replace(day=12))
    _f, report = build(app)
    assert report["tables"]["reach"]["cells"][1][-1] == 0
    assert report["tables"]["reach"]["cells"][-1][-1] == 1
    assert report["modules"][world["module"]]["gain"]["matched"] == 1
    assert report["tables"][f"progress:{world['module']}"]["cells"][1] == [0, 0, 0]


def test_a_parents_refusal_beats_the_class_consent(app, seed, world):
    seed.consent_class(world["cls"])
    a = seed.student(world["cls"], consent=False)
    b = seed.student(world["cls"], consent=False)
    from datetime import date

    from kit_server.extensions import db
    from kit_server.reports.consent import record
    with app.app_context():
        record(basis="parent", scope="reports", status="refused", given_on=date(2026, 2, 1), student_id=b)
        db.session.commit()
    for sid in (a, b):
        seed.events(sid, world["lessons"][0], NOV)
    _f, report = build(app)
    assert report["tables"]["reach"]["cells"][-1][-1] == 1


def test_test_scores_need_the_full_scope(app, seed, world):
    sid = seed.student(world["cls"], scope="reports_no_tests")
    seed.events(sid, world["lessons"][0], NOV)
    seed.test(sid, world["module"], "pre", 20, NOV)
    seed.test(sid, world["module"], "post", 80, NOV)
    _f, report = build(app)
    assert report["tables"]["reach"]["cells"][-1][-1] == 1
    assert report["modules"][world["module"]]["gain"]["matched"] == 0


def test_learning_gain_uses_matched_pairs_only(app, seed, world):
    module = world["module"]
    a, b, c = (seed.student(world["cls"]) for _ in range(3))
    seed.test(a, module, "pre", 40, NOV)
    seed.test(a, module, "post", 70, NOV)
    seed.test(b, module, "pre", 60, NOV)
    seed.test(b, module, "post", 50, NOV)
    seed.test(c, module, "pre", 10, NOV)  # no post: pre-only, left out of the means
    _f, report = build(app)
    gain = report["modules"][module]["gain"]
    assert gain["matched"] == 2 and report["modules"][module]["pre_only"] == 1
    assert (gain["mean_pre"], gain["mean_post"], gain["gain_points"]) == (50.0, 60.0, 10.0)
    assert gain["normalised_gain"] == 0.2  # (60 - 50) / (100 - 50)
    assert gain["pass_share"] == 0.5  # 70 passes the mark of 60, 50 does not


def test_completion_needs_every_lesson_of_the_module(app, seed, world):
    module, lessons = world["module"], world["lessons"]
    done, half = seed.student(world["cls"]), seed.student(world["cls"])
    for lesson in lessons:
        seed.events(done, lesson, NOV)
        seed.completed(done, lesson, NOV)
    seed.events(half, lessons[0], NOV)
    seed.completed(half, lessons[0], NOV)
    _f, report = build(app)
    completion = report["modules"][module]["completion"]
    assert completion == {"numerator": 1, "denominator": 2, "rate": 0.5}


def test_learning_hours_cut_idle_gaps_and_cap_each_sitting(app, seed, world):
    sid = seed.student(world["cls"])
    seed.events(sid, world["lessons"][0], NOV, minutes=(0, 5, 10))  # 10 active minutes
    seed.events(sid, world["lessons"][0], NOV.replace(hour=14), minutes=(0, 30))  # one idle gap: 0
    seed.events(sid, world["lessons"][0], NOV.replace(day=11), minutes=range(0, 300, 5))  # 295 min -> 120
    _f, report = build(app)
    assert report["indicators"]["learning_hours"] == round((10 + 120) / 60, 1)


def test_sessions_teachers_and_instruction_hours(app, seed, world):
    sid = seed.student(world["cls"])
    seed.session(world["cls"], world["teacher"], NOV, 45, students=[sid])
    seed.session(world["cls"], world["teacher"], NOV.replace(day=12), 600)  # left open: three hours
    _f, report = build(app)
    ind = report["indicators"]
    assert ind["live_sessions"] == 2
    assert ind["instruction_hours"] == round((45 + 180) / 60, 1)
    assert ind["teachers_active"] == 1 and ind["classes_active"] == 1
    assert report["tables"]["reach"]["cells"][-1][-1] == 1  # attending is activity


def test_envelope_and_completeness(app, seed, world):
    sid = seed.student(world["cls"])
    seed.events(sid, world["lessons"][0], NOV.replace(day=3))
    seed.events(sid, world["lessons"][0], NOV.replace(day=27))
    _f, report = build(app)
    assert report["period"] == {"kind": "month", "start": "2026-11-01", "end": "2026-11-30"}
    assert report["completeness"] == {"days_up": 2, "first_event_date": "2026-11-03",
                                      "last_event_date": "2026-11-27"}
    assert report["schema_version"] == 1 and report["revision"] == 1
    assert report["generated_at"].endswith("Z")


def test_small_counts_show_as_below_the_threshold(app, seed, world):
    seed.threshold(9)
    for _ in range(3):
        seed.events(seed.student(world["cls"], sex="female"), world["lessons"][0], NOV)
    _f, report = build(app)
    reach = report["tables"]["reach"]
    assert reach["cells"][0][2] == "<10"
    assert "<10" in reach["cells"][-1] or "x" in reach["cells"][-1]
    assert all(not (isinstance(v, int) and 1 <= v <= 9) for row in reach["cells"] for v in row)
    assert report["indicators"]["learning_hours"] == "x"


def _trained(app, cls, student_ids, when, by_teacher=False):
    """A class project trained once by each student (or once by the teacher)."""
    from kit_server.classes.models import SchoolClass
    from kit_server.extensions import db
    from kit_server.modelmaker.models import ModelVersion
    from kit_server.modelmaker.service import create_project

    with app.app_context():
        project = create_project(db.session.get(SchoolClass, cls), None, "مشروع", "words", ["أ", "ب"])
        for number, sid in enumerate([None] if by_teacher else student_ids, start=1):
            db.session.add(ModelVersion(project=project, number=number, trained_by=sid, snapshot=[],
                                        result={}, created_at=when))
        db.session.commit()


def test_students_who_trained_a_model_are_counted_once_and_only_in_their_period(app, seed, world):
    students = [seed.student(world["cls"]) for _ in range(3)]
    _trained(app, world["cls"], students, NOV)
    _trained(app, world["cls"], students[:1], NOV)  # trained again: still one student
    _trained(app, world["cls"], [], NOV, by_teacher=True)  # the teacher's training is not a student's
    _trained(app, world["cls"], [seed.student(world["cls"])], datetime(2026, 12, 3))  # another month
    _f, report = build(app)
    assert report["indicators"]["model_makers"] == 3


def test_a_handful_of_model_makers_is_hidden(app, seed, world):
    seed.threshold(5)
    _trained(app, world["cls"], [seed.student(world["cls"]) for _ in range(2)], NOV)
    _f, report = build(app)
    assert report["indicators"]["model_makers"] == "x"
