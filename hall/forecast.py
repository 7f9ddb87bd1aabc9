"""The forecast: in which order, at which counter and about when waiting tickets will be called.

It replays the hall forward with the very code that calls tickets (`priority.choose_next`
and `priority.next_streak`): the staffed counters take turns in the order they are expected
to become free (an idle counter now, a serving one when its citizen's expected service time
is up; ties by counter number), each calling what the policy would pick at that moment.
So "people ahead", "you are next" and the estimated wait on the kiosk, the ticket, the phone
and the API say what the engine will do if nothing else changes.
"""
from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable

from .config import Counter, HallConfig
from .model import CounterState, Ticket
from .priority import choose_next, next_streak, normal_waits

MIN_SAMPLES = 3                 # served tickets needed before a time estimate is offered
RECENT_SAMPLES = 20             # estimates use the latest service times only
ASSUMED_SERVICE_S = 300.0       # orders counters when nothing is known yet (no estimate shown)


@dataclass(frozen=True)
class Prediction:
    """When a waiting ticket is expected to be called."""

    position: int        # calls the hall makes before this one (0: it is next)
    counter: int         # the counter expected to call it
    at: datetime         # expected call time


@dataclass
class ServiceTimes:
    """Recent service durations per area (seconds), from today's served tickets."""

    by_area: dict[str, list[float]] = field(default_factory=dict)

    def known(self) -> bool:
        """Whether there is enough data to estimate times at all."""
        return sum(len(v) for v in self.by_area.values()) >= MIN_SAMPLES

    def mean(self, area_id: str) -> float:
        """Expected service time in an area: its own mean, else the hall's, else assumed."""
        own = self.by_area.get(area_id, [])[-RECENT_SAMPLES:]
        if len(own) >= MIN_SAMPLES:
            return sum(own) / len(own)
        every = [s for v in self.by_area.values() for s in v[-RECENT_SAMPLES:]]
        return sum(every) / len(every) if every else ASSUMED_SERVICE_S


@dataclass
class _Slot:
    free_at: datetime
    counter: Counter
    streak: int


class _Queues:
    """The waiting tickets as one FIFO per (area, kind), in queue order."""

    def __init__(self, tickets: Iterable[Ticket]):
        self.fifo: dict[tuple[str, bool], deque[Ticket]] = {}
        for ticket in sorted(tickets, key=lambda t: (t.queue_at, t.seq_n)):
            self.fifo.setdefault((ticket.area_id, bool(ticket.priority)), deque()).append(ticket)

    def heads(self, areas: Iterable[str]) -> list[Ticket]:
        """The front ticket of each queue of these areas (the only ones a counter can call)."""
        found = []
        for area in areas:
            for kind in (False, True):
                queue = self.fifo.get((area, kind))
                if queue:
                    found.append(queue[0])
        return found

    def pop(self, ticket: Ticket) -> None:
        self.fifo[(ticket.area_id, bool(ticket.priority))].popleft()


def _slots(config: HallConfig, counters: list[CounterState], now: datetime,
           times: ServiceTimes) -> list[_Slot]:
    slots = []
    for state in counters:
        if not state.available:
            continue
        free_at = now
        current = state.current
        if current is not None and current.called_at is not None:
            expected = current.called_at + timedelta(seconds=times.mean(current.area_id))
            free_at = max(now, expected)
        slots.append(_Slot(free_at, config.counter(state.number), state.priority_streak))
    return slots


def forecast(config: HallConfig, waiting: Iterable[Ticket], counters: list[CounterState],
             now: datetime, times: ServiceTimes, until: str | None = None) -> dict[str, Prediction]:
    """Predict the calls of the waiting tickets (stop early once `until` is predicted)."""
    queues = _Queues(waiting)
    slots = _slots(config, counters, now, times)
    predictions: dict[str, Prediction] = {}
    while slots:
        slot = min(slots, key=lambda s: (s.free_at, s.counter.number))
        heads = queues.heads(slot.counter.areas)
        ticket = choose_next(heads, slot.counter, config.policy, slot.streak, now)
        if ticket is None:
            slots.remove(slot)       # nothing will ever be left for it: no one else arrives
            continue
        others = [t for t in heads if t is not ticket]
        slot.streak = next_streak(slot.streak, ticket, normal_waits(others, slot.counter))
        predictions[ticket.id] = Prediction(len(predictions), slot.counter.number, slot.free_at)
        queues.pop(ticket)
        if ticket.id == until:
            break
        slot.free_at += timedelta(seconds=times.mean(ticket.area_id))
    return predictions


def wait_minutes(prediction: Prediction | None, now: datetime, times: ServiceTimes) -> int | None:
    """Estimated minutes until the call, or None without a prediction or enough data."""
    if prediction is None or not times.known():
        return None
    return max(0, int(math.ceil((prediction.at - now).total_seconds() / 60.0)))


NEW_TICKET = "\x00new"   # the id of the hypothetical ticket an area's estimate is made for


def new_ticket_prediction(config: HallConfig, area_id: str, waiting: list[Ticket],
                          counters: list[CounterState], now: datetime,
                          times: ServiceTimes) -> Prediction | None:
    """Where a normal ticket taken now in this area would land."""
    seq = 1 + max((t.seq_n for t in waiting), default=0)
    probe = Ticket(id=NEW_TICKET, hall_id=config.id, area_id=area_id, series_area_id=area_id,
                   business_date=now.date(), number="", seq_n=seq, issued_at=now, queue_at=now)
    return forecast(config, [*waiting, probe], counters, now, times, until=NEW_TICKET).get(NEW_TICKET)
