"""One row per background job, so any worker process (or the page after a restart) can tell its state."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

KINDS = ("pack_install", "backup", "report")
RUNNING, DONE, FAILED = "running", "done", "failed"


class Job(db.Model):
    __tablename__ = "job"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)  # random: job pages are not guessable
    kind: Mapped[str] = mapped_column(sa.String(20))
    started_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(sa.String(10), default=RUNNING)
    phase: Mapped[str] = mapped_column(sa.String(20), default="start")  # a key the page translates
    done: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    total: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # 0: no measure, the bar just moves
    detail: Mapped[str | None] = mapped_column(sa.Text)  # what was made (a pack, a file, a report id) or why it failed
    started_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
    heartbeat_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)
    finished_at: Mapped[sa.DateTime | None] = mapped_column(sa.DateTime)
