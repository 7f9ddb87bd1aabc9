"""login failures per name and address

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:00:00
"""
from alembic import op
import sqlalchemy as sa

import store.tables


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_failures',
    sa.Column('hall_id', sa.String(length=40), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_failed_at', store.tables.UTCDateTime(timezone=True), nullable=False),
    sa.Column('locked_until', store.tables.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('hall_id', 'username', 'address', name=op.f('pk_login_failures'))
    )


def downgrade() -> None:
    op.drop_table('login_failures')
