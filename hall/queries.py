"""The hall's queries: a ticket, a counter, call-back candidates, the snapshot.

Each answers from one consistent read (after the day has rolled over, if it had to).
"""
from __future__ import annotations

from datetime import timedelta

from .clock import iso
from .config import HallConfig, known_counter
from .errors import NotFound
from .model import CounterState
from .views import counter_view, ticket_view


def lookup_counter(config: HallConfig, tx, number) -> CounterState:
    """A counter's state by number; InvalidInput or NotFound for a bad number."""
    known_counter(config, number)
    return tx.get_counter(number)


class HallQueries:
    """Read-only views of one hall."""

    def __init__(self, config: HallConfig, uow):
        self.config, self.uow = config, uow

    def ticket(self, ticket_id) -> dict:
        """A ticket by its id, with people ahead and estimated wait."""
        missing = NotFound("Không tìm thấy phiếu (no such ticket)", code="unknown_ticket")
        if not isinstance(ticket_id, str) or not 1 <= len(ticket_id) <= 64:
            raise missing

        def query(work):
            ticket = work.tx.get_ticket(ticket_id)
            if ticket is None:
                raise missing
            return work.view.ticket(ticket)
        return self.uow.read(query)

    def counter(self, counter_no) -> dict:
        """One counter's state."""
        return self.uow.read(
            lambda work: counter_view(self.config, lookup_counter(self.config, work.tx, counter_no)))

    def no_shows(self, counter_no) -> list[dict]:
        """No-show tickets of the counter's areas that can still be called back today."""
        def query(work):
            state = lookup_counter(self.config, work.tx, counter_no)
            limit = timedelta(minutes=self.config.no_show_tolerance_minutes)
            areas = self.config.counter(state.number).areas
            return [ticket_view(self.config, t) for t in work.tx.no_shows(work.day, areas)
                    if t.finished_at and work.now - t.finished_at <= limit]
        return self.uow.read(query)

    def areas(self) -> list[dict]:
        """Every area with its queue, availability and estimated wait."""
        return self.uow.read(lambda work: [work.view.area(a) for a in self.config.areas])

    def counters(self) -> list[dict]:
        """Every counter with its state and current ticket."""
        return self.uow.read(
            lambda work: [counter_view(self.config, c) for c in work.tx.counters()])

    def forecast(self) -> list[dict]:
        """Who the staffed counters will call, in order, if nothing else changes."""
        def query(work):
            return [{"ticket": ticket.id, "area": ticket.area_id, "priority": ticket.priority,
                     "position": p.position, "counter": p.counter, "expected_at": iso(p.at)}
                    for ticket, p in work.view.predictions()]
        return self.uow.read(query)

    def last_seq(self) -> int:
        """The hall's latest event number (a cheap read: the health check)."""
        with self.uow.store.read() as tx:
            return tx.last_seq()

    def snapshot(self, recent: int = 10) -> dict:
        """Everything a display needs, consistent with the latest event number `seq`."""
        def query(work):
            tx, hall = work.tx, self.config
            return {
                "seq": tx.last_seq(),
                "business_date": work.day.isoformat(),
                "now": iso(work.now),
                "hall": {"id": hall.id, "name": hall.name, "name_en": hall.name_en,
                         "short_name": hall.short_name, "notice": hall.notice},
                "areas": [work.view.area(a) for a in hall.areas],
                "counters": [counter_view(hall, c) for c in work.view.counters()],
                "recent_calls": tx.recent_calls(recent),
            }
        return self.uow.read(query)
