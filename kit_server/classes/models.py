"""Classes of students, each led by one teacher."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow


class SchoolClass(db.Model):
    __tablename__ = "school_class"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    grade: Mapped[int | None] = mapped_column()
    school_year: Mapped[str] = mapped_column(sa.String(9))  # e.g. 2026-2027
    locale: Mapped[str] = mapped_column(sa.String(5), default="ar")
    # The short code written on the board; students type it to find their class.
    code: Mapped[str] = mapped_column(sa.String(8), unique=True)
    teacher_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id"), index=True)
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)

    teacher = relationship("StaffUser")
    students = relationship(
        "Student", back_populates="school_class", order_by="Student.display_name",
        cascade="all, delete-orphan", passive_deletes=True,
    )
