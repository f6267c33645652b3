"""The checker names the file, line and key of every problem, and never stops at the first."""
from __future__ import annotations

import pytest

from kit_server.content import ContentError, check, load_catalog

from .conftest import BROKEN, DEMO_IDS, NOTEBOOKS, edit

# Every problem planted in tests/content/fixtures/broken, as `kit lessons check` prints it.
EXPECTED_BROKEN = """\
broken/mod-b/bad-refs/ar.md:13: intro: image file 'missing.svg' not found beside this file
broken/mod-b/bad-refs/ar.md:14: intro: image 'http://example.com/x.png' must be a file in this folder (no web addresses)
broken/mod-b/bad-refs/en.md:13: intro: image file 'missing.svg' not found beside this file
broken/mod-b/bad-refs/en.md:14: intro: image 'http://example.com/x.png' must be a file in this folder (no web addresses)
broken/mod-b/bad-refs/fr.md:13: intro: image file 'missing.svg' not found beside this file
broken/mod-b/bad-refs/fr.md:14: intro: image 'http://example.com/x.png' must be a file in this folder (no web addresses)
broken/mod-b/bad-refs/lesson.yaml:16: steps[1].demo: unknown demo 'no_such_demo' (known: {demos})
broken/mod-b/bad-refs/lesson.yaml:21: steps[2].notebook: notebook file(s) not found in notebooks/: nb-missing.ar.ipynb, nb-missing.fr.ipynb, nb-missing.en.ipynb
broken/mod-b/bad-refs/lesson.yaml:29: steps[3].items[0].answer: answer 'c' is not one of the options (a, b)
broken/mod-b/bad-refs/lesson.yaml:32: steps[3].items[1].answer: a numeric item's answer is a number
broken/mod-b/bad-yaml/lesson.yaml:3: (yaml): not valid YAML: expected the node content, but found '-'
broken/mod-b/dup-ids/lesson.yaml:9: version: duplicate key (first given on line 2)
broken/mod-b/dup-ids/lesson.yaml:14: steps[1].id: duplicate step id 'intro' (already number 1 in this list)
broken/mod-b/missing-text/ar.md:19: outro: no step, question, item or option with this id in the YAML
broken/mod-b/missing-text/en.md: (file): en.md is missing: every lesson needs its English text
broken/mod-b/missing-text/fr.md:10: intro.say: missing section `:: intro.say` (teacher notes (what to say) for step 'intro') in French
broken/mod-b/module.yaml:5: lessons[6]: no lesson folder 'ghost' beside module.yaml
broken/mod-b/module.yaml:10: pre_test[0].answer: answer 'z' is not one of the options (x, y)
broken/mod-b/unknown-key/lesson.yaml:9: colour: unknown key (allowed: id, version, module, order, duration, objectives, big_ideas, competencies, notebook, steps)
broken/mod-b/unknown-key/lesson.yaml:11: steps[0].minutes: missing required key
broken/mod-b/unknown-key/lesson.yaml:13: steps[0].minuts: unknown key (allowed: id, kind, minutes)
broken/mod-b/unlisted/lesson.yaml: (folder): this lesson folder is not listed in module.yaml `lessons`
broken/mod-b/wrong-type/lesson.yaml:5: duration: Input should be a valid integer, unable to parse string as an integer
broken/mod-b/wrong-type/lesson.yaml:7: big_ideas[0]: Input should be 'Perception', 'Representation & Reasoning', 'Learning', 'Natural Interaction' or 'Societal Impact'
broken/mod-b/wrong-type/lesson.yaml:12: steps[0].minutes: Input should be a valid integer
broken/mod-b/wrong-type/lesson.yaml:14: steps[1].kind: unknown step kind 'video' (allowed: text, demo, quiz, reflection, notebook, unplugged)
"""


def _strings(issues):
    return [str(issue) for issue in issues]


def test_every_planted_problem_is_reported_with_file_line_and_key():
    expected = EXPECTED_BROKEN.format(demos=", ".join(sorted(DEMO_IDS))).splitlines()
    assert _strings(check(BROKEN, DEMO_IDS, NOTEBOOKS)) == expected


def test_load_catalog_raises_with_all_the_problems_not_just_the_first():
    with pytest.raises(ContentError) as caught:
        load_catalog(BROKEN, DEMO_IDS, NOTEBOOKS)
    assert _strings(caught.value.issues) == _strings(check(BROKEN, DEMO_IDS, NOTEBOOKS))
    assert "lessons[6]: no lesson folder 'ghost'" in str(caught.value)


def test_issue_fields_are_separate_for_tools():
    issue = next(i for i in check(BROKEN, DEMO_IDS, NOTEBOOKS) if i.key == "colour")
    assert (issue.path, issue.line, issue.key) == ("broken/mod-b/unknown-key/lesson.yaml", 9, "colour")


def _issues(folder):
    return _strings(check(folder, DEMO_IDS, NOTEBOOKS))


LESSON = "lessons/mod-a/les-a"


def test_the_good_fixture_has_no_problems(good_copy):
    assert _issues(good_copy) == []


def test_unknown_key_inside_a_quiz_item(good_copy):
    edit(good_copy / "mod-a/les-a/lesson.yaml", "        answer: b\n", "        answr: b\n")
    assert _issues(good_copy) == [
        f"{LESSON}/lesson.yaml:27: steps[2].items[0].answr: unknown key (allowed: id, type, options, answer, tolerance, objectives)",
    ]


def test_a_step_missing_in_one_language_is_named(good_copy):
    edit(good_copy / "mod-a/les-a/fr.md", ":: think.title\nfr think title\n", "")
    assert _issues(good_copy) == [
        f"{LESSON}/fr.md:118: think.title: missing section `:: think.title` (title of step 'think') in French",
    ]


def test_text_for_a_step_that_does_not_exist(good_copy):
    edit(good_copy / "mod-a/les-a/en.md", ":: cards.title", ":: card.title")
    assert _issues(good_copy) == [
        f"{LESSON}/en.md:141: card.title: no step, question, item or option with this id in the YAML",
        f"{LESSON}/en.md:144: cards.title: missing section `:: cards.title` (title of step 'cards') in English",
    ]


def test_duplicate_and_empty_sections(good_copy):
    path = good_copy / "mod-a/les-a/ar.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n:: intro.say\nagain\n\n:: title\n", encoding="utf-8")
    issues = _issues(good_copy)
    assert f"{LESSON}/ar.md:153: intro.say: duplicate section (first on line 15)" in issues
    assert f"{LESSON}/ar.md:156: title: duplicate section (first on line 1)" in issues


def test_an_empty_required_section(good_copy):
    edit(good_copy / "mod-a/les-a/en.md", "en one?", "")
    assert _issues(good_copy) == [f"{LESSON}/en.md:48: quiz.one: empty section: write the question of item 'one'"]


def test_a_wrong_option_needs_feedback_but_the_right_one_does_not(good_copy):
    for lang in ("ar", "fr", "en"):
        edit(good_copy / f"mod-a/les-a/{lang}.md", f":: quiz.one.c.feedback\n{lang} not c\n", "")
    issues = _issues(good_copy)
    assert len(issues) == 3
    assert issues[0] == (f"{LESSON}/ar.md:64: quiz.one.c.feedback: missing section `:: quiz.one.c.feedback` "
                         "(feedback for wrong option 'c' of item 'one') in Arabic")


def test_duplicate_option_ids_and_reserved_words(good_copy):
    edit(good_copy / "mod-a/les-a/lesson.yaml", "options: [a, b, c]\n        answer: b", "options: [a, b, b, title]\n        answer: b")
    issues = _issues(good_copy)
    assert f"{LESSON}/lesson.yaml:26: steps[2].items[0].options[2]: duplicate option id 'b' (already number 2 in this list)" in issues
    assert f"{LESSON}/lesson.yaml:26: steps[2].items[0].options[3]: option id 'title' is a reserved word" in issues


def test_multiple_answer_out_of_the_options(good_copy):
    edit(good_copy / "mod-a/les-a/lesson.yaml", "answer: [a, c]", "answer: [a, d]")
    assert f"{LESSON}/lesson.yaml:31: steps[2].items[1].answer[1]: answer 'd' is not one of the options (a, b, c)" in _issues(good_copy)


def test_an_ordering_item_takes_no_answer_key(good_copy):
    edit(good_copy / "mod-a/les-a/lesson.yaml", "options: [first, second, third]", "options: [first, second, third]\n        answer: first")
    assert f"{LESSON}/lesson.yaml:39: steps[2].items[3].answer: an ordering item has no answer: write its options in the right order" in _issues(good_copy)


def test_steps_longer_than_the_lesson(good_copy):
    edit(good_copy / "mod-a/les-a/lesson.yaml", "duration: 45", "duration: 30")
    assert _issues(good_copy) == [f"{LESSON}/lesson.yaml:5: duration: the steps add up to 45 minutes, more than the lesson's 30"]


def test_ids_must_match_folders_module_and_order(good_copy):
    path = good_copy / "mod-a/les-a/lesson.yaml"
    edit(path, "id: les-a", "id: les-z")
    edit(path, "module: mod-a", "module: mod-z")
    edit(path, "order: 1", "order: 2")
    assert _issues(good_copy) == [
        f"{LESSON}/lesson.yaml:1: id: lesson id 'les-z' must be the same as its folder name 'les-a'",
        f"{LESSON}/lesson.yaml:3: module: this lesson is in module folder 'mod-a', not 'mod-z'",
        f"{LESSON}/lesson.yaml:4: order: order is 2 but module.yaml lists this lesson as number 1",
    ]


def test_a_missing_image_in_one_language_only(good_copy):
    edit(good_copy / "mod-a/les-a/fr.md", "(pic.svg)", "(pics.svg)")
    assert _issues(good_copy) == [f"{LESSON}/fr.md:13: intro: image file 'pics.svg' not found beside this file"]


def test_a_yaml_file_that_is_not_a_mapping(good_copy):
    (good_copy / "mod-a/les-a/lesson.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    assert _issues(good_copy) == [f"{LESSON}/lesson.yaml:1: (file): the file must be a list of `key: value` lines"]


def test_no_lessons_folder():
    assert _issues("/nonexistent/lessons") == ["/nonexistent/lessons: (folder): the lessons folder does not exist"]


def test_demo_settings_are_checked_against_the_demo_bounds(good_copy):
    demos = pytest.importorskip("kit_server.demos")
    edit(good_copy / "mod-a/les-a/lesson.yaml", "params: {depth: 2}", "params: {depth: 99, speed: 1}")
    assert _strings(check(good_copy, demos.DEMOS, NOTEBOOKS)) == [
        f"{LESSON}/lesson.yaml:18: steps[1].params.depth: Input should be less than or equal to 5",
        f"{LESSON}/lesson.yaml:18: steps[1].params.speed: unknown setting for this demo",
    ]


def test_ids_and_orders_are_unique_across_modules(good_copy):
    import shutil

    shutil.copytree(good_copy / "mod-a", good_copy / "mod-c")
    edit(good_copy / "mod-c/module.yaml", "id: mod-a", "id: mod-c")
    edit(good_copy / "mod-c/les-a/lesson.yaml", "module: mod-a", "module: mod-c")
    assert _issues(good_copy) == [
        "lessons/mod-c/les-a/lesson.yaml:1: id: duplicate lesson id, also used in lessons/mod-a/les-a",
        "lessons/mod-c/module.yaml:3: order: module 'mod-a' has the same order 1",
    ]
