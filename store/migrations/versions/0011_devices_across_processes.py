"""print_cursors, device_statuses, announcement_logs: how far each hall's ticket printer has
got through the record; each device's latest status and the recent announcements, for every
process

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 21:10:00
"""
from alembic import op
import sqlalchemy as sa

from store.tables import UTCDateTime


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'print_cursors',
        sa.Column('hall_id', sa.String(length=40), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['hall_id'], ['halls.id'],
                                name='fk_print_cursors_hall_id_halls'),
        sa.PrimaryKeyConstraint('hall_id', name='pk_print_cursors'),
    )
    op.create_table(
        'device_statuses',
        sa.Column('hall_id', sa.String(length=40), nullable=False),
        sa.Column('device_id', sa.String(length=40), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('detail', sa.String(length=500), nullable=False),
        sa.Column('since', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['hall_id'], ['halls.id'],
                                name='fk_device_statuses_hall_id_halls'),
        sa.PrimaryKeyConstraint('hall_id', 'device_id', name='pk_device_statuses'),
    )
    op.create_table(
        'announcement_logs',
        sa.Column('hall_id', sa.String(length=40), nullable=False),
        sa.Column('recent', sa.JSON(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['hall_id'], ['halls.id'],
                                name='fk_announcement_logs_hall_id_halls'),
        sa.PrimaryKeyConstraint('hall_id', name='pk_announcement_logs'),
    )


def downgrade() -> None:
    op.drop_table('announcement_logs')
    op.drop_table('device_statuses')
    op.drop_table('print_cursors')
