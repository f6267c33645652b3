"""Grade one quiz answer: right or wrong, the feedback to show, and why.

The browser sends answers as option ids (or a number); anything malformed is
an AnswerError so the caller can answer 400 instead of recording nonsense.
"""
from __future__ import annotations

import math
from typing import Any, Mapping, NamedTuple

from .model import QuizItem, Step, frozen_map

# Students may type Eastern Arabic digits and the Arabic decimal comma.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫,", "01234567890123456789..")


class AnswerError(ValueError):
    """The answer does not fit the item (unknown option, not a number...)."""


class Grade(NamedTuple):
    correct: bool
    feedback: Mapping[str, str]  # language -> HTML
    explanation: Mapping[str, str]  # language -> HTML


def grade_answer(step: Step, item_id: str, answer: Any) -> Grade:
    item = step.item(item_id)
    if item is None:
        raise AnswerError(f"no quiz item {item_id!r} in step {step.id!r}")
    return grade_item(item, answer)


def grade_item(item: QuizItem, answer: Any) -> Grade:
    grader = {
        "single": _single,
        "multiple": _multiple,
        "numeric": _numeric,
        "ordering": _ordering,
    }[item.type]
    correct, feedback = grader(item, answer)
    return Grade(correct, frozen_map(feedback), item.explanation)


def _option_ids(item: QuizItem, answer: Any) -> list[str]:
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        raise AnswerError("expected a list of option ids")
    ids = list(answer)
    known = {o.id for o in item.options}
    unknown = [a for a in ids if a not in known]
    if unknown:
        raise AnswerError(f"unknown option(s): {unknown}")
    return ids


def _single(item: QuizItem, answer: Any):
    if not isinstance(answer, str) or item.option(answer) is None:
        raise AnswerError("expected one option id")
    return answer == item.answer, item.option(answer).feedback


def _multiple(item: QuizItem, answer: Any):
    chosen = set(_option_ids(item, answer))
    correct = chosen == set(item.answer)
    # Show the feedback of every option the student got wrong: chosen but not
    # right, or right but not chosen; each explains its own mistake.
    wrong = [o for o in item.options if (o.id in chosen) != (o.id in item.answer)]
    return correct, _join([o.feedback for o in wrong if o.feedback])


def _numeric(item: QuizItem, answer: Any):
    value = _to_number(answer)
    correct = abs(value - item.answer) <= item.tolerance + 1e-9
    return correct, ({} if correct else item.wrong)


def _ordering(item: QuizItem, answer: Any):
    ids = _option_ids(item, answer)
    if sorted(ids) != sorted(item.answer):
        raise AnswerError("an ordering answer must use every option once")
    correct = tuple(ids) == tuple(item.answer)
    return correct, ({} if correct else item.wrong)


def _to_number(answer: Any) -> float:
    if isinstance(answer, bool):
        raise AnswerError("expected a number")
    if isinstance(answer, (int, float)):
        value = float(answer)
    elif isinstance(answer, str):
        text = answer.strip().translate(_DIGITS).replace(" ", "")
        try:
            value = float(text)
        except ValueError:
            raise AnswerError("expected a number") from None
    else:
        raise AnswerError("expected a number")
    if not math.isfinite(value):
        raise AnswerError("expected a number")
    return value


def _join(texts) -> dict[str, str]:
    out: dict[str, str] = {}
    for text in texts:
        for lang, html in text.items():
            out[lang] = out[lang] + "\n" + html if lang in out else html
    return out
