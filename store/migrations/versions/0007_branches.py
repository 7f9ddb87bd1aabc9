"""branches: branch halls forwarding their event record to a province server

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-30 18:30:00
"""
from alembic import op
import sqlalchemy as sa

import store.tables


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'branches',
        sa.Column('hall_id', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('mac_key', sa.String(length=64), nullable=False),
        sa.Column('node_id', sa.String(length=64), nullable=True),
        sa.Column('config', sa.JSON(), nullable=True),
        sa.Column('config_version', sa.String(length=64), nullable=True),
        sa.Column('acked_seq', sa.BigInteger(), server_default='0', nullable=False),
        sa.Column('acked_event_at', store.tables.UTCDateTime(timezone=True), nullable=True),
        sa.Column('branch_last_seq', sa.BigInteger(), nullable=True),
        sa.Column('clock_offset_s', sa.Float(), nullable=True),
        sa.Column('last_contact_at', store.tables.UTCDateTime(timezone=True), nullable=True),
        sa.Column('connected_since', store.tables.UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_refusal', sa.String(length=40), nullable=True),
        sa.Column('last_refusal_at', store.tables.UTCDateTime(timezone=True), nullable=True),
        sa.Column('created_at', store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', store.tables.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('hall_id', name=op.f('pk_branches')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_branches_token_hash')),
    )


def downgrade() -> None:
    op.drop_table('branches')
