"""who staffs counters, the priority streak, undo, and one definition of wait and service

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

A counter is open only while a clerk is signed in and seen; the interleave policy now
counts consecutive priority calls (made while a normal ticket waited) instead of normal
calls since the last priority one, so the old streak cannot be carried over. A counter
remembers the ticket it may still un-finish. A ticket keeps when it joined its queue (issue
or transfer) and its first call: wait = joined -> first call, service = first call -> finish.
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
        batch.add_column(sa.Column('undo_ticket_id', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('undo_until', store.tables.UTCDateTime(timezone=True),
                                   nullable=True))
        batch.drop_column('normal_streak')
    with op.batch_alter_table('tickets') as batch:
        batch.add_column(sa.Column('joined_at', store.tables.UTCDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column('first_called_at', store.tables.UTCDateTime(timezone=True),
                                   nullable=True))
    # A clerk signed in before the upgrade is present until their console says otherwise.
    op.execute("UPDATE counters SET presence = 'present' WHERE clerk_user_id IS NOT NULL")
    # Before this revision a ticket's first call was not kept apart from its recalls, and a
    # transfer copy's joining time was not kept: the best values there are.
    op.execute("UPDATE tickets SET joined_at = issued_at WHERE origin_id IS NULL")
    op.execute("UPDATE tickets SET joined_at = queue_at WHERE origin_id IS NOT NULL")
    op.execute("UPDATE tickets SET first_called_at = called_at")


def downgrade() -> None:
    with op.batch_alter_table('tickets') as batch:
        batch.drop_column('first_called_at')
        batch.drop_column('joined_at')
    with op.batch_alter_table('counters') as batch:
        batch.drop_column('undo_until')
        batch.drop_column('undo_ticket_id')
        batch.add_column(sa.Column('normal_streak', sa.Integer(), server_default='0',
                                   nullable=False))
        batch.drop_column('priority_streak')
        batch.drop_column('last_seen_at')
        batch.drop_column('presence')
