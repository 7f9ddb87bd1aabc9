"""Read models: tickets, counters, areas and the hall snapshot as JSON-able dicts."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from .clock import business_date, iso
from .commands import allowed_commands
from .config import Area, HallConfig
from .forecast import Prediction, ServiceTimes, forecast, new_ticket_prediction, wait_minutes
from .model import CounterState, Ticket
from .opening import availability
from .states import CounterStatus, Presence, TicketStatus


def ticket_view(config: HallConfig, ticket: Ticket, ahead: int = 0,
                estimate_min: int | None = None) -> dict:
    """A ticket as watchers, devices and the API see it."""
    area = config.area(ticket.area_id)
    label = label_en = None
    if ticket.priority:
        try:
            category = config.category(ticket.priority)
            label, label_en = category.label, category.label_en
        except KeyError:
            label = label_en = ticket.priority
    return {
        "id": ticket.id, "number": ticket.number, "area": area.id, "area_name": area.name,
        "area_name_en": area.name_en, "priority": ticket.priority, "priority_label": label,
        "priority_label_en": label_en, "status": ticket.status.value,
        "issued_at": iso(ticket.issued_at), "called_at": iso(ticket.called_at),
        "finished_at": iso(ticket.finished_at), "counter": ticket.counter,
        "first_called_at": iso(ticket.first_called_at),
        "business_date": ticket.business_date.isoformat(), "session": ticket.session,
        "ahead": ahead if ticket.status is TicketStatus.WAITING else 0,
        "estimated_wait_min": estimate_min if ticket.status is TicketStatus.WAITING else None,
        "call_count": ticket.call_count, "dossier_code": ticket.dossier_code,
        "transferred_to": ticket.transferred_to, "origin": ticket.origin_id,
    }


def counter_view(config: HallConfig, state: CounterState) -> dict:
    """A counter with its state and current ticket."""
    counter = config.counter(state.number)
    current = ticket_view(config, state.current) if state.current else None
    return {
        "number": counter.number, "name": counter.name, "purpose": counter.purpose,
        "areas": list(counter.areas), "status": state.status.value, "shown_as": state.shown_as,
        "presence": state.presence.value,
        "pause_reason": state.pause_reason, "current": current, "clerk": state.clerk,
        "clerk_id": state.clerk_id, "actions": allowed_commands(state),
        "undo_until": iso(state.undo_until) if state.can_undo else None,
    }


def open_counter_count(config: HallConfig, area: Area, counters: list[CounterState]) -> int:
    """Counters serving an area that are not closed for the day (the area takes tickets)."""
    serving = {c.number for c in config.counters_for(area.id)}
    return sum(1 for c in counters if c.number in serving and c.status is not CounterStatus.CLOSED)


class HallView:
    """Read models of one hall at one moment, from one transaction.

    The forecast (who is called when) is computed once and reused until the transaction
    writes again, so a command's events and a snapshot cost one replay of the queue.
    """

    def __init__(self, config: HallConfig, tx, now: datetime):
        self.config, self.tx, self.now = config, tx, now
        self.day: date = business_date(now)
        self._cache_key = None
        self._waiting: list[Ticket] = []
        self._counters: list[CounterState] = []
        self._times = ServiceTimes()
        self._predictions: dict[str, Prediction] = {}
        self._assumed: dict[str, Prediction] | None = None

    def _fresh(self) -> None:
        key = self.tx.writes
        if key == self._cache_key:
            return
        self._cache_key = key
        self._waiting = self.tx.waiting(self.day)
        self._counters = self.tx.counters()
        areas = {t.area_id for t in self._waiting} | {a.id for a in self.config.areas}
        self._times = ServiceTimes({a: self.tx.service_seconds(a, self.day) for a in areas})
        self._predictions = forecast(self.config, self._waiting, self._counters, self.now,
                                     self._times)
        self._assumed = None

    def ticket(self, ticket: Ticket) -> dict:
        """A ticket; while it waits, with the people ahead and the estimated wait."""
        if ticket.status is not TicketStatus.WAITING:
            return ticket_view(self.config, ticket)
        self._fresh()
        prediction = self._predictions.get(ticket.id)
        if prediction is not None:
            estimate = wait_minutes(prediction, self.now, self._times)
            return ticket_view(self.config, ticket, prediction.position, estimate)
        assumed = self._staffed_as_configured().get(ticket.id)
        return ticket_view(self.config, ticket, assumed.position if assumed else 0, None)

    def _staffed_as_configured(self) -> dict[str, Prediction]:
        """With no staffed counter to call a ticket: the order once every counter that is not
        closed for the day is staffed (no time estimate is given then)."""
        if self._assumed is None:
            staffed = [replace(c, presence=Presence.PRESENT,
                               status=CounterStatus.IDLE if c.status is CounterStatus.PAUSED
                               else c.status)
                       for c in self._counters if c.status is not CounterStatus.CLOSED]
            self._assumed = forecast(self.config, self._waiting, staffed, self.now, self._times)
        return self._assumed

    def predictions(self) -> list[tuple[Ticket, Prediction]]:
        """The waiting tickets in the order the staffed counters are expected to call them."""
        self._fresh()
        by_id = {t.id: t for t in self._waiting}
        return sorted(((by_id[i], p) for i, p in self._predictions.items()),
                      key=lambda pair: pair[1].position)

    def counters(self) -> list[CounterState]:
        """Every counter's state in this transaction."""
        self._fresh()
        return self._counters

    def area(self, area: Area) -> dict:
        """An area with its queue, availability and the estimated wait for a new ticket."""
        self._fresh()
        tx, counters = self.tx, self._counters
        waiting = sum(1 for t in self._waiting if t.area_id == area.id)
        issued = tx.issued_count(area.id, self.day)
        avail = availability(self.config, area, self.now, issued,
                             open_counter_count(self.config, area, counters))
        staffed = [c.number for c in counters if c.available and area.id in self.config.counter(c.number).areas]
        estimate = None
        if staffed:
            probe = new_ticket_prediction(self.config, area.id, self._waiting, counters, self.now,
                                          self._times)
            estimate = wait_minutes(probe, self.now, self._times)
        oldest = min((t.queue_at for t in self._waiting if t.area_id == area.id), default=None)
        return {
            "id": area.id, "name": area.name, "name_en": area.name_en, "waiting": waiting,
            "issued": issued, "daily_cap": area.daily_cap, "open": avail.open,
            "closed_reason": avail.reason, "closed_reason_vi": avail.reason_vi,
            "closed_reason_en": avail.reason_en, "next_open": iso(avail.next_open),
            "session": avail.session, "estimated_wait_min": estimate,
            "oldest_waiting_at": iso(oldest),
            "counters": [c.number for c in self.config.counters_for(area.id)],
            "open_counters": staffed,
        }
