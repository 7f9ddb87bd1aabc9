"""What the hall needs from storage: a transaction with conditional writes.

`store/` implements this with SQLAlchemy; `hall/memory.py` with dicts for fast tests.
Every save is conditional on the version read: a row changed by someone else raises
ConcurrencyConflict and the command is retried from the start.
"""
from __future__ import annotations

from datetime import date
from typing import ContextManager, Iterable, Protocol

from .model import CounterState, Ticket


class Transaction(Protocol):
    writes: int
    """How many writes this transaction has made (read models cache against it)."""

    def hall_date(self) -> date | None:
        """The business day the hall last worked in (None before the first day)."""

    def advance_date(self, old: date | None, new: date) -> None:
        """Move the hall to a new business day; ConcurrencyConflict if someone did."""

    def last_seq(self) -> int:
        """The hall's latest event number (0 before the first event)."""

    def allocate_seq(self, count: int) -> int:
        """Reserve `count` consecutive event numbers; return the first."""

    def next_number(self, area_id: str, day: date) -> int:
        """Atomically take the next position in an area's series for the day (1-based)."""

    def issued_count(self, area_id: str, day: date) -> int:
        """How many numbers an area's series has issued that day."""

    def add_ticket(self, ticket: Ticket) -> None: ...

    def get_ticket(self, ticket_id: str) -> Ticket | None: ...

    def tickets_by_number(self, day: date, number: str) -> list[Ticket]: ...

    def queue_heads(self, day: date, area_ids: Iterable[str]) -> list[Ticket]:
        """For each area and kind (priority or normal), its longest-waiting ticket."""

    def waiting(self, day: date, area_ids: Iterable[str], per_queue: int) -> list:
        """The first `per_queue` waiting tickets of each (area, kind) queue of these areas
        that day, as `hall.forecast.Queued`, in queue order (queue time, then series position)."""

    def waiting_after(self, day: date, last, count: int) -> list:
        """The next `count` waiting tickets of `last`'s queue, after it, in queue order."""

    def waiting_totals(self, day: date) -> dict:
        """How many tickets wait in each (area, is priority) queue that day."""

    def queued_before(self, day: date, queue_at, seq_n: int) -> dict:
        """Per (area, is priority) queue, the waiting tickets queued before this place."""

    def no_shows(self, day: date, area_ids: Iterable[str]) -> list[Ticket]:
        """The day's no-show tickets in these areas, latest first."""

    def unfinished_before(self, day: date) -> list[Ticket]:
        """Waiting or called tickets of earlier business days."""

    def save_ticket(self, ticket: Ticket) -> None: ...

    def get_counter(self, number: int) -> CounterState: ...

    def counters(self) -> list[CounterState]: ...

    def save_counter(self, counter: CounterState) -> None: ...

    def service_seconds(self, area_id: str, day: date) -> list[float]:
        """Service durations (call to finish) of tickets served that day in an area."""

    def recent_calls(self, limit: int) -> list[dict]:
        """Payloads of the latest ticket_called events, newest first."""

    def last_served(self, day: date, counter: int) -> Ticket | None:
        """The ticket a counter finished as served most recently that day."""

    def add_rating(self, rating) -> None:
        """Store a rating; a second rating of the same ticket is refused (ConcurrencyConflict)."""

    def get_rating(self, ticket_id: str):
        """The rating of a ticket, or None."""

    def append_events(self, events: list) -> None:
        """Append events (with seq assigned) to the log."""

    def commit(self) -> None: ...


class Store(Protocol):
    def transaction(self) -> ContextManager[Transaction]:
        """A read-write transaction; leaving it without commit() rolls back."""

    def read(self) -> ContextManager[Transaction]:
        """A read-only consistent view."""
