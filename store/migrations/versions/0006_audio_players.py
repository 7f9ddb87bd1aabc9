"""the display that plays a hall's announcements, across server processes

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-02 09:00:00
"""
from alembic import op
import sqlalchemy as sa

import store.tables


revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audio_players',
    sa.Column('hall_id', sa.String(length=40), nullable=False),
    sa.Column('sid', sa.String(length=64), nullable=False),
    sa.Column('process', sa.String(length=80), nullable=False),
    sa.Column('token_id', sa.Integer(), nullable=True),
    sa.Column('claimed_at', store.tables.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('hall_id', name=op.f('pk_audio_players'))
    )


def downgrade() -> None:
    op.drop_table('audio_players')
