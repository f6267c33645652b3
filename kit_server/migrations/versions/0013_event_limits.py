"""index for each student's events per minute (the ingest rate limit)

Revision ID: 0013_event_limits
Revises: 0007_jobs
Create Date: 2026-12-07 17:00:00
"""
from alembic import op


revision = '0013_event_limits'
down_revision = '0007_jobs'
branch_labels = None
depends_on = None


def upgrade():
    # The rate limit counts one student's events received in the last minute on every batch.
    op.create_index('ix_progress_event_student_received', 'progress_event', ['student_id', 'received_at'])


def downgrade():
    op.drop_index('ix_progress_event_student_received', table_name='progress_event')
