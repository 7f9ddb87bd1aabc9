"""server-side login sessions, kiosk rate limits, device pairing codes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 18:00:00

Kiosk tokens made before this release get the default limit (store.auth.KIOSK_PER_MINUTE).
"""
from alembic import op
import sqlalchemy as sa

import store.tables


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

KIOSK_PER_MINUTE = 12     # store.auth.KIOSK_PER_MINUTE when this migration was written


def upgrade() -> None:
    with op.batch_alter_table('tokens') as batch:
        batch.add_column(sa.Column('max_per_minute', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('rate_tat', sa.Float(), nullable=True))
        batch.add_column(sa.Column('last_limited_at', store.tables.UTCDateTime(timezone=True), nullable=True))
    op.execute(sa.text("UPDATE tokens SET max_per_minute = :n WHERE role = 'kiosk'")
               .bindparams(n=KIOSK_PER_MINUTE))
    op.create_table('login_sessions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('hall_id', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', store.tables.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', store.tables.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', store.tables.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_login_sessions_secret_hash'))
    )
    op.create_index('ix_login_sessions_user', 'login_sessions', ['hall_id', 'user_id'], unique=False)
    op.create_table('pairing_codes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('hall_id', sa.String(length=40), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('counters', sa.JSON(), nullable=False),
    sa.Column('max_per_minute', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=True),
    sa.Column('created_at', store.tables.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', store.tables.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('used_at', store.tables.UTCDateTime(timezone=True), nullable=True),
    sa.Column('token_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairing_codes'))
    )
    op.create_index('ix_pairing_codes_code', 'pairing_codes', ['hall_id', 'code_hash'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_pairing_codes_code', table_name='pairing_codes')
    op.drop_table('pairing_codes')
    op.drop_index('ix_login_sessions_user', table_name='login_sessions')
    op.drop_table('login_sessions')
    with op.batch_alter_table('tokens') as batch:
        batch.drop_column('last_limited_at')
        batch.drop_column('rate_tat')
        batch.drop_column('max_per_minute')
