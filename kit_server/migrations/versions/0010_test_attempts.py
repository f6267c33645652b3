"""module test attempts with their timing; the school's retake policy

Revision ID: 0010_test_attempts
Revises: 0007_jobs
Create Date: 2026-12-07 16:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_test_attempts'
down_revision = '0007_jobs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('module_test_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=True),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.String(length=80), nullable=False),
    sa.Column('module_version', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=4), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('student_id', 'module_id', 'phase', 'attempt'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('module_test_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_module_test_attempt_module_phase', ['module_id', 'phase'], unique=False)
        batch_op.create_index(batch_op.f('ix_module_test_attempt_student_id'), ['student_id'], unique=False)
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.add_column(sa.Column('test_attempts', sa.Integer(), nullable=False, server_default='1'))


def downgrade():
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.drop_column('test_attempts')
    with op.batch_alter_table('module_test_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_test_attempt_student_id'))
        batch_op.drop_index('ix_module_test_attempt_module_phase')
    op.drop_table('module_test_attempt')
