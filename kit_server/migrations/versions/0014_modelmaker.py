"""the model maker: projects, examples, versions, quotas

Revision ID: 0014_modelmaker
Revises: 0007_jobs
Create Date: 2026-12-07 16:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0014_modelmaker'
down_revision = '0007_jobs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('model_project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.Column('columns', sa.JSON(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('card', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['school_class.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['student.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_model_project_class_id', 'model_project', ['class_id'])
    op.create_index('ix_model_project_owner_id', 'model_project', ['owner_id'])
    op.create_table('model_example',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=30), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['model_project.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_model_example_project_id', 'model_example', ['project_id'])
    op.create_index('ix_model_example_student_id', 'model_example', ['student_id'])
    op.create_table('model_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('trained_by', sa.Integer(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['model_project.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trained_by'], ['student.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_model_version_project_id', 'model_version', ['project_id'])
    op.create_table('model_quota',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('examples_per_project', sa.Integer(), nullable=False),
    sa.Column('bytes_per_student', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade():
    op.drop_table('model_quota')
    op.drop_table('model_version')
    op.drop_table('model_example')
    op.drop_table('model_project')
