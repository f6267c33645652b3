"""the hub link and the outbox of reports on their way to the programme's hub

Revision ID: 0011_report_outbox
Revises: 0007_jobs
Create Date: 2026-12-07 16:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011_report_outbox'
down_revision = '0007_jobs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hub_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=False),
    sa.Column('hub_key_pem', sa.Text(), nullable=False),
    sa.Column('hub_key_id', sa.String(length=40), nullable=False),
    sa.Column('tls_pin', sa.String(length=64), nullable=True),
    sa.Column('governorate', sa.String(length=40), nullable=False),
    sa.Column('district', sa.String(length=40), nullable=False),
    sa.Column('school_type', sa.String(length=20), nullable=False),
    sa.Column('monthly', sa.Boolean(), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('last_contact_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('report_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.Column('receipt', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_id')
    )
    op.create_index(op.f('ix_report_outbox_state'), 'report_outbox', ['state'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_report_outbox_state'), table_name='report_outbox')
    op.drop_table('report_outbox')
    op.drop_table('hub_link')
