"""The programme's figures over every school: by governorate, district and month.

Only monthly reports count (a year report over the same months would count the same pupils again),
and only the current revision of each. Sums are of the cells the schools showed; a cell a school hid
adds nothing and is counted in `hidden`. The small-cell rules run again on every aggregate shown: a
sum over a district of two small schools can itself be small, so it is suppressed like a school's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

import sqlalchemy as sa

from ..reports import privacy
from ..reports.summary import grouped_bars
from ..timeutil import utcnow
from .db import session
from .models import HubCell, HubReport, HubSchool

SEXES = ("female", "male", "not_stated")
BANDS = ("1-3", "4-6", "7-9", "10-12", "not_stated")
SILENT_DAYS = 45


@dataclass
class Filters:
    governorate: str = ""
    district: str = ""
    month: str = ""  # "" = the latest month with reports

    def apply(self, query):
        if self.governorate:
            query = query.where(HubSchool.governorate == self.governorate)
        if self.district:
            query = query.where(HubSchool.district == self.district)
        return query


@dataclass
class Dashboard:
    filters: Filters
    months: list[str] = field(default_factory=list)
    month: str = ""
    reach: dict = field(default_factory=dict)  # rows, cols, cells (published), hidden
    by_month: list[dict] = field(default_factory=list)
    by_area: list[dict] = field(default_factory=list)
    silent: list[dict] = field(default_factory=list)
    broken_chains: int = 0
    schools: int = 0
    threshold: int = 9


def _current(query):
    return query.where(HubReport.current.is_(True), HubReport.kind == "month")


def show(value, threshold: int):
    """A count as the hub may show it: "<10" from 1 to the threshold."""
    if value is None:
        return None
    return privacy.small_mark(threshold) if 1 <= value <= threshold else value


def build(filters: Filters, threshold: int) -> Dashboard:
    db = session()
    base = filters.apply(sa.select(HubReport.month).join(HubSchool, HubSchool.id == HubReport.school_pk))
    months = sorted({m for m in db.scalars(_current(base).distinct()) if m}, reverse=True)
    month = filters.month if filters.month in months else (months[0] if months else "")
    board = Dashboard(filters=filters, months=months, month=month, threshold=threshold)
    board.reach = reach_grid(filters, month, threshold)
    board.by_month = by_month(filters, threshold)
    board.by_area = by_area(filters, month, threshold)
    board.silent = silent_schools(filters)
    board.schools = db.scalar(filters.apply(sa.select(sa.func.count(HubSchool.id))))
    board.broken_chains = db.scalar(_current(filters.apply(
        sa.select(sa.func.count(HubReport.id)).join(HubSchool, HubSchool.id == HubReport.school_pk)))
        .where(HubReport.chain_broken.is_(True)))
    return board


def reach_grid(filters: Filters, month: str, threshold: int) -> dict:
    """Sex × grade band with totals, suppressed again (primary and complementary rules)."""
    query = _current(filters.apply(
        sa.select(HubCell.sex, HubCell.band, sa.func.sum(HubCell.value),
                  sa.func.sum(sa.case((HubCell.value.is_(None), 1), else_=0)))
        .join(HubReport, HubReport.id == HubCell.report_pk).join(HubSchool, HubSchool.id == HubReport.school_pk)
    )).where(HubReport.month == month).group_by(HubCell.sex, HubCell.band)
    sums, hidden = {}, 0
    for sex, band, total, missing in session().execute(query):
        sums[(sex, band)] = int(total or 0)
        hidden += int(missing or 0)
    counts = [[sums.get((sex, band), 0) for band in BANDS] for sex in SEXES]
    grid = privacy.make_grid(SEXES, BANDS, counts)
    cells = privacy.suppress(grid, threshold)
    return {"rows": grid.rows, "cols": grid.cols, "cells": cells, "hidden": hidden}


def by_month(filters: Filters, threshold: int) -> list[dict]:
    query = _current(filters.apply(
        sa.select(HubReport.month, sa.func.count(HubReport.id), sa.func.sum(HubReport.reach_total),
                  sa.func.sum(HubReport.teachers_active), sa.func.sum(HubReport.instruction_hours),
                  sa.func.sum(HubReport.learning_hours), sa.func.sum(HubReport.started),
                  sa.func.sum(HubReport.completed))
        .join(HubSchool, HubSchool.id == HubReport.school_pk))).group_by(HubReport.month).order_by(HubReport.month)
    return [_figures({"month": month}, row, threshold) for month, *row in session().execute(query)]


def by_area(filters: Filters, month: str, threshold: int) -> list[dict]:
    """Per governorate, or per district once a governorate is chosen."""
    area = HubSchool.district if filters.governorate else HubSchool.governorate
    query = _current(filters.apply(
        sa.select(area, sa.func.count(HubReport.id), sa.func.sum(HubReport.reach_total),
                  sa.func.sum(HubReport.teachers_active), sa.func.sum(HubReport.instruction_hours),
                  sa.func.sum(HubReport.learning_hours), sa.func.sum(HubReport.started),
                  sa.func.sum(HubReport.completed))
        .join(HubSchool, HubSchool.id == HubReport.school_pk))).where(HubReport.month == month)
    query = query.group_by(area).order_by(area)
    return [_figures({"area": name}, row, threshold) for name, *row in session().execute(query)]


def _figures(head: dict, row, threshold: int) -> dict:
    reports, reach, teachers, hours, learning, started, completed = row
    started, completed = int(started or 0), int(completed or 0)
    rate = round(completed / started, 2) if started > threshold and completed > threshold else None
    return {**head, "schools": reports, "reach": show(int(reach or 0), threshold),
            "teachers": show(int(teachers or 0), threshold), "instruction_hours": round(float(hours or 0), 1),
            "learning_hours": round(float(learning or 0), 1), "started": show(started, threshold),
            "completed": show(completed, threshold), "completion": rate}


def silent_schools(filters: Filters, days: int = SILENT_DAYS) -> list[dict]:
    limit = utcnow() - timedelta(days=days)
    query = filters.apply(sa.select(HubSchool).where(sa.or_(
        HubSchool.last_received_at.is_(None), HubSchool.last_received_at < limit))
        .order_by(HubSchool.governorate, HubSchool.district, HubSchool.school_id))
    return [{"school_id": s.school_id, "governorate": s.governorate, "district": s.district,
             "last": s.last_received_at} for s in session().scalars(query.limit(500))]


def charts(board: Dashboard) -> dict:
    reach = board.reach
    values = tuple(tuple(_plain(v) for v in row[:len(BANDS)]) for row in reach["cells"][:len(SEXES)])
    months = tuple((m["month"], _plain(m["reach"])) for m in board.by_month)
    return {"reach": _reach_chart(values), "months": _months_chart(months) if months else ""}


def _plain(value) -> int:
    return value if isinstance(value, int) else 0


@lru_cache(maxsize=256)
def _reach_chart(values: tuple) -> str:
    return grouped_bars(list(BANDS), {sex: list(row) for sex, row in zip(SEXES, values)})


@lru_cache(maxsize=256)
def _months_chart(months: tuple) -> str:
    return grouped_bars([m for m, _v in months], {"total": [v for _m, v in months]})
