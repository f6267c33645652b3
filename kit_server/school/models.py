"""The school this kit belongs to: one row, made by `kit init`."""
import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class School(db.Model):
    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A random id, never derived from the name, so reports can be merged without naming the school.
    uid: Mapped[str] = mapped_column(sa.String(36), unique=True, default=lambda: str(uuid.uuid4()))
    name: Mapped[str] = mapped_column(sa.String(200))
    default_locale: Mapped[str] = mapped_column(sa.String(5), default="ar")
    report_threshold: Mapped[int] = mapped_column(default=9)
    retention_days: Mapped[int] = mapped_column(default=730)
    # How many times a student may take each module test; the first attempt always measures gain.
    test_attempts: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
