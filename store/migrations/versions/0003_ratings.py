"""ratings: one citizen's rating per served ticket

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

import store.tables


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'ratings',
        sa.Column('ticket_id', sa.String(length=64), nullable=False),
        sa.Column('hall_id', sa.String(length=40), nullable=False),
        sa.Column('business_date', sa.Date(), nullable=False),
        sa.Column('level', sa.Integer(), nullable=False),
        sa.Column('reasons', sa.JSON(), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('at', store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column('area_id', sa.String(length=40), nullable=False),
        sa.Column('counter', sa.Integer(), nullable=True),
        sa.Column('clerk', sa.String(length=120), nullable=True),
        sa.Column('dossier_code', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'],
                                name=op.f('fk_ratings_ticket_id_tickets')),
        sa.PrimaryKeyConstraint('ticket_id', name=op.f('pk_ratings')),
    )
    op.create_index('ix_ratings_day', 'ratings', ['hall_id', 'business_date'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_ratings_day', table_name='ratings')
    op.drop_table('ratings')
