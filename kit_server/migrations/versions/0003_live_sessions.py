"""live sessions, attendance, module test results

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 01:29:55.704827
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('live_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=True),
    sa.Column('lesson_id', sa.String(length=80), nullable=False),
    sa.Column('lesson_version', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('current_step_id', sa.String(length=80), nullable=True),
    sa.Column('revealed', sa.Boolean(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['class_id'], ['school_class.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teacher_id'], ['staff_user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('live_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_session_class_id'), ['class_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_live_session_started_at'), ['started_at'], unique=False)

    op.create_table('module_test_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.String(length=80), nullable=False),
    sa.Column('module_version', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=4), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('student_id', 'module_id', 'phase')
    )
    with op.batch_alter_table('module_test_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_test_result_module_id'), ['module_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_module_test_result_student_id'), ['student_id'], unique=False)

    op.create_table('session_attendance',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('first_seen', sa.DateTime(), nullable=False),
    sa.Column('last_seen', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['live_session.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'student_id')
    )


def downgrade():
    op.drop_table('session_attendance')
    with op.batch_alter_table('module_test_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_test_result_student_id'))
        batch_op.drop_index(batch_op.f('ix_module_test_result_module_id'))

    op.drop_table('module_test_result')
    with op.batch_alter_table('live_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_session_started_at'))
        batch_op.drop_index(batch_op.f('ix_live_session_class_id'))

    op.drop_table('live_session')
