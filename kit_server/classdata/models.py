"""Data a class collects itself: drawings of digits, labelled sentences; and the class model runs."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class ClassSample(db.Model):
    __tablename__ = "class_sample"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(sa.ForeignKey("school_class.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))  # digit | sentence
    label: Mapped[str] = mapped_column(sa.String(20))
    data: Mapped[dict] = mapped_column(sa.JSON)  # {"pixels": [64 ints]} or {"text": "..."}
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)


class ClassModelRun(db.Model):
    """The teacher retrained the class model: what everyone sees, before and after their data."""

    __tablename__ = "class_model_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(sa.ForeignKey("school_class.id", ondelete="CASCADE"), index=True)
    samples: Mapped[int] = mapped_column()
    result: Mapped[dict] = mapped_column(sa.JSON)
    svg: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
