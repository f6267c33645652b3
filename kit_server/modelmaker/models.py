"""Projects, their examples and their trained versions. Examples are children's data: they stay in
the school, are deleted with the student, and never enter a usage report."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow


class ModelProject(db.Model):
    """A student's own project (owner set) or the whole class's (owner empty, started by the teacher
    or a student for everyone)."""

    __tablename__ = "model_project"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(sa.ForeignKey("school_class.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("student.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    kind: Mapped[str] = mapped_column(sa.String(10))  # words | drawings | numbers
    labels: Mapped[list] = mapped_column(sa.JSON)
    columns: Mapped[list] = mapped_column(sa.JSON, default=list)  # numbers: the class's column names
    locked: Mapped[bool] = mapped_column(default=False)
    card: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # the model card's words: purpose, limits, decides
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)

    owner = relationship("Student")
    examples = relationship("ModelExample", back_populates="project", cascade="all, delete-orphan",
                            order_by="ModelExample.id", passive_deletes=True)
    versions = relationship("ModelVersion", back_populates="project", cascade="all, delete-orphan",
                            order_by="ModelVersion.number", passive_deletes=True)

    @property
    def for_class(self) -> bool:
        return self.owner_id is None


class ModelExample(db.Model):
    __tablename__ = "model_example"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("model_project.id", ondelete="CASCADE"), index=True)
    # Who added it: a student (deleted with them) or nobody (a teacher's example).
    student_id: Mapped[int | None] = mapped_column(sa.ForeignKey("student.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(sa.String(30))
    data: Mapped[dict] = mapped_column(sa.JSON)
    size: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)

    project = relationship("ModelProject", back_populates="examples")


class ModelVersion(db.Model):
    """One training: the examples it learnt from (a copy, so a version stays what it was when the
    data changes) and what it measured."""

    __tablename__ = "model_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("model_project.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    trained_by: Mapped[int | None] = mapped_column(sa.ForeignKey("student.id", ondelete="SET NULL"))
    snapshot: Mapped[list] = mapped_column(sa.JSON)  # [[example id, label, data], ...]
    result: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)

    project = relationship("ModelProject", back_populates="versions")


class ModelQuota(db.Model):
    """The admin's limits (one row): examples per project and bytes of examples per student."""

    __tablename__ = "model_quota"

    id: Mapped[int] = mapped_column(primary_key=True)
    examples_per_project: Mapped[int] = mapped_column(default=600)
    bytes_per_student: Mapped[int] = mapped_column(default=2_000_000)
