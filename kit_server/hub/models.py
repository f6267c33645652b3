"""The hub's own tables, on their own metadata: the hub's database is not a school's.

PostgreSQL for a real programme, SQLite for a trial. The reach cells of every current report are
kept as rows (hub_cell) so the dashboards are one GROUP BY, never a scan of report.json texts.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..timeutil import utcnow

VIEWER, MANAGER = "viewer", "manager"
ROLES = (VIEWER, MANAGER)


class HubBase(DeclarativeBase):
    pass


class HubSchool(HubBase):
    __tablename__ = "hub_school"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    key_pem: Mapped[str] = mapped_column(sa.Text)
    key_id: Mapped[str] = mapped_column(sa.String(40))
    governorate: Mapped[str] = mapped_column(sa.String(40), index=True)
    district: Mapped[str] = mapped_column(sa.String(40), index=True)
    school_type: Mapped[str] = mapped_column(sa.String(20))
    enrolled_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
    last_received_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)


class EnrolmentCode(HubBase):
    """A code the programme hands a school (paper or QR). Only its SHA-256 is kept."""

    __tablename__ = "hub_enrolment_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str] = mapped_column(sa.String(80))
    uses_left: Mapped[int] = mapped_column(default=1)
    expires_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime)
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)


class HubReport(HubBase):
    __tablename__ = "hub_report"
    __table_args__ = (sa.Index("ix_hub_report_slot", "school_pk", "period_start", "period_end"),
                      sa.Index("ix_hub_report_dash", "current", "month"))

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    school_pk: Mapped[int] = mapped_column(sa.ForeignKey("hub_school.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    period_start: Mapped[sa.Date] = mapped_column(sa.Date)
    period_end: Mapped[sa.Date] = mapped_column(sa.Date)
    month: Mapped[str | None] = mapped_column(sa.String(7))  # "2026-11" for a monthly report
    revision: Mapped[int] = mapped_column()
    current: Mapped[bool] = mapped_column(default=True)  # the highest revision of its period
    manifest_sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    previous_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    chain_broken: Mapped[bool] = mapped_column(default=False)
    threshold: Mapped[int] = mapped_column()
    reach_total: Mapped[int | None] = mapped_column()  # None: hidden in the school's report
    teachers_active: Mapped[int] = mapped_column(default=0)
    instruction_hours: Mapped[float] = mapped_column(sa.Float, default=0.0)
    learning_hours: Mapped[float | None] = mapped_column(sa.Float)
    started: Mapped[int | None] = mapped_column()
    completed: Mapped[int | None] = mapped_column()
    source: Mapped[str] = mapped_column(sa.String(10))  # network | upload | import
    received_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
    manifest: Mapped[str] = mapped_column(sa.Text)
    signature: Mapped[str] = mapped_column(sa.Text)
    report_json: Mapped[str] = mapped_column(sa.Text)


class HubCell(HubBase):
    """One inner cell of a report's reach table (sex × grade band); value None when hidden."""

    __tablename__ = "hub_cell"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_pk: Mapped[int] = mapped_column(sa.ForeignKey("hub_report.id", ondelete="CASCADE"), index=True)
    sex: Mapped[str] = mapped_column(sa.String(20))
    band: Mapped[str] = mapped_column(sa.String(20))
    value: Mapped[int | None] = mapped_column()


class HubRefusal(HubBase):
    """Every bundle or enrolment the hub refused, with the reason: the programme reads these."""

    __tablename__ = "hub_refusal"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow, index=True)
    source: Mapped[str] = mapped_column(sa.String(10))
    address: Mapped[str | None] = mapped_column(sa.String(64))
    school_id: Mapped[str | None] = mapped_column(sa.String(36))
    reason: Mapped[str] = mapped_column(sa.String(300))
    size: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    sha256: Mapped[str | None] = mapped_column(sa.String(64))


class HubUser(HubBase):
    __tablename__ = "hub_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(32), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(10))
    active: Mapped[bool] = mapped_column(default=True)
    session_version: Mapped[int] = mapped_column(default=1)  # a password change ends every session
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)

    # Flask-Login
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"hub:{self.id}:{self.session_version}"


class HubFailure(HubBase):
    """Failed sign-ins and wrong enrolment codes, counted per key (account+address, address) in a
    window; in the database so every gunicorn worker sees the same counts."""

    __tablename__ = "hub_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(120), index=True)
    at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow, index=True)
