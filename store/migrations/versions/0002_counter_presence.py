"""counters: who staffs them (presence, last seen) and the priority streak

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

A counter is open only while a clerk is signed in and seen; the interleave policy now
counts consecutive priority calls (made while a normal ticket waited) instead of normal
calls since the last priority one, so the old streak cannot be carried over.
"""
from alembic import op
import sqlalchemy as sa

import store.tables


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('counters') as batch:
        batch.add_column(sa.Column('presence', sa.String(length=16), server_default='absent',
                                   nullable=False))
        batch.add_column(sa.Column('last_seen_at', store.tables.UTCDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column('priority_streak', sa.Integer(), server_default='0',
                                   nullable=False))
        batch.drop_column('normal_streak')
    # A clerk signed in before the upgrade is present until their console says otherwise.
    op.execute("UPDATE counters SET presence = 'present' WHERE clerk_user_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('counters') as batch:
        batch.add_column(sa.Column('normal_streak', sa.Integer(), server_default='0',
                                   nullable=False))
        batch.drop_column('priority_streak')
        batch.drop_column('last_seen_at')
        batch.drop_column('presence')
