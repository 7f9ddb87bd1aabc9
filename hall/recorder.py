"""The recorder: a command's events, built from read models, stamped before commit."""
from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from . import events as ev
from .clock import iso
from .config import HallConfig
from .events import Event
from .model import CounterState, Ticket
from .views import counter_view

if TYPE_CHECKING:  # pragma: no cover
    from .unit_of_work import Work


class Recorder:
    """Collects the events of one unit of work, in order."""

    def __init__(self, config: HallConfig, work: "Work"):
        self.config, self.work = config, work
        self.events: list[Event] = []

    def event(self, name: str, payload: dict, ticket: Ticket | None = None,
              counter: int | None = None) -> Event:
        """Record one event; returns it (seq and time are given at flush)."""
        event = Event(name, payload, ticket_id=ticket.id if ticket else None,
                      area_id=ticket.area_id if ticket else None, counter=counter)
        self.events.append(event)
        return event

    def ticket(self, name: str, ticket: Ticket, **extra) -> dict:
        """Record a ticket event; returns the ticket as watchers see it."""
        view = self.work.view.ticket(ticket)
        self.event(name, {**extra, "ticket": view}, ticket, ticket.counter)
        return view

    def counter(self, state: CounterState) -> None:
        """Record the counter's new state."""
        self.event(ev.COUNTER_UPDATED, {"counter": counter_view(self.config, state)},
                   counter=state.number)

    def queue(self, area_ids) -> None:
        """Record the queues of these areas (length, availability, estimate)."""
        for area_id in dict.fromkeys(area_ids):
            view = self.work.view.area(self.config.area(area_id))
            self.events.append(Event(ev.QUEUE_UPDATED, {"area": view}, area_id=area_id))

    def call(self, state: CounterState, ticket: Ticket, recall: bool) -> None:
        """Record a call of a ticket to a counter, with a fresh call id."""
        counter = counter_view(self.config, state)
        payload = {"call_id": secrets.token_hex(8), "recall": recall,
                   "ticket": self.work.view.ticket(ticket),
                   "counter": {k: counter[k] for k in ("number", "name", "purpose")}}
        self.event(ev.TICKET_CALLED, payload, ticket, state.number)

    def mark(self) -> int:
        """A place in the record, to ask later what was recorded since."""
        return len(self.events)

    def counter_recorded_since(self, mark: int, number: int) -> bool:
        """Whether the counter's state has been recorded since the mark."""
        return any(e.name == ev.COUNTER_UPDATED and e.counter == number
                   for e in self.events[mark:])

    def flush(self) -> None:
        """Give the events consecutive sequence numbers and the work's time; append them."""
        if not self.events:
            return
        tx, now = self.work.tx, self.work.now
        first = tx.allocate_seq(len(self.events))
        at = iso(now)
        for offset, event in enumerate(self.events):
            event.at, event.actor = now, self.work.actor
            event.stamped(first + offset, at)
        tx.append_events(self.events)
