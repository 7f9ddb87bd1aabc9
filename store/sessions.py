"""People's sign-ins, kept on the server: the cookie holds a random secret, the table only its
hash. A session ends at logout, when the password changes, or when a manager signs the person
out everywhere; one not used for the hall's idle time is over too."""
from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from hall.clock import iso

from .auth import hash_token
from .tables import login_sessions, users

TOUCH_EVERY = timedelta(seconds=60)      # last_seen_at is written at most this often


def start_session(engine, hall_id: str, user_id: int, now) -> str:
    """A new session for a person who just signed in; returns its secret (for the cookie)."""
    secret = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(sa.insert(login_sessions).values(
            hall_id=hall_id, user_id=user_id, secret_hash=hash_token(secret), created_at=now,
            last_seen_at=now))
    return secret


def session_user(engine, hall_id: str, secret, now, idle: timedelta) -> int | None:
    """The person's id behind a live session of this hall (and note that it is in use), or
    None if it is unknown, ended, idle too long or another hall's."""
    if not isinstance(secret, str) or not secret or len(secret) > 100:
        return None
    with engine.connect() as conn:
        row = conn.execute(sa.select(login_sessions.c.id, login_sessions.c.user_id,
                                     login_sessions.c.last_seen_at).where(
            login_sessions.c.hall_id == hall_id, login_sessions.c.secret_hash == hash_token(secret),
            login_sessions.c.ended_at.is_(None))).first()
    if row is None or row.last_seen_at <= now - idle:
        return None
    if row.last_seen_at <= now - TOUCH_EVERY:
        with engine.begin() as conn:
            conn.execute(sa.update(login_sessions).where(
                login_sessions.c.id == row.id, login_sessions.c.last_seen_at <= now - TOUCH_EVERY)
                .values(last_seen_at=now))
    return row.user_id


def end_session(engine, hall_id: str, secret, now) -> None:
    """Logout: this session is over (a copy of its cookie stops working)."""
    if not isinstance(secret, str) or not secret:
        return
    with engine.begin() as conn:
        conn.execute(sa.update(login_sessions).where(
            login_sessions.c.hall_id == hall_id, login_sessions.c.secret_hash == hash_token(secret),
            login_sessions.c.ended_at.is_(None)).values(ended_at=now))


def end_user_sessions(engine, hall_id: str, user_id: int, now, conn=None) -> int:
    """Sign a person out everywhere; returns how many sessions ended."""
    statement = sa.update(login_sessions).where(
        login_sessions.c.hall_id == hall_id, login_sessions.c.user_id == user_id,
        login_sessions.c.ended_at.is_(None)).values(ended_at=now)
    if conn is not None:
        return conn.execute(statement).rowcount
    with engine.begin() as conn:
        return conn.execute(statement).rowcount


def set_password(engine, hall_id: str, username: str, password: str, now) -> int:
    """Change a person's password and end every session they have; returns their id
    (LookupError for an unknown name, ValueError for a short password)."""
    if len(password) < 8:
        raise ValueError("password must have at least 8 characters")
    from .auth import PROVINCE
    with engine.begin() as conn:
        row = conn.execute(sa.select(users.c.id, users.c.hall_id).where(
            users.c.hall_id.in_([hall_id, PROVINCE]), users.c.username == username)
            .order_by(users.c.hall_id == PROVINCE)).first()      # the hall's own name first
        if row is None:
            raise LookupError(f"no user {username}")
        conn.execute(sa.update(users).where(users.c.id == row.id)
                     .values(password_hash=generate_password_hash(password)))
        end_user_sessions(engine, row.hall_id, row.id, now, conn=conn)
    return row.id


def people(engine, hall_id: str, now, idle: timedelta) -> list[dict]:
    """The hall's people with their live sessions: how many, and when last seen."""
    live = sa.and_(login_sessions.c.user_id == users.c.id,
                   login_sessions.c.hall_id == hall_id, login_sessions.c.ended_at.is_(None),
                   login_sessions.c.last_seen_at > now - idle)
    query = (sa.select(users.c.id, users.c.username, users.c.full_name, users.c.role,
                       sa.func.count(login_sessions.c.id).label("sessions"),
                       sa.func.max(login_sessions.c.last_seen_at).label("last_seen_at"))
             .select_from(users.outerjoin(login_sessions, live))
             .where(users.c.hall_id == hall_id, users.c.active)
             .group_by(users.c.id, users.c.username, users.c.full_name, users.c.role)
             .order_by(users.c.username))
    with engine.connect() as conn:
        return [{"id": r.id, "username": r.username, "full_name": r.full_name, "role": r.role,
                 "sessions": r.sessions, "last_seen_at": iso(r.last_seen_at)}
                for r in conn.execute(query)]
