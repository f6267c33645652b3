"""Tables of the reports part: consent records, API tokens and the log of built reports."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

BASES = ("school", "parent")  # the school on behalf of parents, or a parent directly
SCOPES = ("reports", "reports_no_tests")  # all indicators, or everything except test scores
STATUSES = ("given", "refused")


class ConsentRecord(db.Model):
    """One decision about using a class's or a student's data in reports; the newest one counts,
    and a student's own record beats their class's."""

    __tablename__ = "consent_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int | None] = mapped_column(sa.ForeignKey("school_class.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int | None] = mapped_column(sa.ForeignKey("student.id", ondelete="CASCADE"), index=True)
    basis: Mapped[str] = mapped_column(sa.String(10))
    scope: Mapped[str] = mapped_column(sa.String(20), default="reports")
    status: Mapped[str] = mapped_column(sa.String(10), default="given")
    given_on: Mapped[sa.Date] = mapped_column(sa.Date)
    recorded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    recorded_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)


class ApiToken(db.Model):
    """A bearer token for the programme's downloads. Only its SHA-256 is kept; the prefix finds the row."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(sa.String(12), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    label: Mapped[str] = mapped_column(sa.String(80))
    scope: Mapped[str] = mapped_column(sa.String(20), default="reports")
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
    expires_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)
    revoked_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)
    last_used_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)


class ReportLog(db.Model):
    """Every report built. Holds the published report.json so later reports can be checked against
    it (the consecutive-period rule) and kept when student records are purged."""

    __tablename__ = "report_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(10))  # month | term | year | custom
    period_start: Mapped[sa.Date] = mapped_column(sa.Date)
    period_end: Mapped[sa.Date] = mapped_column(sa.Date)
    revision: Mapped[int] = mapped_column()
    manifest_sha256: Mapped[str] = mapped_column(sa.String(64))
    path: Mapped[str] = mapped_column(sa.String(500))
    report_json: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow, index=True)
