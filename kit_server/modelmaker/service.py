"""Projects, examples and versions: who may do what, quotas, and training in the demo workers.

Services flush; the route commits. Training and predictions run in the demo worker pool
(kit_server.demos.engine), bounded in time, so scikit-learn never loads in the web process.
"""
from __future__ import annotations

from collections import Counter
from functools import partial

import sqlalchemy as sa

from ..auth.models import Student
from ..extensions import db
from . import examples as check
from .models import ModelExample, ModelProject, ModelQuota, ModelVersion

TRAIN_LIMIT_S = 20.0   # the demo workers may be starting; a class pressing Train at once queues
PREDICT_LIMIT_S = 10.0


class ProjectError(ValueError):
    """A request the project cannot take; str(error) is a code the page turns into a sentence."""


DEFAULT_QUOTA = {"examples_per_project": 600, "bytes_per_student": 2_000_000}


def quota() -> ModelQuota:
    """The admin's limits; the defaults (not stored) until the admin saves their own."""
    return db.session.scalar(sa.select(ModelQuota)) or ModelQuota(**DEFAULT_QUOTA)


def set_quota(examples_per_project: int, bytes_per_student: int) -> ModelQuota:
    row = db.session.scalar(sa.select(ModelQuota))
    if row is None:
        row = ModelQuota(**DEFAULT_QUOTA)
        db.session.add(row)
    row.examples_per_project, row.bytes_per_student = examples_per_project, bytes_per_student
    db.session.flush()
    return row


# ---- who may do what ----------------------------------------------------------------------------

def visible_to(student, project: ModelProject | None) -> bool:
    """Anyone of the class may try a project; editing is for its contributors."""
    return project is not None and project.class_id == student.class_id


def may_contribute(student, project: ModelProject) -> bool:
    return visible_to(student, project) and (project.for_class or project.owner_id == student.id)


def projects_of_class(class_id: int) -> list[ModelProject]:
    return list(db.session.scalars(sa.select(ModelProject).where(ModelProject.class_id == class_id)
                                   .order_by(ModelProject.id.desc())))


# ---- projects and examples ----------------------------------------------------------------------

def create_project(school_class, owner: Student | None, name, kind, labels, columns=None) -> ModelProject:
    if kind not in check.KINDS:
        raise ProjectError("kind")
    try:
        project = ModelProject(class_id=school_class.id, owner_id=owner.id if owner else None,
                               name=check.clean_name(name), kind=kind, labels=check.clean_labels(labels),
                               columns=check.clean_columns(columns) if kind == "numbers" else [],
                               locked=False, card={})
    except check.ExampleError as error:
        raise ProjectError(str(error)) from None
    db.session.add(project)
    db.session.flush()
    return project


def add_example(project: ModelProject, student: Student | None, label, data) -> ModelExample:
    if project.locked:
        raise ProjectError("locked")
    if label not in project.labels:
        raise ProjectError("label")
    try:
        clean = check.clean_example(project.kind, data, project.columns)
    except check.ExampleError as error:
        raise ProjectError(str(error)) from None
    limits = quota()
    if len(project.examples) >= limits.examples_per_project:
        raise ProjectError("project_full")
    size = check.size_of(clean)
    if student is not None and _bytes_of(student.id) + size > limits.bytes_per_student:
        raise ProjectError("student_full")
    example = ModelExample(project=project, student_id=student.id if student else None, label=label,
                           data=clean, size=size)
    db.session.add(example)
    db.session.flush()
    return example


def _bytes_of(student_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(ModelExample.size), 0))
                             .where(ModelExample.student_id == student_id))


def delete_example(project: ModelProject, example_id: int, student: Student | None = None) -> bool:
    """A student deletes their own examples; a teacher (student=None) any of their class's."""
    example = db.session.get(ModelExample, example_id)
    if example is None or example.project_id != project.id:
        return False
    if student is not None and example.student_id != student.id:
        return False
    db.session.delete(example)
    db.session.flush()
    return True


def contributions(project: ModelProject) -> list[tuple[str, int]]:
    """Who added how many examples (names stay in the class: this is shown only to the class)."""
    counts = Counter(e.student_id for e in project.examples)
    names = dict(db.session.execute(sa.select(Student.id, Student.display_name)
                                    .where(Student.id.in_([i for i in counts if i]))).all())
    return sorted(((names.get(i, "—"), n) for i, n in counts.items()), key=lambda row: -row[1])


def counts_by_label(project: ModelProject) -> dict[str, int]:
    counts = Counter(e.label for e in project.examples)
    return {label: counts.get(label, 0) for label in project.labels}


def ready_to_train(project: ModelProject) -> bool:
    return all(n >= check.MIN_PER_LABEL for n in counts_by_label(project).values())


# ---- training and trying ------------------------------------------------------------------------

def _snapshot(project: ModelProject) -> list[list]:
    return [[e.id, e.label, e.data] for e in project.examples]


def train(project: ModelProject, student: Student | None) -> ModelVersion:
    """Train a new version on the project's examples as they are now."""
    from ..demos import engine
    from ..demos.errors import DemoTooSlow
    from . import training

    if not ready_to_train(project):
        raise ProjectError("too_few")
    snapshot = _snapshot(project)
    key = ("modelmaker-train", check.digest(project.kind, snapshot))
    try:
        result = engine.run_cached(key, partial(training.train, project.kind, project.columns,
                                                [tuple(row) for row in snapshot]), "modelmaker", TRAIN_LIMIT_S)
    except DemoTooSlow:
        raise ProjectError("busy") from None
    number = (project.versions[-1].number if project.versions else 0) + 1
    version = ModelVersion(project=project, number=number, trained_by=student.id if student else None,
                           snapshot=snapshot, result=result)
    db.session.add(version)
    db.session.flush()
    return version


def try_version(version: ModelVersion, data) -> dict:
    """The version's answer for a new input: label, how sure, and whether it is unlike the examples."""
    from ..demos import engine
    from ..demos.errors import DemoTooSlow
    from . import training

    project = version.project
    try:
        clean = check.clean_example(project.kind, data, project.columns)
    except check.ExampleError as error:
        raise ProjectError(str(error)) from None
    snapshot = [tuple(row) for row in version.snapshot]
    key = ("modelmaker-try", check.digest(project.kind, version.snapshot), check.digest("input", [[clean]]))
    try:
        return engine.run_cached(key, partial(training.predict, project.kind, snapshot, clean), "modelmaker",
                                 PREDICT_LIMIT_S)
    except DemoTooSlow:
        raise ProjectError("busy") from None


def latest_version(project: ModelProject) -> ModelVersion | None:
    return project.versions[-1] if project.versions else None


def version_examples(version: ModelVersion) -> dict[int, dict]:
    """The examples a version learnt from, by id (to show the ones it got wrong)."""
    return {row[0]: {"label": row[1], "data": row[2]} for row in version.snapshot}


def save_card(project: ModelProject, purpose: str, limits: str, decides: str) -> None:
    fields = {"purpose": purpose, "limits": limits, "decides": decides}
    if any(not isinstance(v, str) or len(v) > 400 for v in fields.values()):
        raise ProjectError("card")
    project.card = {k: v.strip() for k, v in fields.items()}
    db.session.flush()


# ---- a student's data ---------------------------------------------------------------------------

def export_student(student_id: int) -> dict:
    own = db.session.scalars(sa.select(ModelProject).where(ModelProject.owner_id == student_id)).all()
    added = db.session.scalars(sa.select(ModelExample).where(ModelExample.student_id == student_id)).all()
    return {"model_projects": [{"id": p.id, "name": p.name, "kind": p.kind, "labels": p.labels,
                                "card": p.card} for p in own],
            "model_examples": [{"id": e.id, "project_id": e.project_id, "label": e.label, "data": e.data,
                                "created_at": e.created_at.isoformat()} for e in added]}


def forget_student(student_id: int) -> dict[str, int]:
    """Delete the student's projects and examples, and every version that learnt from their examples
    (a version keeps a copy of its examples)."""
    mine = set(db.session.scalars(sa.select(ModelExample.id).where(ModelExample.student_id == student_id)))
    versions = [v for v in db.session.scalars(sa.select(ModelVersion))
                if v.trained_by == student_id or any(row[0] in mine for row in v.snapshot)]
    for version in versions:
        db.session.delete(version)
    removed = {"model_version": len(versions)}
    removed["model_example"] = db.session.execute(
        sa.delete(ModelExample).where(ModelExample.student_id == student_id)).rowcount
    own = db.session.scalars(sa.select(ModelProject).where(ModelProject.owner_id == student_id)).all()
    for project in own:
        db.session.delete(project)
    removed["model_project"] = len(own)
    db.session.flush()
    return removed
