"""Every attempt at a module test, with its timing; the first attempt of each phase is what
learning gain uses (module_test_result keeps it, for the dashboard and the usage report)."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class ModuleTestAttempt(db.Model):
    __tablename__ = "module_test_attempt"
    __table_args__ = (sa.UniqueConstraint("student_id", "module_id", "phase", "attempt"),
                      sa.Index("ix_module_test_attempt_module_phase", "module_id", "phase"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # Made in the browser when the attempt came through the outbox: sent twice, stored once.
    uuid: Mapped[str | None] = mapped_column(sa.String(36), unique=True)
    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(sa.String(80))
    module_version: Mapped[int] = mapped_column()
    phase: Mapped[str] = mapped_column(sa.String(4))  # pre | post
    attempt: Mapped[int] = mapped_column()  # 1 for the first
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # item -> {"answer", "correct"} (option ids)
    score: Mapped[int] = mapped_column()  # 0-100
    started_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)  # when the test page was given
    submitted_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime)  # when the student handed it in
    seconds: Mapped[int | None] = mapped_column()  # submitted - started, when both are known
    received_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
