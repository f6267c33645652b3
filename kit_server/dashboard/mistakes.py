"""The most common mistake on one quiz item, from the students' first answers.

One definition per item type, so the dashboard never names a right option as "the wrong answer":
- single: the wrong option chosen most often;
- multiple: the wrong *combination* ticked most often (the whole set, which may hold right options
  too, and is shown as a set), plus the right option missed most often and the wrong option ticked
  most often;
- numeric: the wrong number typed most often;
- ordering: the wrong order given most often (as option ids in the student's order).
Ties go to the option (or answer) that comes first in the item, so the page never flickers.
Counts are of students (one first answer each).
"""
from __future__ import annotations

from collections import Counter

from ..live.tally import chosen_ids, numbers


def common_mistakes(item, firsts: list[dict]) -> dict:
    """firsts: each student's first attempt ({"answer", "correct"}) at the item."""
    wrong = [a["answer"] for a in firsts if not a["correct"]]
    found = {"single": _single, "multiple": _multiple, "numeric": _numeric, "ordering": _ordering}[item.type]
    return {"wrong": len(wrong), **found(item, wrong, [a["answer"] for a in firsts])}


def _top(counter: Counter, rank) -> tuple | None:
    """(value, count) of the most frequent value; ties broken by rank(value)."""
    if not counter:
        return None
    value = min(counter, key=lambda v: (-counter[v], rank(v)))
    return value, counter[value]


def _position(item):
    order = {o.id: i for i, o in enumerate(item.options)}
    return lambda ids: tuple(sorted(order.get(i, len(order)) for i in ids))


def _single(item, wrong: list, _all: list) -> dict:
    top = _top(Counter(wrong), _position(item))
    return {"option": top} if top else {}


def _multiple(item, wrong: list, answers: list) -> dict:
    rank = _position(item)
    combos = Counter(frozenset(chosen_ids(a)) for a in wrong)
    right = set(item.answer)
    missed = Counter(oid for a in answers for oid in right - chosen_ids(a))
    extra = Counter(oid for a in answers for oid in chosen_ids(a) - right)
    top = _top(combos, rank)
    one = lambda oid: rank([oid])  # noqa: E731 - a one-line sort key
    return {
        # the ids in the item's own order; an empty combination means "ticked nothing"
        "combination": (sorted(top[0], key=one), top[1]) if top else None,
        "missed": _top(missed, one),
        "wrongly_ticked": _top(extra, one),
    }


def _numeric(item, wrong: list, _all: list) -> dict:
    values = Counter(numbers(wrong))
    top = _top(values, lambda v: v)
    return {"number": (f"{round(top[0], 6):g}", top[1])} if top else {}


def _ordering(item, wrong: list, _all: list) -> dict:
    orders = Counter(tuple(a) for a in wrong)
    top = _top(orders, lambda order: order)
    return {"order": (list(top[0]), top[1])} if top else {}
