"""Failed sign-ins per (name, address), in the database: every process and the CLI share them."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from hall.clock import iso

from .tables import login_failures as F


def _pair(hall_id: str, username: str, address: str):
    return sa.and_(F.c.hall_id == hall_id, F.c.username == username, F.c.address == address)


def _insert_ignoring_conflict(dialect: str):
    """INSERT … ON CONFLICT DO NOTHING, for SQLite and PostgreSQL alike."""
    from sqlalchemy.dialects import postgresql, sqlite
    return (postgresql if dialect == "postgresql" else sqlite).insert(F).on_conflict_do_nothing()


def locked_until(engine, hall_id: str, username: str, address: str) -> datetime | None:
    """When the pair may try again, or None if it is not locked."""
    with engine.connect().execution_options(luot_readonly=True) as conn:
        return conn.execute(sa.select(F.c.locked_until)
                            .where(_pair(hall_id, username, address))).scalar()


def record_failure(engine, hall_id: str, username: str, address: str, now: datetime, *,
                   limit: int, lock: timedelta, window: timedelta) -> datetime | None:
    """Count a failure; the `limit`-th within `window` of the previous one locks the pair.

    Returns the end of the lock it set, if any.
    """
    pair = _pair(hall_id, username, address)
    with engine.begin() as conn:
        conn.execute(_insert_ignoring_conflict(conn.dialect.name).values(
            hall_id=hall_id, username=username, address=address, failures=0, last_failed_at=now))
        row = conn.execute(sa.select(F.c.failures, F.c.last_failed_at).where(pair)
                           .with_for_update()).one()
        failures = (0 if now - row.last_failed_at > window else row.failures) + 1
        values = {"failures": failures, "last_failed_at": now}
        if failures >= limit:
            values.update(failures=0, locked_until=now + lock)
        conn.execute(sa.update(F).where(pair).values(**values))
        return values.get("locked_until")


def clear(engine, hall_id: str, username: str, now: datetime, address: str | None = None) -> int:
    """Forget the failures of a name (from one address, or every one); returns the locks lifted."""
    condition = sa.and_(F.c.hall_id == hall_id, F.c.username == username)
    if address is not None:
        condition = sa.and_(condition, F.c.address == address)
    with engine.begin() as conn:
        locked = conn.execute(sa.select(sa.func.count()).select_from(F)
                              .where(condition, F.c.locked_until > now)).scalar()
        conn.execute(sa.delete(F).where(condition))
        return locked


def locks(engine, hall_id: str, now: datetime) -> list[dict]:
    """The pairs locked now, by name then address: {username, address, locked_until, seconds_left}."""
    with engine.connect().execution_options(luot_readonly=True) as conn:
        rows = conn.execute(sa.select(F.c.username, F.c.address, F.c.locked_until)
                            .where(F.c.hall_id == hall_id, F.c.locked_until > now)
                            .order_by(F.c.username, F.c.address))
        return [{"username": r.username, "address": r.address, "locked_until": iso(r.locked_until),
                 "seconds_left": seconds_until(r.locked_until, now)} for r in rows]


def seconds_until(moment: datetime | None, now: datetime) -> int:
    """Whole seconds from now until a moment, rounded up (0 if it has passed)."""
    if moment is None or moment <= now:
        return 0
    return int((moment - now).total_seconds() + 0.999)


def forget_stale(engine, hall_id: str, before: datetime) -> None:
    """Drop rows of failures older than `before` that hold no lock (keeps the table small)."""
    with engine.begin() as conn:
        conn.execute(sa.delete(F).where(F.c.hall_id == hall_id, F.c.last_failed_at < before,
                                        sa.or_(F.c.locked_until.is_(None),
                                               F.c.locked_until < before)))
