"""Checks pydantic cannot express: ids, answers and which texts must exist.

Each check returns (loc, message) pairs; the loader turns a loc into the
file line of that key. Keeping them here keeps the loader about files only.
"""
from __future__ import annotations

from collections.abc import Iterable

from .schema import RESERVED, QuizItemSpec

Problem = tuple[tuple, str]


def check_ids(ids: Iterable[str], loc: tuple, what: str) -> list[Problem]:
    """Duplicate and reserved ids, reported at the later duplicate."""
    problems, seen = [], {}
    for index, value in enumerate(ids):
        if value in RESERVED:
            problems.append((loc + (index,), f"{what} id {value!r} is a reserved word"))
        if value in seen:
            problems.append((loc + (index,), f"duplicate {what} id {value!r} (already number {seen[value] + 1} in this list)"))
        seen.setdefault(value, index)
    return problems


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_item(item: QuizItemSpec, loc: tuple) -> list[Problem]:
    """Does the answer fit the item type and its options?"""
    problems = check_ids(item.options, loc + ("options",), "option")
    if item.id in RESERVED:
        problems.append((loc + ("id",), f"item id {item.id!r} is a reserved word"))
    options, answer = item.options, item.answer
    listed = ", ".join(options)
    if item.type != "numeric" and len(options) < 2:
        problems.append((loc + ("options",), f"a {item.type} item needs at least 2 options"))
    if item.type == "numeric" and options:
        problems.append((loc + ("options",), "a numeric item has no options"))
    if item.type != "numeric" and item.tolerance:
        problems.append((loc + ("tolerance",), "only a numeric item has a tolerance"))
    if item.type == "single":
        if not isinstance(answer, str):
            problems.append((loc + ("answer",), "a single item's answer is one option id"))
        elif answer not in options:
            problems.append((loc + ("answer",), f"answer {answer!r} is not one of the options ({listed})"))
    elif item.type == "multiple":
        if not isinstance(answer, list) or not answer:
            problems.append((loc + ("answer",), "a multiple item's answer is a list of option ids"))
        else:
            for index, value in enumerate(answer):
                if value not in options:
                    problems.append((loc + ("answer", index), f"answer {value!r} is not one of the options ({listed})"))
            if len(set(map(str, answer))) != len(answer):
                problems.append((loc + ("answer",), "an option is listed twice in the answer"))
    elif item.type == "numeric":
        if not _is_number(answer):
            problems.append((loc + ("answer",), "a numeric item's answer is a number"))
    elif answer is not None:
        problems.append((loc + ("answer",), "an ordering item has no answer: write its options in the right order"))
    return problems


def item_keys(prefix: str, item: QuizItemSpec, feedback_required: bool) -> dict[str, tuple[bool, str]]:
    """Markdown sections an item needs: key -> (required, what it is)."""
    where = f"item {item.id!r}"
    keys = {
        f"{prefix}": (True, f"question of {where}"),
        f"{prefix}.explanation": (feedback_required, f"explanation of {where}"),
    }
    if item.type in ("numeric", "ordering"):
        keys[f"{prefix}.wrong"] = (feedback_required, f"feedback for a wrong answer to {where}")
    correct = set(item.answer) if isinstance(item.answer, list) else {item.answer}
    for option in item.options:
        if option in RESERVED:
            continue  # already an error; its sections would only add noise
        keys[f"{prefix}.{option}"] = (True, f"text of option {option!r} of {where}")
        needs_feedback = feedback_required and item.type in ("single", "multiple") and option not in correct
        keys[f"{prefix}.{option}.feedback"] = (needs_feedback, f"feedback for wrong option {option!r} of {where}")
    return keys


def lesson_keys(objectives, steps) -> dict[str, tuple[bool, str]]:
    """Every Markdown section a lesson may have; required ones must exist."""
    keys = {"title": (True, "lesson title")}
    for objective in objectives:
        keys[f"objective.{objective}"] = (True, f"objective {objective!r}")
    for step in steps:
        where = f"step {step.id!r}"
        keys[step.id] = (True, f"text of {where}")
        keys[f"{step.id}.title"] = (True, f"title of {where}")
        keys[f"{step.id}.say"] = (True, f"teacher notes (what to say) for {where}")
        keys[f"{step.id}.misconceptions"] = (True, f"teacher notes (misconceptions) for {where}")
        for question in getattr(step, "questions", ()):
            keys[f"{step.id}.{question}"] = (True, f"question {question!r} of {where}")
        for item in getattr(step, "items", ()):
            keys.update(item_keys(f"{step.id}.{item.id}", item, feedback_required=True))
    return keys


def module_keys(module) -> dict[str, tuple[bool, str]]:
    """Pre-test and post-test texts; feedback is optional in tests."""
    keys: dict[str, tuple[bool, str]] = {}
    for name, items in (("pre", module.pre_test), ("post", module.post_test)):
        for item in items:
            keys.update(item_keys(f"{name}.{item.id}", item, feedback_required=False))
    return keys


def check_item_objectives(item: QuizItemSpec, loc: tuple, known: set[str], where: str) -> list[Problem]:
    """An item may only name objectives that exist (in its lesson, or in its module's lessons)."""
    problems = check_ids(item.objectives, loc + ("objectives",), "objective")
    listed = ", ".join(sorted(known))
    return problems + [(loc + ("objectives", n), f"unknown objective {o!r}: not an objective of {where} ({listed})")
                       for n, o in enumerate(item.objectives) if o not in known]
