"""The projector's numbers for one quiz item, from each student's latest answer.

Everything is counted by option id, never by position on the student's screen (options may be
shown shuffled). One definition per number:
- single / multiple: per option, the answers that chose (ticked) it; a "tick all that apply"
  answer counts once for every option ticked. Bars are a share of the answers, so they never cap.
- numeric: a histogram of the numbers typed, in bins of a round width.
- ordering: per option, the answers that put it in its right place.
What is right is added only once the teacher has revealed the answer.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter

from ..content.grading import AnswerError
from ..content.grading import _to_number as to_number  # the grader's own reading of a typed number

MAX_BINS = 10


def item_tally(item, answers: list, revealed: bool) -> dict:
    """answers: the stored payloads ({"answer", "correct"}) of the students who answered the item."""
    count = {"single": _options, "multiple": _options, "numeric": _numeric, "ordering": _ordering}[item.type]
    tally = {"type": item.type, "total": len(answers), **count(item, [a["answer"] for a in answers], revealed)}
    if revealed:
        tally["right_count"] = sum(1 for a in answers if a["correct"])
    return tally


def chosen_ids(answer) -> set:
    """The option ids one single or multiple answer chose."""
    return {answer} if isinstance(answer, str) else set(answer)


def _options(item, answers: list, revealed: bool) -> dict:
    counts = Counter(oid for answer in answers for oid in chosen_ids(answer))
    right = {item.answer} if item.type == "single" else set(item.answer)
    rows = [{"key": o.id, "count": counts[o.id]} for o in item.options]
    if revealed:
        for row in rows:
            row["right"] = row["key"] in right
    return {"rows": rows}


def _ordering(item, answers: list, revealed: bool) -> dict:
    in_place = Counter(oid for answer in answers for pos, oid in enumerate(answer)
                       if pos < len(item.answer) and item.answer[pos] == oid)
    order = list(item.answer) if revealed else neutral_order(item)
    rows = [{"key": oid, "count": in_place[oid]} for oid in order]
    if revealed:
        for position, row in enumerate(rows, start=1):
            row["position"] = position
    return {"rows": rows}


def neutral_order(item) -> list[str]:
    """Ordering items are written in the right order: list them in an order that gives nothing away
    (fixed per item, so the rows do not jump between refreshes)."""
    ids = sorted(item.answer, key=lambda oid: hashlib.sha1(f"{item.id}/{oid}".encode()).hexdigest())
    if ids == list(item.answer) and len(ids) > 1:
        ids = ids[1:] + ids[:1]
    return ids


def numbers(answers: list) -> list[float]:
    values = []
    for answer in answers:
        try:
            values.append(to_number(answer))
        except AnswerError:  # stored answers were graded, so this does not happen; skip, never crash
            continue
    return values


def _numeric(item, answers: list, revealed: bool) -> dict:
    rows = [_bin_row(low, high, closed, values) for low, high, closed, values in histogram(numbers(answers))]
    if revealed:
        lo, hi = item.answer - item.tolerance, item.answer + item.tolerance
        for row in rows:
            row["right"] = row["low"] <= hi + 1e-9 and (row["high"] >= lo - 1e-9)
        return {"rows": rows, "answer": _label(item.answer), "tolerance": _label(item.tolerance)}
    return {"rows": rows}


def _bin_row(low, high, closed, values) -> dict:
    label = _label(low) if low == high else f"{_label(low)} – {_label(high)}"
    return {"key": f"{low!r}:{high!r}", "label": label, "low": low, "high": high, "closed": closed,
            "count": len(values)}


def histogram(values: list[float]) -> list[tuple[float, float, bool, list[float]]]:
    """(low, high, closed, values) per bin: one bin per number when there are few different numbers,
    else bins of a round width (1, 2 or 5 × 10^k) from the smallest to the largest; each bin holds
    low ≤ v < high, the last also v = high (closed)."""
    distinct = sorted(set(values))
    if len(distinct) <= MAX_BINS:
        return [(v, v, True, [x for x in values if x == v]) for v in distinct]
    width = _round_width((distinct[-1] - distinct[0]) / MAX_BINS)
    start = math.floor(distinct[0] / width) * width
    if start > distinct[0]:  # float rounding
        start -= width
    count = max(1, math.ceil((distinct[-1] - start) / width))
    while start + count * width < distinct[-1]:  # float rounding
        count += 1
    edges = [start + i * width for i in range(count + 1)]
    bins = []
    for i in range(count):
        low, high, closed = edges[i], edges[i + 1], i == count - 1
        inside = [x for x in values if low <= x and (x <= high if closed else x < high)]
        bins.append((low, high, closed, inside))
    return bins


def _round_width(raw: float) -> float:
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= raw)


def _label(value: float) -> str:
    return f"{round(value, 6):g}"
