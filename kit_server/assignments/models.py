"""What a teacher gave a class to do: a whole module or single lessons, for everyone or a group."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

assignment_student = sa.Table(
    "assignment_student", db.metadata,
    sa.Column("assignment_id", sa.ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("student_id", sa.ForeignKey("student.id", ondelete="CASCADE"), primary_key=True),
)


class Assignment(db.Model):
    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(sa.ForeignKey("school_class.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(sa.String(80))
    # None: the whole module; otherwise one lesson of it.
    lesson_id: Mapped[str | None] = mapped_column(sa.String(80))
    due_date: Mapped[sa.Date | None] = mapped_column(sa.Date)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[sa.DateTime] = mapped_column(sa.DateTime, default=utcnow)

    # Empty: the whole class; otherwise only these students.
    students = relationship("Student", secondary=assignment_student, lazy="selectin")
