"""The guide names each lesson's AI4K12 big ideas and UNESCO competencies in the teacher's language."""
from html import unescape
from types import SimpleNamespace

import pytest

from kit_server.content import BIG_IDEAS, COMPETENCIES
from kit_server.guide.frameworks import BIG_IDEAS as BIG_IDEA_NAMES
from kit_server.guide.frameworks import COMPETENCIES as COMPETENCY_NAMES
from kit_server.guide.frameworks import framework_lines


def test_every_framework_name_the_lessons_may_use_is_translated():
    assert set(BIG_IDEA_NAMES) == set(BIG_IDEAS)
    assert set(COMPETENCY_NAMES) == set(COMPETENCIES)


def test_a_lesson_without_competencies_shows_one_framework_and_no_stray_dots():
    lesson = SimpleNamespace(big_ideas=("Learning", "Perception"), competencies=())
    assert framework_lines(lesson, "ar") == [("الأفكار الخمس الكبرى (AI4K12)", "التعلّم، الإدراك")]
    assert framework_lines(SimpleNamespace(big_ideas=(), competencies=()), "fr") == []


@pytest.mark.parametrize("lang,framework,english", [
    ("ar", "إطار كفاءات الذكاء الاصطناعي للتلاميذ (اليونسكو)", "Ethics by design"),
    ("fr", "Référentiel de compétences en IA pour les élèves (UNESCO)", "Ethics by design"),
])
def test_the_guide_page_prints_the_framework_names_translated(lang, framework, english, app, client, login_as):
    from kit_server.lessons import catalog

    with app.app_context():
        module = catalog().modules[0]
        used = {name for lesson in module.lessons for name in (*lesson.big_ideas, *lesson.competencies)}
    login_as("teacher")
    client.post("/language", data={"lang": lang, "csrf_token": _token(client)})
    html = unescape(client.get(f"/teacher/guide/{module.id}").get_data(as_text=True))
    assert "AI4K12" in html and framework in html
    assert "· ·" not in html and "· <" not in html
    for name in used:  # every English framework name the module uses is shown translated
        assert f">{name}<" not in html and f", {name}" not in html


def _token(client):
    from ..conftest import csrf_token

    return csrf_token(client, "/teacher/classes")
