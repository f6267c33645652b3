"""Item analysis of module tests, and learning gain: what tells a teacher (and the programme)
whether a test item works and whether the class learned.

Per item: difficulty = share of students right; discrimination = point-biserial correlation
between being right on the item and the score on the *other* items of the same test (the
corrected item-rest correlation: with 8-12 items, including the item itself would inflate it).
An item is flagged when too easy (> 0.9 right), too hard (< 0.2 right) or when it discriminates
negatively (students who do well elsewhere get it wrong more often: usually a flawed key or stem).

Per module: Hake's normalised gain g = (mean post − mean pre) ÷ (100 − mean pre), over matched
pairs only (students with both tests), with n, the number of pairs. First attempts only: a retake
measures practice, not the module.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa

from ..extensions import db
from ..progress.models import ModuleTestResult

TOO_EASY, TOO_HARD = 0.9, 0.2


@dataclass(frozen=True)
class ItemStat:
    item_id: str
    n: int
    difficulty: float | None  # share right, 0..1
    discrimination: float | None  # point-biserial, -1..1; None without variation
    flags: tuple[str, ...]  # too_easy | too_hard | negative


@dataclass(frozen=True)
class Gain:
    n: int  # matched pre/post pairs
    mean_pre: float | None
    mean_post: float | None
    g: float | None  # None without pairs, or when the mean pre-test is already 100


def point_biserial(right: list[int], rest: list[float]) -> float | None:
    """Pearson correlation of a 0/1 variable with a score (= the point-biserial); None if either is constant."""
    n = len(right)
    if n < 2:
        return None
    mx, my = sum(right) / n, sum(rest) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(right, rest)) / n
    vx = sum((x - mx) ** 2 for x in right) / n
    vy = sum((y - my) ** 2 for y in rest) / n
    if vx == 0 or vy == 0:
        return None
    return cov / math.sqrt(vx * vy)


def flags_for(difficulty: float | None, discrimination: float | None) -> tuple[str, ...]:
    flags = []
    if difficulty is not None and difficulty > TOO_EASY:
        flags.append("too_easy")
    if difficulty is not None and difficulty < TOO_HARD:
        flags.append("too_hard")
    if discrimination is not None and discrimination < 0:
        flags.append("negative")
    return tuple(flags)


def item_statistics(item_ids: list[str], responses: list[dict]) -> list[ItemStat]:
    """responses: one {item id: right (bool)} per student; a missing item counts as not right."""
    matrix = [[1 if answers.get(item) else 0 for item in item_ids] for answers in responses]
    stats = []
    for k, item in enumerate(item_ids):
        right = [row[k] for row in matrix]
        rest = [sum(row) - row[k] for row in matrix]
        n = len(right)
        difficulty = sum(right) / n if n else None
        r = point_biserial(right, rest)
        stats.append(ItemStat(item, n, None if difficulty is None else round(difficulty, 3),
                              None if r is None else round(r, 3), flags_for(difficulty, r)))
    return stats


def hake_gain(pairs: list[tuple[float, float]]) -> Gain:
    """pairs: (pre %, post %) for each student who took both tests."""
    if not pairs:
        return Gain(0, None, None, None)
    mean_pre = sum(p for p, _ in pairs) / len(pairs)
    mean_post = sum(q for _, q in pairs) / len(pairs)
    g = (mean_post - mean_pre) / (100 - mean_pre) if mean_pre < 100 else None
    return Gain(len(pairs), round(mean_pre, 1), round(mean_post, 1), None if g is None else round(g, 2))


# ---- from the database ----

def _results(module_id: str, student_ids, start=None, end=None):
    query = sa.select(ModuleTestResult).where(ModuleTestResult.module_id == module_id)
    if student_ids is not None:
        query = query.where(ModuleTestResult.student_id.in_(list(student_ids)))
    if end is not None:
        query = query.where(ModuleTestResult.completed_at < end)
    rows = list(db.session.scalars(query))
    return rows if start is None else [r for r in rows if r.phase == "pre" or r.completed_at >= start]


def module_items(module, student_ids=None, start=None, end=None, counted=None) -> dict[str, list[ItemStat]]:
    """{phase: item statistics}, over first attempts at the module's current version."""
    out = {}
    results = [r for r in _results(module.id, student_ids, start, end)
               if r.module_version == module.version and (counted is None or r.student_id in counted)]
    for phase, items in (("pre", module.pre_test), ("post", module.post_test)):
        responses = [{k: bool(v.get("correct")) for k, v in (r.answers or {}).items()}
                     for r in results if r.phase == phase]
        out[phase] = item_statistics([i.id for i in items], responses) if responses else []
    return out


def module_gain(module_id: str, student_ids=None, start=None, end=None, counted=None) -> Gain:
    """Matched pairs: a pre-test and a post-test by the same student (the post in the period).
    counted: if given, only these students (the report's consent rules)."""
    scores: dict[int, dict[str, int]] = {}
    for r in _results(module_id, student_ids, start, end):
        if counted is None or r.student_id in counted:
            scores.setdefault(r.student_id, {})[r.phase] = r.score
    return hake_gain([(s["pre"], s["post"]) for s in scores.values() if "pre" in s and "post" in s])


def class_analysis(school_class, modules) -> list[dict]:
    """For the class dashboard: per module with any test handed in, its gain and its items."""
    ids = [s.id for s in school_class.students]
    taken = set(db.session.scalars(sa.select(ModuleTestResult.module_id).distinct()
                                   .where(ModuleTestResult.student_id.in_(ids)))) if ids else set()
    rows = []
    for module in modules:
        if module.id not in taken:
            continue
        stats = module_items(module, ids)
        items = {phase: [(item, stat) for item, stat in zip(module_tests_items(module, phase), stats[phase])]
                 for phase in ("pre", "post")}
        rows.append({"module": module, "gain": module_gain(module.id, ids), "items": items})
    return rows


def module_tests_items(module, phase: str):
    return module.pre_test if phase == "pre" else module.post_test
