"""The schema: every row carries the hall id; uniqueness rules live in the database."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})


class UTCDateTime(TypeDecorator):
    """Aware datetimes stored as UTC; SQLite's naive values come back as UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime")
            value = value.astimezone(timezone.utc)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


halls = sa.Table(
    "halls", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("business_date", sa.Date, nullable=True),
    sa.Column("last_seq", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

areas = sa.Table(
    "areas", metadata,
    sa.Column("hall_id", sa.String(40), sa.ForeignKey("halls.id"), primary_key=True),
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
)

number_sequences = sa.Table(
    "number_sequences", metadata,
    sa.Column("hall_id", sa.String(40), primary_key=True),
    sa.Column("area_id", sa.String(40), primary_key=True),
    sa.Column("business_date", sa.Date, primary_key=True),
    sa.Column("last_n", sa.Integer, nullable=False),
)

tickets = sa.Table(
    "tickets", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("hall_id", sa.String(40), sa.ForeignKey("halls.id"), nullable=False),
    sa.Column("area_id", sa.String(40), nullable=False),
    sa.Column("series_area_id", sa.String(40), nullable=False),
    sa.Column("business_date", sa.Date, nullable=False),
    sa.Column("number", sa.String(16), nullable=False),
    sa.Column("seq_n", sa.Integer, nullable=False),
    sa.Column("priority", sa.String(40), nullable=True),
    sa.Column("session", sa.String(40), nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("issued_at", UTCDateTime, nullable=False),
    sa.Column("queue_at", UTCDateTime, nullable=False),
    sa.Column("joined_at", UTCDateTime, nullable=True),
    sa.Column("called_at", UTCDateTime, nullable=True),
    sa.Column("first_called_at", UTCDateTime, nullable=True),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.Column("counter", sa.Integer, nullable=True),
    sa.Column("clerk", sa.String(120), nullable=True),
    sa.Column("call_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("origin_id", sa.String(64), nullable=True),
    sa.Column("transferred_to", sa.String(64), nullable=True),
    sa.Column("dossier_code", sa.String(64), nullable=True),
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    sa.Index("ix_tickets_queue", "hall_id", "business_date", "area_id", "status", "queue_at"),
    sa.Index("ix_tickets_number", "hall_id", "business_date", "number"),
    # A number is issued once per area series and business day (transfer copies excepted).
    sa.Index("uq_tickets_issued_number", "hall_id", "series_area_id", "business_date", "number",
             unique=True, sqlite_where=sa.text("origin_id IS NULL"),
             postgresql_where=sa.text("origin_id IS NULL")),
    # A counter has at most one ticket in the called state.
    sa.Index("uq_tickets_called_counter", "hall_id", "counter", unique=True,
             sqlite_where=sa.text("status = 'called'"),
             postgresql_where=sa.text("status = 'called'")),
)

counters = sa.Table(
    "counters", metadata,
    sa.Column("hall_id", sa.String(40), sa.ForeignKey("halls.id"), primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("pause_reason", sa.String(200), nullable=True),
    sa.Column("current_ticket_id", sa.String(64), sa.ForeignKey("tickets.id"), nullable=True,
              unique=True),
    sa.Column("clerk", sa.String(120), nullable=True),
    sa.Column("clerk_user_id", sa.Integer, nullable=True),
    sa.Column("priority_streak", sa.Integer, nullable=False, server_default="0"),
    sa.Column("presence", sa.String(16), nullable=False, server_default="absent"),
    sa.Column("last_seen_at", UTCDateTime, nullable=True),
    sa.Column("undo_ticket_id", sa.String(64), nullable=True),
    sa.Column("undo_until", UTCDateTime, nullable=True),
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),
)

events = sa.Table(
    "events", metadata,
    sa.Column("hall_id", sa.String(40), primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True),
    sa.Column("name", sa.String(40), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("ticket_id", sa.String(64), nullable=True),
    sa.Column("area_id", sa.String(40), nullable=True),
    sa.Column("counter", sa.Integer, nullable=True),
    sa.Column("actor", sa.String(120), nullable=True),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Index("ix_events_name", "hall_id", "name", "seq"),
    sa.Index("ix_events_ticket", "ticket_id"),
)

ratings = sa.Table(
    "ratings", metadata,
    # One rating per ticket: the primary key is the database's guarantee.
    sa.Column("ticket_id", sa.String(64), sa.ForeignKey("tickets.id"), primary_key=True),
    sa.Column("hall_id", sa.String(40), nullable=False),
    sa.Column("business_date", sa.Date, nullable=False),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("area_id", sa.String(40), nullable=False),
    sa.Column("counter", sa.Integer, nullable=True),
    sa.Column("clerk", sa.String(120), nullable=True),
    sa.Column("dossier_code", sa.String(64), nullable=True),
    sa.Index("ix_ratings_day", "hall_id", "business_date"),
)

tokens = sa.Table(
    "tokens", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("hall_id", sa.String(40), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("counters", sa.JSON, nullable=False),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime, nullable=True),
    # Kiosk tokens: at most this many tickets a minute (0: no limit); the limiter's state is
    # `rate_tat` (GCRA: when the next ticket is due, in epoch seconds), updated conditionally.
    sa.Column("max_per_minute", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rate_tat", sa.Float, nullable=True),
    sa.Column("last_limited_at", UTCDateTime, nullable=True),
)

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("hall_id", sa.String(40), nullable=False),
    sa.Column("username", sa.String(60), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("full_name", sa.String(120), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("counters", sa.JSON, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("hall_id", "username"),
)

# Failed sign-ins per (name, address): shared by every server process and the CLI.
login_failures = sa.Table(
    "login_failures", metadata,
    sa.Column("hall_id", sa.String(40), primary_key=True),
    sa.Column("username", sa.String(60), primary_key=True),
    sa.Column("address", sa.String(64), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_failed_at", UTCDateTime, nullable=False),
    sa.Column("locked_until", UTCDateTime, nullable=True),
)

# The one display of each hall that plays the announcements, across server processes: its
# Socket.IO session and the process it is connected to (store/audio.py).
audio_players = sa.Table(
    "audio_players", metadata,
    sa.Column("hall_id", sa.String(40), primary_key=True),
    sa.Column("sid", sa.String(64), nullable=False),
    sa.Column("process", sa.String(80), nullable=False),
    sa.Column("token_id", sa.Integer, nullable=True),     # the display token it claimed with
    sa.Column("claimed_at", UTCDateTime, nullable=False),
)


# A branch hall that forwards its event record to this (province) server: its credential
# (bearer token stored hashed; a MAC key derived from it, never the token), the node that
# claimed the hall, how far its record has reached and when it was last heard from.
branches = sa.Table(
    "branches", metadata,
    sa.Column("hall_id", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("mac_key", sa.String(64), nullable=False),
    sa.Column("node_id", sa.String(64), nullable=True),
    sa.Column("config", sa.JSON, nullable=True),
    sa.Column("config_version", sa.String(64), nullable=True),
    sa.Column("acked_seq", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("acked_event_at", UTCDateTime, nullable=True),
    sa.Column("branch_last_seq", sa.BigInteger, nullable=True),
    sa.Column("clock_offset_s", sa.Float, nullable=True),
    sa.Column("last_contact_at", UTCDateTime, nullable=True),
    sa.Column("connected_since", UTCDateTime, nullable=True),
    sa.Column("last_refusal", sa.String(40), nullable=True),
    sa.Column("last_refusal_at", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime, nullable=True),
    # configuration flowing down (0009): what the province wants the branch to run, and the
    # branch's answer (written and waiting for a restart, or refused with its reason)
    sa.Column("desired_config", sa.JSON, nullable=True),
    sa.Column("desired_version", sa.String(64), nullable=True),
    sa.Column("desired_at", UTCDateTime, nullable=True),
    sa.Column("desired_by", sa.String(80), nullable=True),
    sa.Column("pending_version", sa.String(64), nullable=True),
    sa.Column("refused_version", sa.String(64), nullable=True),
    sa.Column("refused_message", sa.String(500), nullable=True),
    # the staff accounts the province wants the branch to have (applied at once when connected:
    # docs/deployment.md, "Users flow down"), and what the branch says it applied or refused
    sa.Column("desired_users", sa.JSON, nullable=True),
    sa.Column("desired_users_version", sa.String(64), nullable=True),
    sa.Column("users_version", sa.String(64), nullable=True),
    sa.Column("users_refused_version", sa.String(64), nullable=True),
    sa.Column("users_refused_message", sa.String(500), nullable=True),
)


# A person's sign-in (server side): the cookie carries a secret, stored here only hashed.
# Ended at logout, password change or by a manager; idle ones expire.
login_sessions = sa.Table(
    "login_sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("hall_id", sa.String(40), nullable=False),
    sa.Column("user_id", sa.Integer, nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("last_seen_at", UTCDateTime, nullable=False),
    sa.Column("ended_at", UTCDateTime, nullable=True),
    sa.Index("ix_login_sessions_user", "hall_id", "user_id"),
)

# One-time pairing codes a manager makes for a device: typed on its locked screen, they turn
# into the device's token. Stored hashed; single use; expire in minutes; few attempts.
pairing_codes = sa.Table(
    "pairing_codes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("hall_id", sa.String(40), nullable=False),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("counters", sa.JSON, nullable=False),
    sa.Column("max_per_minute", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_by", sa.String(120), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("used_at", UTCDateTime, nullable=True),
    sa.Column("token_id", sa.Integer, nullable=True),
    sa.Index("ix_pairing_codes_code", "hall_id", "code_hash"),
)


# How far the hall's ticket printer has got through the record: every `ticket_issued` and
# `ticket_reprint` event up to `seq` was printed (or given up on). What lies beyond it is
# printed by whichever process leads the hall after a kill -9 or a move (store/print_cursor.py).
print_cursors = sa.Table(
    "print_cursors", metadata,
    sa.Column("hall_id", sa.String(40), sa.ForeignKey("halls.id"), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)


# The latest status of each device of a hall, as the process driving it last reported it:
# every process answers for the hall's devices (manager page, kiosk warning, province),
# whichever process leads the hall (live/health.py).
device_statuses = sa.Table(
    "device_statuses", metadata,
    sa.Column("hall_id", sa.String(40), sa.ForeignKey("halls.id"), primary_key=True),
    sa.Column("device_id", sa.String(40), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("detail", sa.String(500), nullable=False),
    sa.Column("since", UTCDateTime, nullable=False),
)


# The announcements the hall heard lately, as the process that plays the voice lists them (its
# `GET /api/v1/announcements`): every process answers the manager's list from here.
announcement_logs = sa.Table(
    "announcement_logs", metadata,
    sa.Column("hall_id", sa.String(40), sa.ForeignKey("halls.id"), primary_key=True),
    sa.Column("recent", sa.JSON, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
