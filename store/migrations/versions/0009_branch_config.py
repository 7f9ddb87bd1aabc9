"""branch_config: the hall file the province wants each branch to run, and the branch's answer

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 19:40:00
"""
from alembic import op
import sqlalchemy as sa

import store.tables


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('branches') as batch:
        batch.add_column(sa.Column('desired_config', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('desired_version', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('desired_at', store.tables.UTCDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column('desired_by', sa.String(length=80), nullable=True))
        batch.add_column(sa.Column('pending_version', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('refused_version', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('refused_message', sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('branches') as batch:
        for name in ('refused_message', 'refused_version', 'pending_version', 'desired_by',
                     'desired_at', 'desired_version', 'desired_config'):
            batch.drop_column(name)
