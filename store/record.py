"""What the hall's devices share between processes: what was committed after a sequence
number, by any process, and how far each hall's record reaches (wiring/feed.py); how far the
ticket printer has got through it (`PrintCursor`, kiosk/printer/ticket_printer.py); each
device's latest status (`DeviceStatuses`, live/health.py); the recent announcements
(`AnnouncementLog`, announce/announcer.py).
"""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from .tables import announcement_logs, device_statuses, events, halls, print_cursors

# What the ticket printer prints: a new ticket, and a manager's reprint.
PRINTED_EVENTS = ("ticket_issued", "ticket_reprint")


def last_seqs(engine: sa.Engine, hall_ids) -> dict[str, int]:
    """The last sequence number of each hall's record (one query for all of them)."""
    hall_ids = sorted(hall_ids)
    if not hall_ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(sa.select(halls.c.id, halls.c.last_seq)
                            .where(halls.c.id.in_(hall_ids)))
        return {row.id: row.last_seq for row in rows}


def events_between(engine: sa.Engine, hall_id: str, after: int, upto: int,
                   limit: int = 500) -> list[tuple[str, dict]]:
    """The hall's events with after < seq <= upto, oldest first, as (name, payload) — the
    payload as it was published (it carries its `seq` and `at`)."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(events.c.name, events.c.payload)
                            .where(events.c.hall_id == hall_id, events.c.seq > after,
                                   events.c.seq <= upto)
                            .order_by(events.c.seq).limit(limit))
        return [(row.name, row.payload) for row in rows]


class PrintCursor:
    """How far the hall's ticket printer has got through the record.

    The printer prints in the order of the record; after each ticket printed (or given up
    on) it moves the cursor to that ticket's event. A printer that starts — after a kill -9,
    or in the process that now leads the hall — prints what lies beyond the cursor and is
    still recent enough to be worth printing. A hall's first cursor starts at the end of its
    record: nothing from before the cursor existed is printed.
    """

    def __init__(self, engine: sa.Engine, hall_id: str, now):
        self.engine, self.hall_id, self.now = engine, hall_id, now

    def unprinted(self, max_age_s: float) -> list[tuple[int, dict, float]]:
        """(seq, ticket payload, age in seconds) of every print event after the cursor that
        is at most `max_age_s` old, oldest first."""
        now = self.now()
        with self.engine.begin() as conn:
            cursor = conn.execute(sa.select(print_cursors.c.seq)
                                  .where(print_cursors.c.hall_id == self.hall_id)).scalar()
            if cursor is None:
                last = conn.execute(sa.select(halls.c.last_seq)
                                    .where(halls.c.id == self.hall_id)).scalar() or 0
                try:
                    with conn.begin_nested():
                        conn.execute(print_cursors.insert().values(
                            hall_id=self.hall_id, seq=last, updated_at=now))
                except sa.exc.IntegrityError:
                    pass            # a process that led the hall a moment ago made it
                return []
            rows = conn.execute(
                sa.select(events.c.seq, events.c.at, events.c.payload)
                .where(events.c.hall_id == self.hall_id, events.c.seq > cursor,
                       events.c.name.in_(PRINTED_EVENTS),
                       events.c.at >= now - timedelta(seconds=max_age_s))
                .order_by(events.c.seq)).all()
        return [(row.seq, row.payload.get("ticket"), _age(now, row.at)) for row in rows
                if isinstance(row.payload.get("ticket"), dict)]

    def done(self, seq: int) -> None:
        """Everything up to `seq` is printed or given up on (the cursor never moves back)."""
        with self.engine.begin() as conn:
            conn.execute(print_cursors.update()
                         .where(print_cursors.c.hall_id == self.hall_id,
                                print_cursors.c.seq < seq)
                         .values(seq=seq, updated_at=self.now()))


def _age(now: datetime, at: datetime) -> float:
    return max(0.0, (now - at).total_seconds())


class DeviceStatuses:
    """Each device's latest status in the database: written by the process that drives the
    hall's devices when a status changes, read by every process (live/health.py)."""

    def __init__(self, engine: sa.Engine, hall_id: str):
        self.engine, self.hall_id = engine, hall_id

    def save(self, device_id: str, status: str, detail: str, since: datetime) -> None:
        _upsert(self.engine, device_statuses, {"hall_id": self.hall_id, "device_id": device_id},
                {"status": status[:16], "detail": detail[:500], "since": since})

    def load(self) -> dict[str, tuple[str, str, datetime]]:
        """{device id: (status, detail, since)}."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(device_statuses)
                                .where(device_statuses.c.hall_id == self.hall_id))
            return {row.device_id: (row.status, row.detail, row.since) for row in rows}


class AnnouncementLog:
    """The hall's recent announcements as the process that plays the voice lists them: written
    by its announcer when the list changes, read by every process."""

    def __init__(self, engine: sa.Engine, hall_id: str, now):
        self.engine, self.hall_id, self.now = engine, hall_id, now

    def save(self, recent: list[dict]) -> None:
        _upsert(self.engine, announcement_logs, {"hall_id": self.hall_id},
                {"recent": recent, "updated_at": self.now()})

    def load(self) -> list[dict]:
        with self.engine.connect() as conn:
            recent = conn.execute(sa.select(announcement_logs.c.recent).where(
                announcement_logs.c.hall_id == self.hall_id)).scalar()
        return recent if isinstance(recent, list) else []


def _upsert(engine: sa.Engine, table: sa.Table, keys: dict, values: dict) -> None:
    """Update the row with these keys, or insert it (one process writes these rows at a time;
    a row the previous leader inserted a moment ago is updated)."""
    where = [table.c[name] == value for name, value in keys.items()]
    with engine.begin() as conn:
        if conn.execute(table.update().where(*where).values(**values)).rowcount:
            return
        try:
            with conn.begin_nested():
                conn.execute(table.insert().values(**keys, **values))
        except sa.exc.IntegrityError:
            conn.execute(table.update().where(*where).values(**values))
