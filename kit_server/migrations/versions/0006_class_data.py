"""class-collected samples and class model runs

Revision ID: 0006_class_data
Revises: 0003
Create Date: 2026-11-29 01:39:33.507370
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_class_data'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('class_model_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('samples', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('svg', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['school_class.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('class_model_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_class_model_run_class_id'), ['class_id'], unique=False)

    op.create_table('class_sample',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['school_class.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('class_sample', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_class_sample_class_id'), ['class_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_class_sample_student_id'), ['student_id'], unique=False)



def downgrade():
    with op.batch_alter_table('class_sample', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_class_sample_student_id'))
        batch_op.drop_index(batch_op.f('ix_class_sample_class_id'))

    op.drop_table('class_sample')
    with op.batch_alter_table('class_model_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_class_model_run_class_id'))

    op.drop_table('class_model_run')
