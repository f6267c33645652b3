"""Item statistics and learning gain against a worked example, and on the class dashboard."""
import math
import re

import pytest

from kit_server.dashboard.item_analysis import hake_gain, item_statistics, point_biserial

# Four students, five items (1 = right). Worked by hand, with the rest score (the other items):
#   A: right 1,1,1,0 -> p 0.75; rest = B+C+D+E = 3,2,1,2 ; cov = mean(x*rest) - 0.75*2 = 1.5 - 1.5 = 0 -> r = 0
#   B: right 1,1,0,0 -> p 0.5 ; rest 3,2,2,2 (mean 2.25); cov = (3+2)/4 - 0.5*2.25 = 0.125;
#      var(x) = 0.25, var(rest) = (9+4+4+4)/4 - 2.25^2 = 0.1875 -> r = 0.125 / (0.5 * 0.4330) = 0.577
#   C: right 1,0,0,1 -> p 0.5 ; rest 3,3,2,1 (mean 2.25); cov = (3+1)/4 - 1.125 = -0.125;
#      var(rest) = (9+9+4+1)/4 - 5.0625 = 0.6875 -> r = -0.125 / (0.5 * 0.8292) = -0.302 (negative)
#   D: all right -> p 1.0, too easy, no variation (r None);  E: none right -> p 0, too hard
STUDENTS = [
    {"a": True, "b": True, "c": True, "d": True, "e": False},
    {"a": True, "b": True, "c": False, "d": True, "e": False},
    {"a": True, "b": False, "c": False, "d": True, "e": False},
    {"a": False, "b": False, "c": True, "d": True},  # a missing answer counts as not right
]


def test_item_statistics_equal_the_worked_example():
    stats = {s.item_id: s for s in item_statistics(["a", "b", "c", "d", "e"], STUDENTS)}
    assert [stats[i].n for i in "abcde"] == [4] * 5
    assert [stats[i].difficulty for i in "abcde"] == [0.75, 0.5, 0.5, 1.0, 0.0]
    assert stats["a"].discrimination == 0.0
    assert stats["b"].discrimination == pytest.approx(1 / math.sqrt(3), abs=0.001)
    assert stats["c"].discrimination == pytest.approx(-0.125 / (0.5 * math.sqrt(0.6875)), abs=0.001)
    assert stats["d"].discrimination is None and stats["e"].discrimination is None
    assert {i: stats[i].flags for i in "abcde"} == {
        "a": (), "b": (), "c": ("negative",), "d": ("too_easy",), "e": ("too_hard",)}


def test_point_biserial_is_the_textbook_formula():
    # r_pb = (M1 - M0) / s * sqrt(p q), population s: right 1,1,0,0 with scores 4,3,2,1
    right, scores = [1, 1, 0, 0], [4, 3, 2, 1]
    m1, m0, s = 3.5, 1.5, math.sqrt(1.25)
    assert point_biserial(right, scores) == pytest.approx((m1 - m0) / s * math.sqrt(0.25), abs=1e-9)


def test_hake_gain_equals_the_worked_example():
    # mean pre 40, mean post 70: g = (70 - 40) / (100 - 40) = 0.5, over 3 matched pairs
    gain = hake_gain([(40, 70), (60, 80), (20, 60)])
    assert (gain.n, gain.mean_pre, gain.mean_post, gain.g) == (3, 40.0, 70.0, 0.5)
    assert hake_gain([]).g is None and hake_gain([(100, 100)]).g is None


def test_the_class_dashboard_shows_gain_and_flagged_items(app, client, login_as, school, assigned):
    from kit_server.extensions import db
    from kit_server.lessons import catalog
    from kit_server.progress.models import ModuleTestResult

    from ..conftest import make_student

    lesson, _step = assigned
    with app.app_context():
        module = catalog().module(lesson.module)
        first = module.pre_test[0].id
        pupils = [school["student"]] + [make_student(school["class"], name=f"تلميذ {n}")[0] for n in range(2)]
        for k, pupil in enumerate(pupils):
            for phase, score in (("pre", 20 + 20 * k), ("post", 60 + 10 * k)):
                items = module.pre_test if phase == "pre" else module.post_test
                db.session.add(ModuleTestResult(
                    student_id=pupil.id, module_id=module.id, module_version=module.version, phase=phase,
                    score=score, answers={i.id: {"answer": "x", "correct": i.id == first} for i in items}))
        db.session.commit()
    login_as("teacher")
    page = client.get(f"/teacher/classes/{school['class'].id}/progress", headers={"Accept-Language": "en"}).get_data(as_text=True)
    # mean pre 40, mean post 70 -> g 0.5 over 3 pairs
    assert "How the module tests worked" in page and "0.5" in page and "3 students took both tests" in page
    row = re.search(rf'<tr data-item="{first}">(.*?)</tr>', page, re.S).group(1)
    assert "100%" in row and "Too easy" in row
