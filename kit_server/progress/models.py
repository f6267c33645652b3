"""Student activity: an append-only event log and one summary row per student and lesson.

The database stores lesson ids and versions, never lesson text, so a content update never
touches anyone's progress.
"""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

EVENT_KINDS = ("step_viewed", "answer", "reflection", "demo_run", "lesson_completed")


class ProgressEvent(db.Model):
    __tablename__ = "progress_event"
    __table_args__ = (sa.Index("ix_progress_event_student_lesson", "student_id", "lesson_id"),
                      sa.Index("ix_progress_event_student_received", "student_id", "received_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # Made in the browser; the same event sent twice is stored once.
    uuid: Mapped[str] = mapped_column(sa.String(36), unique=True)
    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student.id", ondelete="CASCADE"))
    lesson_id: Mapped[str] = mapped_column(sa.String(80))
    lesson_version: Mapped[int] = mapped_column()
    step_id: Mapped[str | None] = mapped_column(sa.String(80))
    kind: Mapped[str] = mapped_column(sa.String(20))
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    client_seq: Mapped[int] = mapped_column(sa.BigInteger)
    client_time: Mapped[sa.DateTime] = mapped_column(sa.DateTime)
    received_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow, index=True)


class LessonProgress(db.Model):
    """Where a student is in a lesson and how they did; rebuilt from events if ever needed."""

    __tablename__ = "lesson_progress"
    __table_args__ = (sa.UniqueConstraint("student_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[str] = mapped_column(sa.String(80), index=True)
    lesson_version: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(sa.String(12), default="started")  # started | completed
    current_step_id: Mapped[str | None] = mapped_column(sa.String(80))
    current_step_seq: Mapped[int] = mapped_column(sa.BigInteger, default=-1)
    steps_seen: Mapped[list] = mapped_column(sa.JSON, default=list)
    # "step/item" -> {"first": {...}, "last": {...}, "attempts": n}
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # step -> text (free text stays in the school and never goes into a report)
    reflections: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    demo_runs: Mapped[int] = mapped_column(default=0)
    score: Mapped[int | None] = mapped_column()  # % of quiz items right the first time
    started_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
    updated_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
    completed_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)


class ModuleTestResult(db.Model):
    """A student's module pre-test or post-test: the same level, different items, so that
    learning gain can be measured (matched pre/post pairs only)."""

    __tablename__ = "module_test_result"
    __table_args__ = (sa.UniqueConstraint("student_id", "module_id", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(sa.String(80), index=True)
    module_version: Mapped[int] = mapped_column()
    phase: Mapped[str] = mapped_column(sa.String(4))  # pre | post
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # item -> {"answer", "correct"}
    score: Mapped[int] = mapped_column()  # 0-100
    completed_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
