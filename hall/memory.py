"""An in-memory Store for fast domain tests: one writer at a time, rollback by copy."""
from __future__ import annotations

import copy
import threading
from contextlib import contextmanager
from datetime import date

from .errors import ConcurrencyConflict
from .forecast import Queued
from .model import CounterState, Ticket
from .states import CounterStatus, TicketStatus


class _Data:
    def __init__(self, hall_id: str, counters: list[int], open_by_default: bool):
        self.hall_id = hall_id
        self.day: date | None = None
        self.seq = 0
        self.numbers: dict[tuple[str, date], int] = {}
        self.tickets: dict[str, Ticket] = {}
        status = CounterStatus.IDLE if open_by_default else CounterStatus.CLOSED
        self.counters = {n: CounterState(hall_id, n, status) for n in counters}
        self.events: list = []
        self.ratings: dict = {}


class MemoryTransaction:
    """The Transaction port over a private copy of the data."""

    def __init__(self, data: _Data):
        self.d = data
        self.committed = False
        self.writes = 0

    def hall_date(self):
        return self.d.day

    def advance_date(self, old, new):
        if self.d.day != old:
            raise ConcurrencyConflict("business day already advanced")
        self.d.day = new

    def last_seq(self):
        return self.d.seq

    def allocate_seq(self, count):
        first = self.d.seq + 1
        self.d.seq += count
        return first

    def next_number(self, area_id, day):
        key = (area_id, day)
        self.d.numbers[key] = self.d.numbers.get(key, 0) + 1
        return self.d.numbers[key]

    def issued_count(self, area_id, day):
        return self.d.numbers.get((area_id, day), 0)

    def add_ticket(self, ticket):
        for other in self.d.tickets.values():
            if (other.origin_id is None and ticket.origin_id is None
                    and (other.series_area_id, other.business_date, other.number)
                    == (ticket.series_area_id, ticket.business_date, ticket.number)):
                raise ConcurrencyConflict("duplicate number")
        self.d.tickets[ticket.id] = copy.copy(ticket)
        self.writes += 1

    def get_ticket(self, ticket_id):
        ticket = self.d.tickets.get(ticket_id)
        return copy.copy(ticket) if ticket else None

    def tickets_by_number(self, day, number):
        found = [t for t in self.d.tickets.values() if t.business_date == day and t.number == number]
        return [copy.copy(t) for t in sorted(found, key=lambda t: (t.queue_at, t.id))]

    def queue_heads(self, day, area_ids):
        heads = {}
        for t in sorted(self.d.tickets.values(), key=lambda t: (t.queue_at, t.seq_n)):
            if t.business_date == day and t.area_id in area_ids and t.status is TicketStatus.WAITING:
                heads.setdefault((t.area_id, bool(t.priority)), copy.copy(t))
        return list(heads.values())

    def _waiting(self, day):
        found = [t for t in self.d.tickets.values()
                 if t.business_date == day and t.status is TicketStatus.WAITING]
        return sorted(found, key=lambda t: (t.queue_at, t.seq_n))

    def waiting(self, day, area_ids, per_queue):
        taken, result = {}, []
        for t in self._waiting(day):
            if t.area_id not in area_ids:
                continue
            fifo = (t.area_id, bool(t.priority))
            taken[fifo] = taken.get(fifo, 0) + 1
            if taken[fifo] <= per_queue:
                result.append(Queued(t.id, t.area_id, t.priority, t.queue_at, t.seq_n))
        return result

    def waiting_after(self, day, last, count):
        fifo = (last.area_id, bool(last.priority))
        later = [t for t in self._waiting(day) if (t.area_id, bool(t.priority)) == fifo
                 and (t.queue_at, t.seq_n) > (last.queue_at, last.seq_n)]
        return [Queued(t.id, t.area_id, t.priority, t.queue_at, t.seq_n) for t in later[:count]]

    def waiting_totals(self, day):
        totals = {}
        for t in self._waiting(day):
            totals[(t.area_id, bool(t.priority))] = totals.get((t.area_id, bool(t.priority)), 0) + 1
        return totals

    def queued_before(self, day, queue_at, seq_n):
        counts = {}
        for t in self._waiting(day):
            if (t.queue_at, t.seq_n) < (queue_at, seq_n):
                counts[(t.area_id, bool(t.priority))] = counts.get((t.area_id, bool(t.priority)), 0) + 1
        return counts

    def no_shows(self, day, area_ids):
        found = [copy.copy(t) for t in self.d.tickets.values() if t.business_date == day
                 and t.area_id in area_ids and t.status is TicketStatus.NO_SHOW]
        return sorted(found, key=lambda t: t.finished_at, reverse=True)

    def unfinished_before(self, day):
        return [copy.copy(t) for t in self.d.tickets.values() if t.business_date < day
                and t.status in (TicketStatus.WAITING, TicketStatus.CALLED)]

    def save_ticket(self, ticket):
        stored = self.d.tickets[ticket.id]
        if stored.version != ticket.version:
            raise ConcurrencyConflict(f"ticket {ticket.id} changed")
        if ticket.status is TicketStatus.CALLED:
            for other in self.d.tickets.values():
                if (other.id != ticket.id and other.status is TicketStatus.CALLED
                        and other.counter == ticket.counter):
                    raise ConcurrencyConflict("counter already has a called ticket")
        ticket.version += 1
        self.d.tickets[ticket.id] = copy.copy(ticket)
        self.writes += 1

    def get_counter(self, number):
        state = copy.copy(self.d.counters[number])
        state.current = self.get_ticket(state.current_ticket_id) if state.current_ticket_id else None
        return state

    def counters(self):
        return [self.get_counter(n) for n in sorted(self.d.counters)]

    def save_counter(self, state):
        stored = self.d.counters[state.number]
        if stored.version != state.version:
            raise ConcurrencyConflict(f"counter {state.number} changed")
        state.version += 1
        saved = copy.copy(state)
        saved.current = None
        self.d.counters[state.number] = saved
        self.writes += 1

    def service_seconds(self, area_id, day):
        served = [t for t in self.d.tickets.values() if t.business_date == day and t.area_id == area_id
                  and t.status is TicketStatus.SERVED and t.service_seconds is not None]
        served.sort(key=lambda t: t.finished_at)
        return [t.service_seconds for t in served]

    def recent_calls(self, limit):
        calls = [e.payload for e in self.d.events if e.name == "ticket_called"]
        return list(reversed(calls[-limit:]))

    def last_served(self, day, counter):
        served = [t for t in self.d.tickets.values() if t.business_date == day
                  and t.counter == counter and t.status is TicketStatus.SERVED]
        return copy.copy(max(served, key=lambda t: t.finished_at)) if served else None

    def add_rating(self, rating):
        if rating.ticket_id in self.d.ratings:
            raise ConcurrencyConflict("ticket already rated")
        self.d.ratings[rating.ticket_id] = copy.copy(rating)
        self.writes += 1

    def get_rating(self, ticket_id):
        rating = self.d.ratings.get(ticket_id)
        return copy.copy(rating) if rating else None

    def append_events(self, events):
        self.d.events.extend(events)

    def commit(self):
        self.committed = True


class MemoryStore:
    """The Store port in memory: transactions are serialised and roll back on error."""

    def __init__(self, hall_id: str, counters: list[int], open_by_default: bool = True):
        self.data = _Data(hall_id, counters, open_by_default)
        self._lock = threading.RLock()

    @classmethod
    def for_config(cls, config) -> "MemoryStore":
        return cls(config.id, [c.number for c in config.counters], config.counters_open_by_default)

    @contextmanager
    def transaction(self):
        with self._lock:
            tx = MemoryTransaction(copy.deepcopy(self.data))
            yield tx
            if tx.committed:
                self.data = tx.d

    @contextmanager
    def read(self):
        with self._lock:
            yield MemoryTransaction(copy.deepcopy(self.data))
