"""Teacher-led live sessions: which lesson, which class, who came, how long it lasted."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class LiveSession(db.Model):
    __tablename__ = "live_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(sa.ForeignKey("school_class.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    lesson_id: Mapped[str] = mapped_column(sa.String(80))
    lesson_version: Mapped[int] = mapped_column()
    mode: Mapped[str] = mapped_column(sa.String(12), default="follow")  # follow | open
    current_step_id: Mapped[str | None] = mapped_column(sa.String(80))
    revealed: Mapped[bool] = mapped_column(default=False)  # answers of the current step shown
    started_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow, index=True)
    ended_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)


class SessionAttendance(db.Model):
    """A student was there: seen on the session's page at least once."""

    __tablename__ = "session_attendance"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("live_session.id", ondelete="CASCADE"), primary_key=True)
    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student.id", ondelete="CASCADE"), primary_key=True)
    first_seen: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
    last_seen: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
