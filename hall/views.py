"""Read models: tickets, counters, areas and the hall snapshot as JSON-able dicts."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from .clock import business_date, iso
from .commands import allowed_commands
from .config import Area, HallConfig
from .forecast import (BATCH, Fifo, Forecast, Loader, Prediction, Queued, ServiceTimes,
                       forecast, new_ticket_prediction, wait_minutes)
from .model import CounterState, Ticket
from .opening import availability
from .public import public_id
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
        "id": ticket.id, "public_id": public_id(ticket.id), "number": ticket.number,
        "area": area.id, "area_name": area.name,
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
        # the rest of the record (staff only): with it an event says everything about the
        # ticket, so a province can rebuild a branch's tickets from its forwarded events
        "series_area": ticket.series_area_id, "seq_n": ticket.seq_n,
        "queue_at": iso(ticket.queue_at), "joined_at": iso(ticket.joined_at), "clerk": ticket.clerk,
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
    writes again, so a command's events cost one replay of the queue. Read-only views share
    one replay per hall state (`ReadCache`), so a thousand phones asking "how many ahead?"
    after an event cost one replay, not a thousand.
    """

    def __init__(self, config: HallConfig, tx, now: datetime, cache: "ReadCache | None" = None):
        self.config, self.tx, self.now, self.cache = config, tx, now, cache
        self.day: date = business_date(now)
        self._key = None
        self._state: QueueState | None = None

    @property
    def state(self) -> "QueueState":
        """The queues, counters, service times and forecast as this transaction sees them."""
        key = self.tx.writes
        if self._state is None or key != self._key:
            self._key = key
            shared = self.cache.key(self.tx, self.now) if self.cache and key == 0 else None
            self._state = self.cache.get(shared) if shared else None
            if self._state is None:
                self._state = QueueState.load(self.config, self.tx, self.day, self.now, self._more)
                if shared:
                    self.cache.put(shared, self._state)
        return self._state

    def _more(self, last: Queued, count: int) -> list[Queued]:
        return self.tx.waiting_after(self.day, last, count)

    def ticket(self, ticket: Ticket) -> dict:
        """A ticket; while it waits, with the people ahead and the estimated wait."""
        if ticket.status is not TicketStatus.WAITING:
            return ticket_view(self.config, ticket)
        state = self.state
        queued = Queued(ticket.id, ticket.area_id, ticket.priority, ticket.queue_at, ticket.seq_n)
        prediction = state.place(queued, self.tx, self.day, state.forecast)
        if prediction is not None:
            return ticket_view(self.config, ticket, prediction.position,
                               wait_minutes(prediction, self.now, state.times))
        assumed = state.place(queued, self.tx, self.day,
                              state.staffed_as_configured(self.now, self._more))
        return ticket_view(self.config, ticket, assumed.position if assumed else 0, None)

    def predictions(self) -> list[tuple[Queued, Prediction]]:
        """The waiting tickets the staffed counters will call next, in order."""
        state = self.state
        by_id = {t.id: t for t in state.waiting}
        return sorted(((by_id[i], p) for i, p in state.forecast.predictions.items()),
                      key=lambda pair: pair[1].position)

    def counters(self) -> list[CounterState]:
        """Every counter's state in this transaction."""
        return self.state.counters

    def area(self, area: Area) -> dict:
        """An area with its queue, availability and the estimated wait for a new ticket."""
        state = self.state
        counters = state.counters
        waiting = state.totals.get((area.id, False), 0) + state.totals.get((area.id, True), 0)
        issued = self.tx.issued_count(area.id, self.day)
        avail = availability(self.config, area, self.now, issued,
                             open_counter_count(self.config, area, counters))
        staffed = [c.number for c in counters
                   if c.available and area.id in self.config.counter(c.number).areas]
        estimate = None
        if staffed:
            estimate = wait_minutes(state.newcomer(area.id, self.now, self._more), self.now,
                                    state.times)
        oldest = min((t.queue_at for t in state.waiting if t.area_id == area.id), default=None)
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


@dataclass
class QueueState:
    """What the forecast reads, loaded once: the heads of the queues (more are loaded when
    the replay needs them), the queue lengths, the counters and today's service times."""

    config: HallConfig
    waiting: list[Queued]
    totals: dict[Fifo, int]
    counters: list[CounterState]
    times: ServiceTimes
    forecast: Forecast
    _assumed: Forecast | None = None
    _newcomers: dict = field(default_factory=dict)

    @classmethod
    def load(cls, config: HallConfig, tx, day: date, now: datetime, more: Loader) -> "QueueState":
        waiting = tx.waiting(day, [a.id for a in config.areas], BATCH)
        totals = tx.waiting_totals(day)
        counters = tx.counters()
        times = ServiceTimes({a.id: tx.service_seconds(a.id, day) for a in config.areas})
        return cls(config, waiting, totals, counters, times,
                   forecast(config, waiting, counters, now, times, totals=totals, more=more))

    def staffed_as_configured(self, now: datetime, more: Loader) -> Forecast:
        """With no staffed counter to call a ticket: the order once every counter that is not
        closed for the day is staffed (no time estimate is given then)."""
        if self._assumed is None:
            staffed = [replace(c, presence=Presence.PRESENT,
                               status=CounterStatus.IDLE if c.status is CounterStatus.PAUSED
                               else c.status)
                       for c in self.counters if c.status is not CounterStatus.CLOSED]
            self._assumed = forecast(self.config, self.waiting, staffed, now, self.times,
                                     totals=self.totals, more=more)
        return self._assumed

    def newcomer(self, area_id: str, now: datetime, more: Loader) -> Prediction | None:
        """Where a normal ticket taken now in the area would land (the area's estimate)."""
        if area_id not in self._newcomers:
            self._newcomers[area_id] = new_ticket_prediction(
                self.config, area_id, self.waiting, self.totals, self.counters, now, self.times,
                more)
        return self._newcomers[area_id]

    def place(self, ticket: Queued, tx, day: date, outcome: Forecast) -> Prediction | None:
        """The ticket's prediction: exact when the replay reached it, else placed after."""
        found = outcome.get(ticket.id)
        if found is not None or not outcome.counters:
            return found
        before = tx.queued_before(day, ticket.queue_at, ticket.seq_n)
        ahead = {fifo: (self.totals.get(fifo, 0) if fifo[1] and not ticket.priority
                        else before.get(fifo, 0))
                 for fifo in self.totals if fifo[1] or not ticket.priority}
        return outcome.beyond(ticket, ahead)


class ReadCache:
    """One forecast per hall state for read-only views: keyed by the hall's last event number
    (any change is an event) and the half minute (estimates move with the clock)."""

    def __init__(self):
        self._key, self._state = None, None

    @staticmethod
    def key(tx, now: datetime) -> tuple:
        return (tx.last_seq(), int(now.timestamp() // 30))

    def get(self, key) -> "QueueState | None":
        return self._state if key == self._key else None

    def put(self, key, state: "QueueState") -> None:
        self._key, self._state = key, state
