"""The Catalog the runner reads: order, lookups, rendered text, read-only, skip_broken."""
from __future__ import annotations

import dataclasses
import shutil

import pytest

from kit_server.content import load_catalog

from .conftest import BROKEN, DEMO_IDS, GOOD, NOTEBOOKS, edit


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(GOOD, DEMO_IDS, NOTEBOOKS, image_url=lambda lesson, name: f"/media/{lesson}/{name}")


def test_modules_lessons_and_steps_in_order(catalog):
    (module,) = catalog.modules
    assert (module.id, module.version, module.title["fr"]) == ("mod-a", 2, "Module")
    lesson = catalog.lesson("les-a")
    assert module.lessons == (lesson,) and catalog.lessons == (lesson,)
    assert (lesson.version, lesson.module, lesson.duration, lesson.notebook) == (3, "mod-a", 45, "nb-one")
    assert [s.kind for s in lesson.steps] == ["text", "demo", "quiz", "reflection", "notebook", "unplugged"]
    assert lesson.step_index("quiz") == 2 and lesson.step("nope") is None
    assert catalog.lesson("nope") is None and catalog.module("mod-a") is module
    assert catalog.broken == {}


def test_text_is_rendered_per_language_with_images_through_image_url(catalog):
    intro = catalog.lesson("les-a").step("intro")
    assert intro.title == {"ar": "ar intro title", "fr": "fr intro title", "en": "en intro title"}
    assert '<img src="/media/les-a/pic.svg" alt="a picture">' in intro.html["ar"]
    assert intro.html["fr"].startswith("<p>fr intro text</p>")
    assert intro.teacher.minutes == 5 and intro.teacher.say["en"] == "<p>en say</p>\n"
    assert catalog.lesson("les-a").title["ar"] == "ar lesson"
    assert catalog.lesson("les-a").objectives[0].html["fr"] == "<p>fr objective</p>\n"


def test_images_stay_relative_without_image_url():
    plain = load_catalog(GOOD, DEMO_IDS, NOTEBOOKS)
    assert '<img src="pic.svg"' in plain.lesson("les-a").step("intro").html["en"]


def test_step_kinds_carry_their_settings(catalog):
    lesson = catalog.lesson("les-a")
    play = lesson.step("play")
    assert (play.demo, dict(play.params)) == ("rules_vs_learning", {"depth": 2})
    assert play.questions[0].id == "q1" and play.questions[0].html["ar"] == "<p>ar demo question</p>\n"
    assert (lesson.step("nb").notebook, lesson.step("nb").mode) == ("nb-one", "read")
    assert lesson.step("think").max_chars == 500 and lesson.step("cards").printable is True
    quiz = lesson.step("quiz")
    assert [(i.id, i.type) for i in quiz.items] == [("one", "single"), ("many", "multiple"), ("num", "numeric"), ("order", "ordering")]
    one = quiz.item("one")
    assert [o.id for o in one.options] == ["a", "b", "c"]
    assert one.option("a").feedback["en"] == "<p>en not a</p>\n" and one.option("b").feedback == {}


def test_module_tests(catalog):
    module = catalog.module("mod-a")
    assert [i.id for i in module.pre_test] == ["p1"] and module.pre_test[0].prompt["ar"] == "<p>ar pre question</p>\n"
    assert module.post_test[0].answer == 3.0


def test_catalog_is_read_only(catalog):
    lesson = catalog.lesson("les-a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        lesson.version = 9
    with pytest.raises(TypeError):
        lesson.title["ar"] = "changed"
    with pytest.raises(TypeError):
        lesson.step("play").params["depth"] = 5


def test_skip_broken_serves_the_good_lessons_and_lists_the_others(tmp_path):
    lessons = tmp_path / "lessons"
    shutil.copytree(GOOD, lessons)
    shutil.copytree(GOOD / "mod-a/les-a", lessons / "mod-a/les-b")
    edit(lessons / "mod-a/les-b/lesson.yaml", "id: les-a", "id: les-b")
    edit(lessons / "mod-a/les-b/lesson.yaml", "order: 1", "order: 2")
    edit(lessons / "mod-a/les-b/lesson.yaml", "demo: rules_vs_learning", "demo: rules_vs_larning")
    edit(lessons / "mod-a/module.yaml", "lessons: [les-a]", "lessons: [les-a, les-b]")
    catalog = load_catalog(lessons, DEMO_IDS, NOTEBOOKS, skip_broken=True)
    assert [lesson.id for lesson in catalog.lessons] == ["les-a"]
    assert list(catalog.broken) == ["les-b"]
    (issue,) = catalog.broken["les-b"]
    assert (issue.path, issue.line, issue.key) == ("lessons/mod-a/les-b/lesson.yaml", 17, "steps[1].demo")


def test_skip_broken_with_a_broken_module_lists_each_of_its_lessons():
    catalog = load_catalog(BROKEN, DEMO_IDS, NOTEBOOKS, skip_broken=True)
    assert catalog.modules == ()
    assert set(catalog.broken) == {"unknown-key", "wrong-type", "dup-ids", "missing-text", "bad-refs",
                                   "broken/mod-b/bad-yaml", "unlisted"}
    # the module's own problems are listed with each lesson it takes down
    assert any(i.key == "lessons[6]" for i in catalog.broken["dup-ids"])


def test_image_path_serves_only_images_inside_the_owner_folder(good_copy):
    (good_copy / "mod-a/outside.svg").write_text("<svg/>", encoding="utf-8")
    catalog = load_catalog(good_copy, DEMO_IDS, NOTEBOOKS)
    path = catalog.image_path("les-a", "pic.svg")
    assert path is not None and path.read_text(encoding="utf-8").startswith("<svg")
    assert catalog.image_path("les-a", "lesson.yaml") is None  # not an image
    assert catalog.image_path("les-a", "missing.svg") is None
    assert catalog.image_path("les-a", "../outside.svg") is None  # exists, but outside the lesson
    assert catalog.image_path("mod-a", "outside.svg") is not None  # the module's own picture
    assert catalog.image_path("nobody", "pic.svg") is None
