"""Computes a usage report from the database: counts and means only, every count table suppressed.

Each indicator is defined in README.md next to this file. Students without consent are dropped at
the very start (`counted_students`), so no later step can count them by mistake.
"""
from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from .. import __version__
from ..assignments.models import Assignment, assignment_student
from ..auth.models import SEXES, Student
from ..classes.models import SchoolClass
from ..extensions import db
from ..live.models import LiveSession, SessionAttendance
from ..progress.models import LessonProgress, ModuleTestResult, ProgressEvent
from ..timeutil import utcnow
from . import privacy
from .consent import counted_students
from .period import Period

SCHEMA_VERSION = 1
REPORT_TYPE = "usage"
# A fixed namespace so that the same school, period, type and revision always give the same id.
REPORT_NAMESPACE = uuid.UUID("6c1f0b9e-3d5a-5e59-9a57-2b1c8f0e4d21")
GRADE_BANDS = (("1-3", 1, 3), ("4-6", 4, 6), ("7-9", 7, 9), ("10-12", 10, 12))
NOT_STATED = "not_stated"
IDLE_CUTOFF_SECONDS = 10 * 60  # a longer pause ends a sitting
SITTING_CAP_SECONDS = 2 * 3600  # nobody learns more than two hours in one sitting
SESSION_CAP_SECONDS = 3 * 3600  # a live session left open all day counts three hours at most
PASS_MARK = 60
Progress = Callable[..., None]  # progress(phase, done=None, total=None), as a job reports
PROGRESS_COLS = ("assigned", "started", "completed")
TEST_COLS = ("passed", "not_passed")


def report_id(school_uid: str, period: Period, revision: int, kind: str = REPORT_TYPE) -> str:
    name = f"{school_uid}|{period.start.isoformat()}|{period.end.isoformat()}|{kind}|{revision}"
    return str(uuid.uuid5(REPORT_NAMESPACE, name))


def grade_band(grade: int | None) -> str:
    for label, low, high in GRADE_BANDS:
        if grade is not None and low <= grade <= high:
            return label
    return NOT_STATED


@dataclass
class Population:
    """The counted students, each reduced to what a report may use: sex and grade band."""

    sex: dict[int, str] = field(default_factory=dict)
    band: dict[int, str] = field(default_factory=dict)
    class_of: dict[int, int] = field(default_factory=dict)
    tests_ok: set[int] = field(default_factory=set)


def load_population(on: date) -> Population:
    counted, tests = counted_students(on)
    people = Population(tests_ok=tests)
    rows = db.session.execute(
        sa.select(Student.id, Student.sex, Student.grade, SchoolClass.grade, Student.class_id)
        .join(SchoolClass, SchoolClass.id == Student.class_id)
    ).all()
    for sid, sex, grade, class_grade, class_id in rows:
        if sid in counted:
            people.sex[sid] = sex if sex in SEXES else NOT_STATED
            people.band[sid] = grade_band(grade if grade is not None else class_grade)
            people.class_of[sid] = class_id
    return people


def build_report(*, school, period: Period, revision: int, catalog, previous: list[dict] = (),
                 pass_mark: int = PASS_MARK, on_step: Progress | None = None) -> dict:
    """The whole report as a dict, ready for canonical JSON. `previous`: earlier published reports
    of this school over nested periods (for the consecutive-period rule)."""
    on_step = on_step or (lambda *_args: None)
    threshold = school.report_threshold
    on_step("read")
    people = load_population(period.end)
    start, end = period.bounds()
    pairs, learners, learning_seconds = _scan_events(start, end, people)
    active = {sid for sid, _lesson in pairs} | _other_activity(start, end, people)
    tables: dict[str, privacy.Grid] = {"reach": _reach_grid(active, people)}
    modules = _module_ids(catalog, start, end)
    per_module = {}
    for number, (module_id, lessons) in enumerate(modules.items()):
        on_step("count", number + 1, len(modules))
        progress = _module_progress(module_id, lessons, pairs, people, start, end)
        tests = _module_tests(module_id, people, start, end, pass_mark)
        tables[f"progress:{module_id}"] = _by_sex(progress, PROGRESS_COLS, people.sex, row_sums=False)
        tables[f"tests:{module_id}"] = _by_sex(tests["counts"], TEST_COLS, people.sex)
        tables[f"pre_only:{module_id}"] = _by_sex(tests["pre_only"], ("pre_only",), people.sex, row_sums=False)
        per_module[module_id] = (progress, tests)
    tables["completion_all"] = _completion_all(per_module, people.sex)
    published = _suppress_all(tables, threshold, previous)
    report = {
        "schema_version": SCHEMA_VERSION,
        "type": REPORT_TYPE,
        "report_id": report_id(school.uid, period, revision),
        "revision": revision,
        "school_id": school.uid,
        "kit_version": __version__,
        "generated_at": utcnow().replace(microsecond=0).isoformat() + "Z",
        "period": period.as_dict(),
        "threshold": threshold,
        "completeness": _completeness(start, end),
        "tables": published,
        "indicators": _indicators(start, end, active, people, threshold, published, learners, learning_seconds),
        "modules": {mid: _module_summary(mid, published, per_module[mid][1], people.sex) for mid in modules},
    }
    return report


# ---- activity --------------------------------------------------------------------------------


def _other_activity(start, end, people: Population) -> set[int]:
    """Students seen in a live session or who took a module test in the period."""
    came = db.session.scalars(
        sa.select(SessionAttendance.student_id).distinct()
        .where(SessionAttendance.first_seen >= start, SessionAttendance.first_seen < end)
    ).all()
    tested = db.session.scalars(
        sa.select(ModuleTestResult.student_id).distinct()
        .where(ModuleTestResult.completed_at >= start, ModuleTestResult.completed_at < end)
    ).all()
    return {sid for sid in (*came, *tested) if sid in people.sex}


def _reach_grid(active: set[int], people: Population) -> privacy.Grid:
    bands = [label for label, _low, _high in GRADE_BANDS] + [NOT_STATED]
    counts = {(sex, band): 0 for sex in SEXES for band in bands}
    for sid in active:
        counts[(people.sex[sid], people.band[sid])] += 1
    return privacy.make_grid(SEXES, bands, [[counts[(sex, band)] for band in bands] for sex in SEXES])


def _by_sex(students_by_col: dict[str, set[int]], cols, sex_of: dict, *, row_sums=True) -> privacy.Grid:
    """A sexes × measures table of student counts (with a total row; with a total column only when
    the measures split the students, like passed / not passed)."""
    return privacy.make_grid(SEXES, cols, [[sum(1 for sid in students_by_col[col] if sex_of[sid] == sex)
                                            for col in cols] for sex in SEXES], row_sums=row_sums)


def _module_ids(catalog, start, end) -> dict[str, tuple[str, ...]]:
    """Modules of the catalog (with their lessons) plus any module only seen in tests or assignments."""
    modules = {m.id: tuple(lesson.id for lesson in m.lessons) for m in getattr(catalog, "modules", ())}
    for (module_id,) in db.session.execute(sa.select(ModuleTestResult.module_id).distinct()):
        modules.setdefault(module_id, ())
    for (module_id,) in db.session.execute(sa.select(Assignment.module_id).distinct()):
        modules.setdefault(module_id, ())
    return dict(sorted(modules.items()))


def _module_progress(module_id, lessons, pairs, people, start, end) -> dict[str, set[int]]:
    lesson_set = set(lessons)
    started = {sid for sid, lesson in pairs if lesson in lesson_set}
    completed = set()
    if lessons:
        done = db.session.execute(
            sa.select(LessonProgress.student_id, sa.func.count(), sa.func.max(LessonProgress.completed_at))
            .where(LessonProgress.lesson_id.in_(lessons), LessonProgress.status == "completed",
                   LessonProgress.completed_at < end)
            .group_by(LessonProgress.student_id)
        ).all()
        completed = {sid for sid, n, last in done if n >= len(lesson_set) and last >= start and sid in people.sex}
    started |= completed  # finishing in the period is activity in it
    return {"assigned": _assigned(module_id, people, end), "started": started, "completed": completed}


def _assigned(module_id, people: Population, end) -> set[int]:
    assignments = db.session.execute(
        sa.select(Assignment.id, Assignment.class_id)
        .where(Assignment.module_id == module_id, Assignment.created_at < end)
    ).all()
    chosen = defaultdict(set)
    for assignment_id, student_id in db.session.execute(
            sa.select(assignment_student.c.assignment_id, assignment_student.c.student_id)
            .where(assignment_student.c.assignment_id.in_([a for a, _c in assignments]))):
        chosen[assignment_id].add(student_id)
    students = set()
    for assignment_id, class_id in assignments:
        members = chosen.get(assignment_id) or {sid for sid, cid in people.class_of.items() if cid == class_id}
        students |= {sid for sid in members if sid in people.sex}
    return students


def _module_tests(module_id, people: Population, start, end, pass_mark) -> dict:
    rows = db.session.execute(
        sa.select(ModuleTestResult.student_id, ModuleTestResult.phase, ModuleTestResult.score,
                  ModuleTestResult.completed_at)
        .where(ModuleTestResult.module_id == module_id, ModuleTestResult.completed_at < end)
    ).all()
    pre, post = {}, {}
    for sid, phase, score, when in rows:
        if sid in people.tests_ok:
            (pre if phase == "pre" else post)[sid] = (score, when)
    matched = {sid: (pre[sid][0], post[sid][0]) for sid in pre if sid in post and post[sid][1] >= start}
    pre_only = {sid for sid in pre if sid not in post and pre[sid][1] >= start}
    passed = {sid for sid, (_a, b) in matched.items() if b >= pass_mark}
    return {"counts": {"passed": passed, "not_passed": set(matched) - passed}, "pre_only": {"pre_only": pre_only},
            "matched": matched}


def _completion_all(per_module, sex_of) -> privacy.Grid:
    """Student-module pairs started and completed, all modules together: the completion parity."""
    started = defaultdict(int)
    completed = defaultdict(int)
    for progress, _tests in per_module.values():
        for sid in progress["started"]:
            started[sex_of[sid]] += 1
        for sid in progress["completed"]:
            completed[sex_of[sid]] += 1
    return privacy.make_grid(SEXES, ("started", "completed"), [[started[s], completed[s]] for s in SEXES],
                             row_sums=False)


def _suppress_all(tables: dict, threshold: int, previous: list[dict]) -> dict:
    published = {}
    for key, grid in tables.items():
        earlier = [p["tables"][key]["cells"] for p in previous
                   if key in p.get("tables", {}) and p["tables"][key]["rows"] == grid.rows
                   and p["tables"][key]["cols"] == grid.cols]
        cells = privacy.suppress(grid, threshold, earlier)
        published[key] = {"rows": grid.rows, "cols": grid.cols, "cells": cells}
    return published


# ---- scalar indicators -----------------------------------------------------------------------


def _indicators(start, end, active, people, threshold, published, learners, learning_seconds) -> dict:
    sessions = db.session.execute(
        sa.select(LiveSession.id, LiveSession.teacher_id, LiveSession.class_id, LiveSession.started_at,
                  LiveSession.ended_at)
        .where(LiveSession.started_at >= start, LiveSession.started_at < end)
    ).all()
    seconds = sum(min(((ended or started) - started).total_seconds(), SESSION_CAP_SECONDS)
                  for _i, _t, _c, started, ended in sessions)
    classes = {people.class_of[sid] for sid in active}
    teachers = set(db.session.scalars(sa.select(SchoolClass.teacher_id).where(SchoolClass.id.in_(classes))))
    teachers |= {t for _i, t, _c, _s, _e in sessions if t is not None}
    teachers |= set(db.session.scalars(sa.select(Assignment.created_by).where(
        Assignment.created_at >= start, Assignment.created_at < end, Assignment.created_by.is_not(None))))
    reach = published["reach"]["cells"]
    completion = published["completion_all"]["cells"]
    return {
        "teachers_active": len(teachers),
        "classes_active": len(classes),
        "live_sessions": len(sessions),
        "instruction_hours": round(seconds / 3600, 1),
        # Hours of a handful of children are about those children: hidden like a small count.
        "learning_hours": round(learning_seconds / 3600, 1) if not 1 <= learners <= threshold else privacy.COMPLEMENT,
        "gpi_reach": _ratio(reach[0][-1], reach[1][-1]),
        "gpi_completion": _ratio(_rate(completion[0][1], completion[0][0]), _rate(completion[1][1], completion[1][0])),
        "model_makers": _model_makers(start, end, threshold),
    }


def _model_makers(start, end, threshold):
    """Students who trained a model of their own in the period (the model maker); their examples
    never leave the school. A handful of children is hidden like any small count."""
    from ..modelmaker.models import ModelVersion

    count = db.session.scalar(sa.select(sa.func.count(sa.distinct(ModelVersion.trained_by))).where(
        ModelVersion.created_at >= start, ModelVersion.created_at < end, ModelVersion.trained_by.is_not(None)))
    return privacy.COMPLEMENT if 1 <= count <= threshold else count


def _epoch(column):
    """Seconds since 1970 in SQL (julianday is several times faster than strftime('%s') in SQLite)."""
    if db.engine.dialect.name == "sqlite":
        return sa.cast((sa.func.julianday(column) - 2440587.5) * 86400, sa.Integer)
    return sa.cast(sa.extract("epoch", column), sa.BigInteger)


def _scan_events(start, end, people: Population) -> tuple[set, int, float]:
    """One ordered pass over the period's events (a school year is millions of rows) gives both the
    (student, lesson) pairs and the learning time: gaps between a student's events up to the idle
    cut-off, summed per sitting, each sitting capped at two hours. The database sorts; Python adds."""
    t = _epoch(ProgressEvent.client_time)
    statement = (sa.select(ProgressEvent.student_id, ProgressEvent.lesson_id, t)
                 .where(ProgressEvent.client_time >= start, ProgressEvent.client_time < end)
                 .order_by(ProgressEvent.student_id, t))
    pairs: set[tuple[int, str]] = set()
    total: dict[int, float] = defaultdict(float)
    previous_sid, previous_t, sitting = None, 0, 0
    for sid, lesson, moment in _raw_rows(statement):
        pairs.add((sid, lesson))
        if sid == previous_sid and moment - previous_t <= IDLE_CUTOFF_SECONDS:
            sitting += moment - previous_t
        else:
            if previous_sid is not None:
                total[previous_sid] += min(sitting, SITTING_CAP_SECONDS)
            sitting = 0
        previous_sid, previous_t = sid, moment
    if previous_sid is not None:
        total[previous_sid] += min(sitting, SITTING_CAP_SECONDS)
    counted = {sid: seconds for sid, seconds in total.items() if sid in people.sex}
    return ({(sid, lesson) for sid, lesson in pairs if sid in people.sex}, len(counted),
            float(sum(counted.values())))


def _driver_value(value, dialect: str):
    # SQLAlchemy stores SQLite datetimes as text in this exact form; compare like with like.
    if dialect == "sqlite" and isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _raw_rows(statement):
    """Plain tuples straight from the driver: building a Row object per event costs seconds."""
    connection = db.session.connection()
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = {name: _driver_value(value, connection.dialect.name) for name, value in compiled.construct_params().items()}
    cursor = connection.connection.cursor()
    try:
        if compiled.positional:
            cursor.execute(str(compiled), [params[name] for name in compiled.positiontup])
        else:
            cursor.execute(str(compiled), params)
        while batch := cursor.fetchmany(50_000):
            yield from batch
    finally:
        cursor.close()


def _completeness(start, end) -> dict:
    days = set(db.session.scalars(
        sa.select(sa.func.date(ProgressEvent.received_at)).distinct()
        .where(ProgressEvent.received_at >= start, ProgressEvent.received_at < end)))
    days |= set(db.session.scalars(
        sa.select(sa.func.date(LiveSession.started_at)).distinct()
        .where(LiveSession.started_at >= start, LiveSession.started_at < end)))
    days = sorted(str(d)[:10] for d in days if d)
    return {"days_up": len(days), "first_event_date": days[0] if days else None,
            "last_event_date": days[-1] if days else None}


def _ratio(numerator, denominator):
    if isinstance(numerator, (int, float)) and isinstance(denominator, (int, float)) and denominator:
        return round(numerator / denominator, 2)
    return None


def _rate(numerator, denominator):
    return _ratio(numerator, denominator)


# ---- per module ------------------------------------------------------------------------------


def _module_summary(module_id, published, tests, sex_of) -> dict:
    progress = published[f"progress:{module_id}"]["cells"][-1]  # the total row
    counts = published[f"tests:{module_id}"]["cells"]
    summary = {
        "completion": {"numerator": progress[2], "denominator": progress[1], "rate": _ratio(progress[2], progress[1])},
        "pre_only": published[f"pre_only:{module_id}"]["cells"][-1][0],
        "gain": _gain(tests["matched"].values(), counts[-1]),
        "gain_by_sex": None,
    }
    # Means by sex only when every sex's count is shown: with one hidden, the others and the total
    # would give away the mean of a small group.
    if all(isinstance(row[-1], int) for row in counts[:-1]):
        summary["gain_by_sex"] = {
            sex: _gain([pair for sid, pair in tests["matched"].items() if sex_of[sid] == sex], counts[k])
            for k, sex in enumerate(SEXES)}
    return summary


def _gain(pairs, count_row) -> dict:
    pairs = list(pairs)
    matched = count_row[-1]
    if not isinstance(matched, int) or matched == 0:
        return {"matched": matched, "mean_pre": None, "mean_post": None, "gain_points": None,
                "normalised_gain": None, "pass_share": None}
    mean_pre = sum(a for a, _b in pairs) / len(pairs)
    mean_post = sum(b for _a, b in pairs) / len(pairs)
    passed = count_row[0]
    return {
        "matched": matched,
        "mean_pre": round(mean_pre, 1),
        "mean_post": round(mean_post, 1),
        "gain_points": round(mean_post - mean_pre, 1),
        "normalised_gain": round((mean_post - mean_pre) / (100 - mean_pre), 2) if mean_pre < 100 else None,
        "pass_share": round(passed / matched, 2) if isinstance(passed, int) else None,
    }


def canonical_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")
