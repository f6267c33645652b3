"""People who sign in: staff (admins and teachers, with passwords) and students (PIN or pictures).

They live in two tables because they share almost nothing: a child has no username, no email and
no password, and we keep as little about them as we can.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

ADMIN, TEACHER, STUDENT = "admin", "teacher", "student"
SEXES = ("female", "male", "not_stated")


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(sa.String(10))  # admin | teacher
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
    last_login_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)
    # Part of the session id: raising it (sign-out, new password) ends every session issued before.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def get_id(self) -> str:
        return f"staff:{self.id}:{self.session_version or 0}"

    @property
    def is_active(self) -> bool:
        return self.active


class Student(UserMixin, db.Model):
    __tablename__ = "student"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(sa.ForeignKey("school_class.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    grade: Mapped[int | None] = mapped_column()
    sex: Mapped[str] = mapped_column(sa.String(12), default="not_stated")
    birth_year: Mapped[int | None] = mapped_column()
    secret_kind: Mapped[str] = mapped_column(sa.String(8), default="pin")  # pin | picture
    secret_salt: Mapped[str] = mapped_column(sa.String(32))
    secret_hash: Mapped[str] = mapped_column(sa.String(64))
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
    last_login_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")  # as for staff

    school_class = relationship("SchoolClass", back_populates="students")

    role = STUDENT

    def get_id(self) -> str:
        return f"student:{self.id}:{self.session_version or 0}"

    @property
    def is_active(self) -> bool:
        return self.active


class SignInAttempt(db.Model):
    """Failed sign-ins (and report API calls), counted per key to slow down guessing; see ratelimit.py."""

    __tablename__ = "sign_in_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(160), index=True)
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow, index=True)
