"""Grading each quiz item type, with per-option feedback and the explanation."""
from __future__ import annotations

import pytest

from kit_server.content import AnswerError, grade_answer, grade_item, load_catalog

from .conftest import DEMO_IDS, GOOD, NOTEBOOKS


@pytest.fixture(scope="module")
def quiz():
    return load_catalog(GOOD, DEMO_IDS, NOTEBOOKS).lesson("les-a").step("quiz")


def test_single_choice(quiz):
    right = grade_answer(quiz, "one", "b")
    assert right.correct and right.feedback == {} and right.explanation["en"] == "<p>en because b</p>\n"
    correct, feedback, explanation = grade_answer(quiz, "one", "a")
    assert not correct and feedback["ar"] == "<p>ar not a</p>\n" and explanation["fr"] == "<p>fr because b</p>\n"


def test_multiple_choice_needs_the_exact_set(quiz):
    assert grade_answer(quiz, "many", ["c", "a"]).correct
    missed = grade_answer(quiz, "many", ["c"])
    assert not missed.correct and missed.feedback["en"] == "<p>en a is right</p>\n"
    extra = grade_answer(quiz, "many", ["a", "b", "c"])
    assert not extra.correct and extra.feedback["en"] == "<p>en not b</p>\n"
    assert not grade_answer(quiz, "many", []).correct


def test_numeric_with_tolerance_and_the_ways_students_type_numbers(quiz):
    for answer in (2.5, "2.55", "2,45", " 2.6 ", "٢٫٥"):
        assert grade_answer(quiz, "num", answer).correct, answer
    wrong = grade_answer(quiz, "num", 2.7)
    assert not wrong.correct and wrong.feedback["fr"] == "<p>fr try 2.5</p>\n"


def test_ordering_needs_the_exact_order(quiz):
    assert grade_answer(quiz, "order", ["first", "second", "third"]).correct
    wrong = grade_answer(quiz, "order", ["second", "first", "third"])
    assert not wrong.correct and wrong.feedback["en"] == "<p>en count</p>\n"


@pytest.mark.parametrize("item_id, answer", [
    ("one", "z"), ("one", ["b"]), ("many", "a"), ("many", ["a", "z"]),
    ("num", "two"), ("num", True), ("num", "nan"), ("order", ["first", "second"]), ("order", ["first", "first", "third"]),
    ("nope", "a"),
])
def test_malformed_answers_are_refused(quiz, item_id, answer):
    with pytest.raises(AnswerError):
        grade_answer(quiz, item_id, answer)


def test_module_test_items_grade_too():
    module = load_catalog(GOOD, DEMO_IDS, NOTEBOOKS).module("mod-a")
    assert grade_item(module.pre_test[0], "x").correct and not grade_item(module.post_test[0], "4").correct
