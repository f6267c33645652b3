"""Collecting a class's own examples and training the class model on them."""
from __future__ import annotations

import sqlalchemy as sa

from ..extensions import db
from .models import ClassModelRun, ClassSample

MAX_PER_STUDENT = 40
MAX_TEXT = 200
SENTENCE_LABELS = ("arabic", "arabizi", "french")


class SampleError(ValueError):
    """A sample that cannot be kept; the message names the field."""


def _clean(kind: str, label, data) -> tuple[str, dict]:
    if kind == "digit":
        pixels = data.get("pixels") if isinstance(data, dict) else None
        if not (isinstance(pixels, list) and len(pixels) == 64
                and all(isinstance(p, int) and not isinstance(p, bool) and 0 <= p <= 16 for p in pixels)):
            raise SampleError("pixels")
        if not any(pixels):
            raise SampleError("pixels")
        if not (isinstance(label, int) and not isinstance(label, bool) and 0 <= label <= 9):
            raise SampleError("label")
        return str(label), {"pixels": pixels}
    if kind == "sentence":
        text = data.get("text") if isinstance(data, dict) else None
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            raise SampleError("text")
        if label not in SENTENCE_LABELS:
            raise SampleError("label")
        return label, {"text": text.strip()}
    raise SampleError("kind")


def add(student, kind: str, label, data) -> ClassSample:
    label, clean = _clean(kind, label, data)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(ClassSample).where(
        ClassSample.student_id == student.id))
    if count >= MAX_PER_STUDENT:
        raise SampleError("too_many")
    sample = ClassSample(class_id=student.class_id, student_id=student.id, kind=kind, label=label, data=clean)
    db.session.add(sample)
    db.session.flush()  # the route commits: one transaction per request
    return sample


def mine(student) -> list[ClassSample]:
    return list(db.session.scalars(sa.select(ClassSample).where(ClassSample.student_id == student.id)
                                   .order_by(ClassSample.id)))


def delete_own(student, sample_id: int) -> bool:
    sample = db.session.get(ClassSample, sample_id)
    if sample is None or sample.student_id != student.id:
        return False  # another student's sample is simply not there
    db.session.delete(sample)
    db.session.flush()  # the route commits: one transaction per request
    return True


def train_digits(school_class) -> ClassModelRun:
    """Retrain with the class's drawings (the demo reports before and after)."""
    from ..demos import run_demo

    rows = db.session.scalars(sa.select(ClassSample).where(
        ClassSample.class_id == school_class.id, ClassSample.kind == "digit").order_by(ClassSample.id)).all()
    samples = [{"pixels": s.data["pixels"], "label": int(s.label)} for s in rows][-600:]
    answer = run_demo("class_data", {"samples": samples})
    run = ClassModelRun(class_id=school_class.id, samples=len(samples), result=answer["result"], svg=answer["svg"])
    db.session.add(run)
    db.session.flush()  # the route commits: one transaction per request
    return run


def latest_run(class_id: int) -> ClassModelRun | None:
    return db.session.scalar(sa.select(ClassModelRun).where(ClassModelRun.class_id == class_id)
                             .order_by(ClassModelRun.id.desc()))

