"""branch_users: the staff accounts the province wants each branch to have, and the branch's answer

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 20:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('branches') as batch:
        batch.add_column(sa.Column('desired_users', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('desired_users_version', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('users_version', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('users_refused_version', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('users_refused_message', sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('branches') as batch:
        for name in ('users_refused_message', 'users_refused_version', 'users_version',
                     'desired_users_version', 'desired_users'):
            batch.drop_column(name)
