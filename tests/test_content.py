"""The real lessons/ folder: it must load cleanly, and the sample lesson must be complete."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit_server.content import LANGS, check, load_catalog
from kit_server.content.mdsections import split_sections

from .content.conftest import DEMO_IDS

ROOT = Path(__file__).resolve().parent.parent
LESSONS, NOTEBOOKS = ROOT / "lessons", ROOT / "notebooks"
SAMPLE = "m1-l1-rules-vs-learning"
ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]{3,}")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(LESSONS, DEMO_IDS, NOTEBOOKS)


def test_lessons_folder_has_no_problems():
    try:  # the registry also checks each demo's starting settings against its bounds
        from kit_server.demos import DEMOS as demos
    except ImportError:
        demos = DEMO_IDS
    assert [str(issue) for issue in check(LESSONS, demos, NOTEBOOKS)] == []


def test_sample_lesson_uses_every_step_kind(catalog):
    lesson = catalog.lesson(SAMPLE)
    assert lesson.module == "m1-meet-ai" and catalog.modules[0].lessons[0] is lesson
    assert {s.kind for s in lesson.steps} == {"text", "demo", "quiz", "reflection", "notebook", "unplugged"}
    assert lesson.step("flower-demo").demo == "rules_vs_learning"
    assert lesson.step("going-further").notebook == "m1-l2-nearest-neighbours"
    assert sum(s.teacher.minutes for s in lesson.steps) <= lesson.duration
    (quiz,) = [s for s in lesson.steps if s.kind == "quiz"]
    assert 3 <= len(quiz.items) <= 5
    assert {i.type for i in quiz.items} == {"single", "multiple", "numeric", "ordering"}


def test_every_wrong_option_has_feedback_in_every_language(catalog):
    for step in catalog.lesson(SAMPLE).steps:
        for item in step.items:
            assert set(item.explanation) == set(LANGS)
            for option in item.options:
                is_right = option.id == item.answer or (item.type == "multiple" and option.id in item.answer)
                if item.type in ("single", "multiple") and not is_right:
                    assert set(option.feedback) == set(LANGS), (item.id, option.id)


def test_modules_have_parallel_but_distinct_pre_and_post_tests(catalog):
    for module in catalog.modules:
        assert 8 <= len(module.pre_test) == len(module.post_test) <= 14
        assert [i.id for i in module.pre_test] == [i.id for i in module.post_test]  # parallel forms
        for lang in LANGS:
            pre = {item.prompt[lang] for item in module.pre_test}
            post = {item.prompt[lang] for item in module.post_test}
            assert not pre & post, (module.id, lang, pre & post)  # different questions
        assert set(module.title) == set(LANGS)


def _sections(folder: Path, lang: str) -> dict:
    return split_sections((folder / f"{lang}.md").read_text(encoding="utf-8"))[0]


@pytest.mark.parametrize("folder", [LESSONS / "m1-meet-ai", LESSONS / "m1-meet-ai" / SAMPLE])
def test_arabic_text_is_arabic_and_french_is_not_english(folder):
    """A copy-pasted English section in ar.md or fr.md would pass the key check; catch it here."""
    ar, fr, en = (_sections(folder, lang) for lang in LANGS)
    for key, section in ar.items():
        if LATIN_WORD.search(en[key].text):  # sections that are only numbers need no translation
            assert ARABIC.search(section.text), f"ar.md {key} has no Arabic"
            assert fr[key].text != en[key].text, f"fr.md {key} is the English text"


def test_arabic_gives_the_english_term_the_first_time():
    text = (LESSONS / "m1-meet-ai" / SAMPLE / "ar.md").read_text(encoding="utf-8")
    for term in ("(AI)", "(model)", "(machine learning)", "(algorithm)", "(label)", "(decision tree)"):
        assert term in text
