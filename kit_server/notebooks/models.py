"""What teachers decide about notebooks: running on or off per class, and notebooks handed out.

The students' copies themselves are files in KIT_HOME/notebooks/<student id>/work/, not rows:
JupyterLab writes them directly.
"""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class NotebookClassSetting(db.Model):
    """A class whose teacher switched on "Open in JupyterLab" (no row: off)."""

    __tablename__ = "notebook_class_setting"

    class_id: Mapped[int] = mapped_column(sa.ForeignKey("school_class.id", ondelete="CASCADE"), primary_key=True)
    running_enabled: Mapped[bool] = mapped_column(default=False)


class NotebookHandout(db.Model):
    """A notebook (slug + language) a teacher gave a class; its copies are collected for review."""

    __tablename__ = "notebook_handout"
    __table_args__ = (sa.UniqueConstraint("class_id", "slug", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(sa.ForeignKey("school_class.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(120))
    lang: Mapped[str] = mapped_column(sa.String(5))
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)

    @property
    def file_name(self) -> str:
        return f"{self.slug}.{self.lang}.ipynb"
