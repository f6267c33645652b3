"""Does each module test measure what the lessons teach? Checks run by `kit lessons check`.

They do not stop the server (a weak test is not a broken lesson), but the check fails on them:
- every quiz and test item names the objective(s) it measures;
- every lesson objective has a post-test item;
- the pre- and post-test are parallel forms: the same item ids, each pair on the same objectives;
- each test has at least MIN_SCORED items;
- no cue gives the answer away: a right option far longer than the others, or "all of the above";
- the module's first and last lessons leave TEST_MINUTES free for the pre- and post-test.
A warning (not a failure) names a test option copied from a lesson quiz: students rehearse those.
"""
from __future__ import annotations

import re
from pathlib import Path

from .issues import ContentIssue, sort_issues
from .schema import LANGS
from .yamlload import key_name, line_of

MIN_SCORED = 8
TEST_MINUTES = 10  # time for the pre-test in the first lesson and the post-test in the last
LONGEST_RATIO = 1.5  # the right option at least this many times longer than every other option
LONGEST_MARGIN = 12  # ...and at least this many characters longer (short options vary a lot)
COPY_MIN_CHARS = 12  # shorter options ("Yes", "60%") are bound to repeat and give nothing away
ALL_OF_THE_ABOVE = re.compile(
    r"\b(all|none) of the above\b|toutes? les réponses|tout ce qui précède|aucune des réponses"
    r"|(كل|كلّ|جميع) ما سبق|لا شيء مما سبق", re.IGNORECASE)
MARKUP = re.compile(r"[*_`#>]|!\[[^\]]*\]\([^)]*\)")


def plain(text: str) -> str:
    return " ".join(MARKUP.sub("", text or "").split())


class _Module:
    """One module's scan result, with helpers that turn locs into issues."""

    def __init__(self, result, rel):
        self.result, self.rel = result, rel
        self.path = rel(result.folder / "module.yaml")

    def at(self, loc, message) -> ContentIssue:
        return ContentIssue(self.path, line_of(self.result.data, loc), key_name(loc), message)

    def text(self, key: str, lang: str) -> str:
        section = self.result.texts.get(lang, {}).get(key)
        return plain(section.text) if section is not None else ""


def _lesson_at(lesson, rel, loc, message) -> ContentIssue:
    return ContentIssue(rel(lesson.folder / "lesson.yaml"), line_of(lesson.data, loc), key_name(loc), message)


def _lesson_text(lesson, key, lang) -> str:
    section = lesson.texts.get(lang, {}).get(key)
    return plain(section.text) if section is not None else ""


def _cue_problems(item, text) -> list[str]:
    """Cues that give the answer away, checked in every language. text(key, lang) -> plain text."""
    found = []
    for lang in LANGS:
        for option in item.options:
            if ALL_OF_THE_ABOVE.search(text(option, lang)):
                found.append(f"option {option!r} says \"all/none of the above\" ({lang}): write a real option")
        if item.type == "single" and isinstance(item.answer, str) and item.answer in item.options:
            right = len(text(item.answer, lang))
            others = [len(text(o, lang)) for o in item.options if o != item.answer]
            if others and right >= LONGEST_RATIO * max(others) and right - max(others) >= LONGEST_MARGIN:
                found.append(f"the right option {item.answer!r} is by far the longest ({lang}: {right} characters, "
                             f"the next {max(others)}): students pick it without knowing")
    return sorted(set(found))


def _lesson_items(lesson):
    for step in lesson.steps:
        for n, item in enumerate(getattr(step, "items", ())):
            yield step, item, ("steps", _step_index(lesson, step.id), "items", n)


def _step_index(lesson, step_id) -> int:
    raw = lesson.spec.steps if lesson.spec is not None else []
    return next((i for i, s in enumerate(raw) if s.get("id") == step_id), 0)


def _check_lessons(module: _Module, rel) -> tuple[list, dict]:
    """Quiz items: objectives named, no cues. Returns (problems, lesson option texts for copy warnings)."""
    problems, quiz_options = [], {}
    for lesson in module.result.lessons:
        if lesson.spec is None:
            continue
        for step, item, loc in _lesson_items(lesson):
            if not item.objectives:
                problems.append(_lesson_at(lesson, rel, loc + ("id",), f"quiz item {item.id!r} names no objective it measures (add `objectives: [...]`)"))
            for message in _cue_problems(item, lambda o, lang: _lesson_text(lesson, f"{step.id}.{item.id}.{o}", lang)):
                problems.append(_lesson_at(lesson, rel, loc + ("options",), message))
            for option in item.options:
                words = _lesson_text(lesson, f"{step.id}.{item.id}.{option}", "en").casefold()
                if len(words) >= COPY_MIN_CHARS:
                    quiz_options.setdefault(words, f"{lesson.spec.id} {step.id}.{item.id}")
    return problems, quiz_options


def _check_tests(module: _Module, rel, quiz_options: dict) -> tuple[list, list]:
    spec, problems, warnings = module.result.spec, [], []
    tests = {"pre": spec.pre_test, "post": spec.post_test}
    for phase, items in tests.items():
        name = f"{phase}_test"
        if len(items) < MIN_SCORED:
            problems.append(module.at((name,), f"the {phase}-test has {len(items)} items: a module test needs at least {MIN_SCORED}"))
        other = {i.id: i for i in tests["post" if phase == "pre" else "pre"]}
        for n, item in enumerate(items):
            if not item.objectives:
                problems.append(module.at((name, n, "id"), f"test item {item.id!r} names no objective it measures (add `objectives: [...]`)"))
            if item.id not in other:
                problems.append(module.at((name, n, "id"), f"{phase}.{item.id} has no parallel item with the same id in the {'post' if phase == 'pre' else 'pre'}-test"))
            elif phase == "post" and set(item.objectives) != set(other[item.id].objectives):
                problems.append(module.at((name, n, "objectives"), f"pre.{item.id} measures {sorted(other[item.id].objectives)} but post.{item.id} "
                                          f"measures {sorted(item.objectives)}: a pre/post pair must measure the same objective(s)"))
            elif phase == "post" and item.type != other[item.id].type:
                problems.append(module.at((name, n, "type"), f"pre.{item.id} is {other[item.id].type} but post.{item.id} is {item.type}: parallel items have the same type"))
            for message in _cue_problems(item, lambda o, lang, p=phase, i=item: module.text(f"{p}.{i.id}.{o}", lang)):
                problems.append(module.at((name, n, "options"), message))
            for option in item.options:
                words = module.text(f"{phase}.{item.id}.{option}", "en").casefold()
                if words in quiz_options:
                    warnings.append(module.at((name, n, "options"), f"option {option!r} repeats an option of the lesson quiz {quiz_options[words]}: students have rehearsed it"))
    tested = {o for item in spec.post_test for o in item.objectives}
    for lesson in module.result.lessons:
        if lesson.spec is None:
            continue
        for n, objective in enumerate(lesson.spec.objectives):
            if objective not in tested:
                problems.append(_lesson_at(lesson, rel, ("objectives", n), f"objective {objective!r} has no post-test item in {module.path}"))
    problems += _test_time(module, rel)
    return problems, warnings


def _test_time(module: _Module, rel) -> list:
    """The first and last lessons must leave time for the tests, or teachers skip them."""
    lessons = sorted((l for l in module.result.lessons if l.spec is not None), key=lambda l: l.spec.order)
    problems = []
    for lesson, test in ((lessons[0], "pre-test"), (lessons[-1], "post-test")) if lessons else ():
        used = sum(step.minutes for step in lesson.steps)
        if used > lesson.spec.duration - TEST_MINUTES:
            problems.append(_lesson_at(lesson, rel, ("duration",), f"the steps use {used} of {lesson.spec.duration} minutes: "
                                       f"leave {TEST_MINUTES} minutes for the module's {test}"))
    return problems


def measure(lessons_dir, known_demos=None, notebooks_dir=None) -> tuple[list[ContentIssue], list[ContentIssue]]:
    """(problems, warnings) about what the module tests measure; empty lists when all is well."""
    from .loader import scan

    modules, _loose = scan(lessons_dir, known_demos, notebooks_dir)
    base = Path(lessons_dir).resolve().parent

    def rel(path: Path) -> str:
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:
            return path.as_posix()

    problems, warnings = [], []
    for result in modules:
        if result.spec is None:
            continue
        module = _Module(result, rel)
        found, quiz_options = _check_lessons(module, rel)
        test_problems, test_warnings = _check_tests(module, rel, quiz_options)
        problems += found + test_problems
        warnings += test_warnings
    return sort_issues(problems), sort_issues(warnings)
