"""The hall's Store over SQLAlchemy: conditional updates inside one transaction."""
from __future__ import annotations

import copy
import functools
from contextlib import contextmanager
from datetime import date

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.dialects import postgresql, sqlite

from hall.errors import ConcurrencyConflict
from hall.events import TICKET_CALLED
from hall.forecast import Queued
from hall.model import CounterState, Ticket
from hall.ratings import Rating
from hall.states import CounterStatus, Presence, TicketStatus

from .tables import counters as C
from .tables import events as E
from .tables import halls as H
from .tables import number_sequences as N
from .tables import ratings as R
from .tables import tickets as T

_TICKET_FIELDS = [c.name for c in T.columns if c.name != "hall_id"]
_UNFINISHED = (TicketStatus.WAITING.value, TicketStatus.CALLED.value)
_WAITING = TicketStatus.WAITING.value
_hall, _day, _area = sa.bindparam("hall"), sa.bindparam("day"), sa.bindparam("area")

# Statements built once: building SQLAlchemy expressions per call costs more than SQLite.
_SQL_HALL_DATE = sa.select(H.c.business_date).where(H.c.id == _hall)
_SQL_LOCK_HALL = sa.select(H.c.id).where(H.c.id == _hall).with_for_update()
_SQL_LAST_SEQ = sa.select(H.c.last_seq).where(H.c.id == _hall)
_SQL_ISSUED = sa.select(N.c.last_n).where(N.c.hall_id == _hall, N.c.area_id == _area,
                                          N.c.business_date == _day)
_KIND = sa.case((T.c.priority.is_(None), 0), else_=1)
_WAITING_TODAY = (T.c.hall_id == _hall, T.c.business_date == _day, T.c.status == _WAITING)
_QUEUED = (T.c.id, T.c.area_id, T.c.priority, T.c.queue_at, T.c.seq_n)
_SQL_WAITING_TOTALS = (sa.select(T.c.area_id, _KIND, sa.func.count()).where(*_WAITING_TODAY)
                       .group_by(T.c.area_id, _KIND))
_BEFORE = sa.or_(T.c.queue_at < sa.bindparam("queue_at"),
                 sa.and_(T.c.queue_at == sa.bindparam("queue_at"), T.c.seq_n < sa.bindparam("seq_n")))
_SQL_QUEUED_BEFORE = _SQL_WAITING_TOTALS.where(_BEFORE)


@functools.lru_cache(maxsize=256)
def _fifo_head(area_id: str, priority: bool, limit: int | None, after: bool = False):
    """The first tickets of one (area, kind) queue (after a given place, if `after`);
    `limit` None takes it from the `limit` parameter."""
    stmt = sa.select(*_QUEUED).where(*_WAITING_TODAY, T.c.area_id == area_id,
                                     T.c.priority.is_not(None) if priority else T.c.priority.is_(None))
    if after:
        stmt = stmt.where(sa.not_(_BEFORE), T.c.id != sa.bindparam("after_id"))
    return stmt.order_by(T.c.queue_at, T.c.seq_n).limit(
        sa.bindparam("limit") if limit is None else limit)


@functools.lru_cache(maxsize=64)
def _waiting_heads(area_ids: tuple[str, ...], per_queue: int):
    """The heads of every (area, kind) queue of these areas, in one statement."""
    return sa.union_all(*[_fifo_head(a, kind, per_queue).subquery().select()
                          for a in area_ids for kind in (False, True)])
_SQL_SERVICE = (sa.select(T.c.first_called_at, T.c.finished_at).where(
    T.c.hall_id == _hall, T.c.business_date == _day, T.c.area_id == _area,
    T.c.status == TicketStatus.SERVED.value, T.c.first_called_at.is_not(None),
    T.c.finished_at.is_not(None)).order_by(T.c.finished_at.desc()).limit(20))
_SQL_HEAD = (sa.select(T).where(T.c.hall_id == _hall, T.c.business_date == _day,
                                T.c.area_id == _area, T.c.status == _WAITING)
             .order_by(T.c.queue_at, T.c.seq_n).limit(1))
_SQL_HEAD_NORMAL = _SQL_HEAD.where(T.c.priority.is_(None))
_SQL_HEAD_PRIORITY = _SQL_HEAD.where(T.c.priority.is_not(None))
_SQL_TICKET = sa.select(T).where(T.c.id == sa.bindparam("id"), T.c.hall_id == _hall)
_CURRENT = T.alias("current")
_SQL_COUNTERS = (sa.select(C, *[c.label(f"t_{c.name}") for c in _CURRENT.columns])
                 .select_from(C.outerjoin(_CURRENT, _CURRENT.c.id == C.c.current_ticket_id))
                 .where(C.c.hall_id == _hall).order_by(C.c.number))
_SQL_INSERT_TICKET = sa.insert(T)
_SQL_INSERT_EVENTS = sa.insert(E)


def _ticket(row) -> Ticket:
    data = dict(row._mapping)
    data["status"] = TicketStatus(data["status"])
    return Ticket(**data)


def _ticket_values(t: Ticket) -> dict:
    values = {name: getattr(t, name) for name in _TICKET_FIELDS}
    values["status"] = t.status.value
    values["hall_id"] = t.hall_id
    return values


def _copy_state(state: CounterState) -> CounterState:
    """A private copy, so that changing it never alters the transaction's cache."""
    clone = copy.copy(state)
    clone.current = copy.copy(state.current) if state.current else None
    return clone


class SqlTransaction:
    """The Transaction port on one SQLAlchemy connection."""

    def __init__(self, conn: sa.Connection, hall_id: str):
        self.conn, self.hall_id = conn, hall_id
        self._insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        self._counters: list[CounterState] | None = None      # per-transaction cache
        self._service: dict[tuple, list[float]] = {}
        self.writes = 0

    def _scalar(self, stmt, **params):
        return self.conn.execute(stmt, {"hall": self.hall_id, **params}).scalar()

    def _one(self, stmt):
        return self.conn.execute(stmt).scalar_one()

    # -- the hall ------------------------------------------------------------
    def hall_date(self) -> date | None:
        return self._scalar(_SQL_HALL_DATE)

    def advance_date(self, old, new) -> None:
        cond = H.c.business_date.is_(None) if old is None else H.c.business_date == old
        done = self.conn.execute(sa.update(H).where(H.c.id == self.hall_id, cond)
                                 .values(business_date=new))
        if done.rowcount != 1:
            raise ConcurrencyConflict("business day advanced by another process")

    def last_seq(self) -> int:
        return self._scalar(_SQL_LAST_SEQ)

    def allocate_seq(self, count: int) -> int:
        last = self._one(sa.update(H).where(H.c.id == self.hall_id)
                         .values(last_seq=H.c.last_seq + count).returning(H.c.last_seq))
        return last - count + 1

    # -- numbering -----------------------------------------------------------
    def next_number(self, area_id: str, day: date) -> int:
        stmt = self._insert(N).values(hall_id=self.hall_id, area_id=area_id, business_date=day,
                                      last_n=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=[N.c.hall_id, N.c.area_id, N.c.business_date],
            set_={"last_n": N.c.last_n + 1}).returning(N.c.last_n)
        return self._one(stmt)

    def issued_count(self, area_id: str, day: date) -> int:
        return self._scalar(_SQL_ISSUED, area=area_id, day=day) or 0

    # -- tickets -------------------------------------------------------------
    def add_ticket(self, ticket: Ticket) -> None:
        self.conn.execute(_SQL_INSERT_TICKET, _ticket_values(ticket))
        self.writes += 1

    def get_ticket(self, ticket_id: str) -> Ticket | None:
        row = self.conn.execute(_SQL_TICKET, {"hall": self.hall_id, "id": ticket_id}).first()
        return _ticket(row) if row else None

    def tickets_by_number(self, day: date, number: str) -> list[Ticket]:
        rows = self.conn.execute(sa.select(T).where(
            T.c.hall_id == self.hall_id, T.c.business_date == day, T.c.number == number)
            .order_by(T.c.queue_at, T.c.id))
        return [_ticket(r) for r in rows]

    def queue_heads(self, day: date, area_ids) -> list[Ticket]:
        heads = []
        for area_id in area_ids:
            for stmt in (_SQL_HEAD_NORMAL, _SQL_HEAD_PRIORITY):
                row = self.conn.execute(stmt, {"hall": self.hall_id, "day": day,
                                               "area": area_id}).first()
                if row is not None:
                    heads.append(_ticket(row))
        return heads

    def waiting(self, day: date, area_ids, per_queue: int) -> list[Queued]:
        rows = self.conn.execute(_waiting_heads(tuple(area_ids), per_queue),
                                 {"hall": self.hall_id, "day": day})
        return sorted((Queued(*row) for row in rows), key=lambda q: (q.queue_at, q.seq_n))

    def waiting_after(self, day: date, last: Queued, count: int) -> list[Queued]:
        stmt = _fifo_head(last.area_id, bool(last.priority), None, after=True)
        rows = self.conn.execute(stmt, {"hall": self.hall_id, "day": day, "limit": count,
                                        "queue_at": last.queue_at, "seq_n": last.seq_n,
                                        "after_id": last.id})
        return [Queued(*row) for row in rows]

    def waiting_totals(self, day: date) -> dict:
        rows = self.conn.execute(_SQL_WAITING_TOTALS, {"hall": self.hall_id, "day": day})
        return {(area, bool(kind)): count for area, kind, count in rows}

    def queued_before(self, day: date, queue_at, seq_n: int) -> dict:
        rows = self.conn.execute(_SQL_QUEUED_BEFORE, {"hall": self.hall_id, "day": day,
                                                      "queue_at": queue_at, "seq_n": seq_n})
        return {(area, bool(kind)): count for area, kind, count in rows}

    def no_shows(self, day: date, area_ids) -> list[Ticket]:
        rows = self.conn.execute(sa.select(T).where(
            T.c.hall_id == self.hall_id, T.c.business_date == day,
            T.c.area_id.in_(list(area_ids)), T.c.status == TicketStatus.NO_SHOW.value)
            .order_by(T.c.finished_at.desc()))
        return [_ticket(r) for r in rows]

    def unfinished_before(self, day: date) -> list[Ticket]:
        rows = self.conn.execute(sa.select(T).where(
            T.c.hall_id == self.hall_id, T.c.business_date < day, T.c.status.in_(_UNFINISHED)))
        return [_ticket(r) for r in rows]

    def save_ticket(self, ticket: Ticket) -> None:
        values = _ticket_values(ticket)
        values["version"] = ticket.version + 1
        done = self.conn.execute(sa.update(T).where(
            T.c.id == ticket.id, T.c.version == ticket.version).values(**values))
        if done.rowcount != 1:
            raise ConcurrencyConflict(f"ticket {ticket.id} changed meanwhile")
        ticket.version += 1
        self._counters = None
        self._service.clear()
        self.writes += 1

    def service_seconds(self, area_id: str, day: date) -> list[float]:
        key = (area_id, day)
        if key not in self._service:
            rows = self.conn.execute(_SQL_SERVICE, {"hall": self.hall_id, "area": area_id, "day": day})
            self._service[key] = [(f - c).total_seconds() for c, f in reversed(rows.all())]
        return list(self._service[key])

    # -- counters ------------------------------------------------------------
    @staticmethod
    def _counter(row) -> CounterState:
        state = CounterState(hall_id=row.hall_id, number=row.number,
                             status=CounterStatus(row.status), pause_reason=row.pause_reason,
                             current_ticket_id=row.current_ticket_id, clerk=row.clerk,
                             clerk_id=row.clerk_user_id, priority_streak=row.priority_streak,
                             presence=Presence(row.presence), last_seen_at=row.last_seen_at,
                             undo_ticket_id=row.undo_ticket_id, undo_until=row.undo_until,
                             version=row.version)
        if state.current_ticket_id:
            data = {name: getattr(row, f"t_{name}") for name in _TICKET_FIELDS}
            data["hall_id"] = row.hall_id
            data["status"] = TicketStatus(data["status"])
            state.current = Ticket(**data)
        return state

    def counters(self) -> list[CounterState]:
        if self._counters is None:
            rows = self.conn.execute(_SQL_COUNTERS, {"hall": self.hall_id})
            self._counters = [self._counter(r) for r in rows]
        return [_copy_state(c) for c in self._counters]

    def get_counter(self, number: int) -> CounterState:
        for state in self.counters():
            if state.number == number:
                return state
        raise KeyError(number)

    def save_counter(self, state: CounterState) -> None:
        done = self.conn.execute(sa.update(C).where(
            C.c.hall_id == self.hall_id, C.c.number == state.number,
            C.c.version == state.version).values(
            status=state.status.value, pause_reason=state.pause_reason,
            current_ticket_id=state.current_ticket_id, clerk=state.clerk,
            clerk_user_id=state.clerk_id, priority_streak=state.priority_streak,
            presence=state.presence.value, last_seen_at=state.last_seen_at,
            undo_ticket_id=state.undo_ticket_id, undo_until=state.undo_until,
            version=state.version + 1))
        if done.rowcount != 1:
            raise ConcurrencyConflict(f"counter {state.number} changed meanwhile")
        state.version += 1
        self._counters = None
        self.writes += 1

    def last_served(self, day: date, counter: int) -> Ticket | None:
        row = self.conn.execute(sa.select(T).where(
            T.c.hall_id == self.hall_id, T.c.business_date == day, T.c.counter == counter,
            T.c.status == TicketStatus.SERVED.value).order_by(T.c.finished_at.desc()).limit(1)).first()
        return _ticket(row) if row else None

    # -- ratings -------------------------------------------------------------
    def add_rating(self, rating: Rating) -> None:
        values = {k: v for k, v in vars(rating).items()}
        values["reasons"] = list(rating.reasons)
        self.conn.execute(sa.insert(R).values(**values))
        self.writes += 1

    def get_rating(self, ticket_id: str) -> Rating | None:
        row = self.conn.execute(sa.select(R).where(R.c.ticket_id == ticket_id,
                                                   R.c.hall_id == self.hall_id)).first()
        if row is None:
            return None
        data = dict(row._mapping)
        data["reasons"] = tuple(data["reasons"] or ())
        return Rating(**data)

    # -- the log -------------------------------------------------------------
    def recent_calls(self, limit: int) -> list[dict]:
        rows = self.conn.execute(sa.select(E.c.payload).where(
            E.c.hall_id == self.hall_id, E.c.name == TICKET_CALLED)
            .order_by(E.c.seq.desc()).limit(limit))
        return [r.payload for r in rows]

    def append_events(self, events: list) -> None:
        self.conn.execute(_SQL_INSERT_EVENTS, [
            {"hall_id": self.hall_id, "seq": e.seq, "name": e.name, "at": e.at,
             "ticket_id": e.ticket_id, "area_id": e.area_id, "counter": e.counter,
             "actor": e.actor, "payload": e.payload} for e in events])

    def commit(self) -> None:
        self.conn.commit()


_RETRYABLE = ("database is locked", "deadlock", "could not serialize", "unique", "duplicate key")


class SqlStore:
    """The Store port on a SQLAlchemy engine, for one hall."""

    def __init__(self, engine: sa.Engine, hall_id: str):
        self.engine, self.hall_id = engine, hall_id

    @contextmanager
    def transaction(self):
        try:
            with self.engine.connect() as conn:
                conn.begin()
                if conn.dialect.name == "postgresql":
                    # One writer per hall at a time, as SQLite's BEGIN IMMEDIATE gives: a
                    # hall makes a few changes a second, and every one ends on the hall row
                    # (its event sequence) anyway; taking it first means no retries.
                    conn.execute(_SQL_LOCK_HALL, {"hall": self.hall_id})
                yield SqlTransaction(conn, self.hall_id)
        except (exc.IntegrityError, exc.OperationalError) as error:
            if any(word in str(error.orig).lower() for word in _RETRYABLE):
                raise ConcurrencyConflict(str(error.orig)) from error
            raise

    @contextmanager
    def read(self):
        with self.engine.connect() as conn:
            conn = conn.execution_options(luot_readonly=True)
            conn.begin()
            try:
                yield SqlTransaction(conn, self.hall_id)
            finally:
                conn.rollback()
