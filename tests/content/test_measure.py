"""`kit lessons check` also checks what the module tests measure (content/measure.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit_server.content import check
from kit_server.content.cli import lessons
from kit_server.content.measure import measure

from .conftest import GOOD, NOTEBOOKS, edit

ROOT = Path(__file__).resolve().parent.parent.parent
M1 = "m1-meet-ai"


@pytest.fixture
def shipped(tmp_path):
    """A writable copy of the real lessons (and notebooks beside them)."""
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    return tmp_path / "lessons"


def _check(path: Path):
    result = CliRunner().invoke(lessons, ["check", str(path)])
    return result.exit_code, result.stdout, result.stderr


def test_the_shipped_lessons_pass_with_no_warning():
    problems, warnings = measure(ROOT / "lessons")
    assert problems == [] and warnings == []
    code, out, _err = _check(ROOT / "lessons")
    assert code == 0 and out.endswith("lessons OK\n")


def test_an_objective_with_no_post_test_item_fails(shipped):
    module = shipped / M1 / "module.yaml"
    edit(module, "objectives: [judge-by-similar]", "objectives: [who-decides]", count=2)  # pre and post
    code, out, _err = _check(shipped)
    assert code == 1
    assert ("lessons/m1-meet-ai/m1-l2-nearest-neighbours/lesson.yaml:10: objectives[2]: "
            "objective 'judge-by-similar' has no post-test item in lessons/m1-meet-ai/module.yaml") in out.splitlines()


def test_a_pre_post_pair_on_different_objectives_fails(shipped):
    module = shipped / M1 / "module.yaml"
    text = module.read_text(encoding="utf-8")
    post = text.index("post_test:")
    module.write_text(text[:post] + text[post:].replace("objectives: [bias-from-data]", "objectives: [fairer-data]", 1),
                      encoding="utf-8")
    code, out, _err = _check(shipped)
    assert code == 1
    assert "pre.bias measures ['bias-from-data'] but post.bias measures ['fairer-data']" in out


def test_an_item_without_its_parallel_item_fails(shipped):
    edit(shipped / M1 / "module.yaml", "  - id: who-decides\n", "  - id: who-chooses\n")  # the pre item only
    for lang in ("ar", "fr", "en"):
        path = shipped / M1 / f"{lang}.md"
        path.write_text(path.read_text(encoding="utf-8").replace(":: pre.who-decides", ":: pre.who-chooses"), encoding="utf-8")
    code, out, _err = _check(shipped)
    assert code == 1
    assert "pre.who-chooses has no parallel item with the same id in the post-test" in out
    assert "post.who-decides has no parallel item with the same id in the pre-test" in out


def test_cues_that_give_the_answer_away_fail(shipped):
    en = shipped / M1 / "en.md"
    edit(en, "A photo app that learned to find your friends' faces",
         "A photo app that learned, from thousands of labelled pictures, to find your friends' faces")
    edit(en, ":: post.neighbours.cannot-tell\nIt cannot decide", ":: post.neighbours.cannot-tell\nAll of the above")
    code, out, _err = _check(shipped)
    assert code == 1
    assert "the right option 'photo-tagging' is by far the longest (en:" in out
    assert "option 'cannot-tell' says \"all/none of the above\" (en)" in out


def test_an_item_that_names_no_objective_fails(shipped):
    edit(shipped / M1 / "m1-l1-rules-vs-learning/lesson.yaml", "        objectives: [spot-ai]\n", "")
    code, out, _err = _check(shipped)
    assert code == 1
    assert "quiz item 'which-ai' names no objective it measures" in out


def test_an_objective_that_does_not_exist_is_a_loading_error(shipped):
    edit(shipped / M1 / "module.yaml", "objectives: [spot-ai]", "objectives: [spot-ia]")
    assert any("unknown objective 'spot-ia'" in str(issue) for issue in check(shipped, None, None))


def test_the_first_lesson_leaves_ten_minutes_for_the_pre_test(shipped):
    edit(shipped / M1 / "m1-l1-rules-vs-learning/lesson.yaml", "  - id: hook\n    kind: text\n    minutes: 3",
         "  - id: hook\n    kind: text\n    minutes: 10")
    code, out, _err = _check(shipped)
    assert code == 1
    assert "the steps use 42 of 45 minutes: leave 10 minutes for the module's pre-test" in out


def test_an_option_copied_from_a_lesson_quiz_is_only_a_warning(shipped):
    edit(shipped / M1 / "en.md", ":: post.bias.loud\nLoud voices", ":: post.bias.loud\nA calculator that does big sums in a second")
    code, out, err = _check(shipped)
    assert code == 0 and out.endswith("lessons OK\n")
    assert "warning:" in err and "repeats an option of the lesson quiz m1-l1-rules-vs-learning check.which-ai" in err


def test_a_module_test_needs_eight_items(tmp_path):
    shutil.copytree(GOOD, tmp_path / "lessons")
    shutil.copytree(NOTEBOOKS, tmp_path / "notebooks")
    code, out, _err = _check(tmp_path / "lessons")
    assert code == 1
    assert "the pre-test has 1 items: a module test needs at least 8" in out
