"""notebooks: running switch per class, handouts

Revision ID: 0005_notebooks
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_notebooks"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notebook_class_setting",
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("running_enabled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["class_id"], ["school_class.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("class_id"),
    )
    op.create_table(
        "notebook_handout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("lang", sa.String(length=5), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["class_id"], ["school_class.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["staff_user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("class_id", "slug", "lang"),
    )
    with op.batch_alter_table("notebook_handout", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notebook_handout_class_id"), ["class_id"], unique=False)


def downgrade():
    with op.batch_alter_table("notebook_handout", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notebook_handout_class_id"))
    op.drop_table("notebook_handout")
    op.drop_table("notebook_class_setting")
