"""session versions (sign-out and resets end old sessions); longer rate-limit keys

Revision ID: 0009_auth_sessions
Revises: 0007_jobs
Create Date: 2026-12-07 16:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_auth_sessions'
down_revision = '0007_jobs'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN, never a batch copy: on SQLite a batch drops and recreates the table, and
    # dropping `student` would cascade to every row that points at it.
    for table in ('staff_user', 'student'):
        op.add_column(table, sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))
    # Keys now name an account and a device ("student:12@<address hash>"): room for long usernames.
    # sign_in_attempt has no table pointing at it, so a batch copy is safe there (SQLite does not
    # enforce the length, but the schema should say what the model says).
    with op.batch_alter_table('sign_in_attempt', schema=None) as batch_op:
        batch_op.alter_column('key', existing_type=sa.String(length=80), type_=sa.String(length=160),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table('sign_in_attempt', schema=None) as batch_op:
        batch_op.alter_column('key', existing_type=sa.String(length=160), type_=sa.String(length=80),
                              existing_nullable=False)
    for table in ('student', 'staff_user'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('session_version')
