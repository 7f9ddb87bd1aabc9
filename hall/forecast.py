"""The forecast: in which order, at which counter and about when waiting tickets will be called.

It replays the hall forward with the very code that calls tickets (`priority.choose_next`
and `priority.next_streak`): the staffed counters take turns in the order they are expected
to become free (an idle counter now, a serving one when its citizen's expected service time
is up; ties by counter number), each calling what the policy would pick at that moment.
So "people ahead", "you are next" and the estimated wait on the kiosk, the ticket, the phone
and the API say what the engine will do if nothing else changes.

The replay is exact for the next HORIZON calls, which is hours of a real hall. A ticket
further back is placed after them by queue order (priority queues first), and its time is
extrapolated at the counters' pace: every command then costs at most HORIZON replay steps,
however long the queues grow.
"""
from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Iterable

from .config import Counter, HallConfig
from .model import CounterState
from .priority import choose_next, next_streak, normal_waits

MIN_SAMPLES = 3                 # served tickets needed before a time estimate is offered
RECENT_SAMPLES = 20             # estimates use the latest service times only
ASSUMED_SERVICE_S = 300.0       # orders counters when nothing is known yet (no estimate shown)
HORIZON = 120                   # calls replayed exactly

Fifo = tuple[str, bool]         # (area id, is priority): one queue, in queue order


@dataclass(frozen=True)
class Queued:
    """A waiting ticket as the forecast sees it (what `choose_next` reads)."""

    id: str
    area_id: str
    priority: str | None
    queue_at: datetime
    seq_n: int

    @property
    def fifo(self) -> Fifo:
        return (self.area_id, bool(self.priority))


@dataclass(frozen=True)
class Prediction:
    """When a waiting ticket is expected to be called."""

    position: int             # calls the hall makes before this one (0: it is next)
    counter: int | None       # the counter expected to call it (None: beyond the horizon)
    at: datetime              # expected call time


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


@dataclass
class Forecast:
    """The replay's outcome: exact predictions, and what is needed to place the rest."""

    config: HallConfig
    predictions: dict[str, Prediction]
    popped: dict[Fifo, int]                 # tickets predicted from each queue (its first ones)
    counters: tuple[int, ...]               # staffed counters taking part
    last_at: datetime
    times: ServiceTimes

    def get(self, ticket_id: str) -> Prediction | None:
        return self.predictions.get(ticket_id)

    def beyond(self, ticket: Queued, before: dict[Fifo, int]) -> Prediction | None:
        """Place a ticket the replay did not reach; `before` counts, per queue, the waiting
        tickets that go before it by queue order (priority queues before normal ones)."""
        serving = [n for n in self.counters if ticket.area_id in self.config.counter(n).areas]
        if not serving:
            return None
        areas = {a for n in serving for a in self.config.counter(n).areas}
        rest = sum(max(0, count - self.popped.get(fifo, 0))
                   for fifo, count in before.items() if fifo[0] in areas)
        pace = sum(self.times.mean(a) for a in areas) / len(areas) / len(serving)
        return Prediction(len(self.predictions) + rest, None,
                          self.last_at + timedelta(seconds=pace * (rest + 1)))


Loader = Callable[[Queued, int], list[Queued]]   # more of a queue, after its last loaded ticket
BATCH = 40                                        # tickets loaded per queue at a time


class _Queues:
    """The waiting tickets as one FIFO per (area, kind), in queue order; a queue whose loaded
    head runs out is topped up from the store while it has more (`totals`)."""

    def __init__(self, tickets: Iterable[Queued], totals: dict[Fifo, int] | None = None,
                 more: Loader | None = None, tail: Queued | None = None):
        self.fifo: dict[Fifo, deque[Queued]] = {}
        for ticket in sorted(tickets, key=lambda t: (t.queue_at, t.seq_n)):
            self.fifo.setdefault(ticket.fifo, deque()).append(ticket)
        self.loaded = {fifo: len(queue) for fifo, queue in self.fifo.items()}
        self.totals, self.more, self.tail = totals, more, tail
        if tail is not None:
            self._join_tail(tail.fifo)

    def _complete(self, fifo: Fifo) -> bool:
        return self.totals is None or self.loaded.get(fifo, 0) >= self.totals.get(fifo, 0)

    def _join_tail(self, fifo: Fifo) -> None:
        """The hypothetical newcomer joins its queue once the queue is loaded to its end."""
        if self.tail is not None and self.tail.fifo == fifo and self._complete(fifo):
            self.fifo.setdefault(fifo, deque()).append(self.tail)
            self.tail = None

    def heads(self, areas: Iterable[str]) -> list[Queued]:
        """The front ticket of each queue of these areas (the only ones a counter can call)."""
        found = []
        for area in areas:
            for kind in (False, True):
                queue = self.fifo.get((area, kind))
                if queue:
                    found.append(queue[0])
        return found

    def pop(self, ticket: Queued) -> None:
        fifo = ticket.fifo
        queue = self.fifo[fifo]
        queue.popleft()
        if not queue and self.more and not self._complete(fifo):
            batch = self.more(ticket, BATCH)
            queue.extend(batch)
            self.loaded[fifo] = self.loaded.get(fifo, 0) + len(batch) if batch else self.totals[fifo]
        if not queue:
            self._join_tail(fifo)


def _slots(config: HallConfig, counters: list[CounterState], now: datetime,
           times: ServiceTimes) -> list[_Slot]:
    slots = []
    for state in counters:
        if not state.available:
            continue
        free_at = now
        current = state.current
        started = current.first_called_at or current.called_at if current is not None else None
        if started is not None:
            free_at = max(now, started + timedelta(seconds=times.mean(current.area_id)))
        slots.append(_Slot(free_at, config.counter(state.number), state.priority_streak))
    return slots


def forecast(config: HallConfig, waiting: Iterable[Queued], counters: list[CounterState],
             now: datetime, times: ServiceTimes,
             horizon: int = HORIZON, totals: dict[Fifo, int] | None = None,
             more: Loader | None = None, newcomer: Queued | None = None) -> Forecast:
    """Replay the next calls of the staffed counters (stop once `newcomer`, if given, is).

    `waiting` holds the first tickets of every queue; with `totals` and `more`, a queue
    that runs out is topped up (without them, `waiting` must be every waiting ticket).
    A `newcomer` joins the end of its queue."""
    queues = _Queues(waiting, totals, more, newcomer)
    until = newcomer.id if newcomer is not None else None
    slots = _slots(config, counters, now, times)
    result = Forecast(config, {}, {}, tuple(s.counter.number for s in slots), now, times)
    while slots and len(result.predictions) < horizon:
        slot = min(slots, key=lambda s: (s.free_at, s.counter.number))
        heads = queues.heads(slot.counter.areas)
        ticket = choose_next(heads, slot.counter, config.policy, slot.streak, now)
        if ticket is None:
            slots.remove(slot)       # nothing will ever be left for it: no one else arrives
            continue
        others = [t for t in heads if t is not ticket]
        slot.streak = next_streak(slot.streak, ticket, normal_waits(others, slot.counter))
        result.predictions[ticket.id] = Prediction(len(result.predictions), slot.counter.number,
                                                   slot.free_at)
        result.popped[ticket.fifo] = result.popped.get(ticket.fifo, 0) + 1
        result.last_at = max(result.last_at, slot.free_at)
        queues.pop(ticket)
        if ticket.id == until:
            break
        slot.free_at += timedelta(seconds=times.mean(ticket.area_id))
    return result


def wait_minutes(prediction: Prediction | None, now: datetime, times: ServiceTimes) -> int | None:
    """Estimated minutes until the call, or None without a prediction or enough data."""
    if prediction is None or not times.known():
        return None
    return max(0, int(math.ceil((prediction.at - now).total_seconds() / 60.0)))


NEW_TICKET = "\x00new"   # the id of the hypothetical ticket an area's estimate is made for


def ahead_of_newcomer(totals: dict[Fifo, int], priority: bool) -> dict[Fifo, int]:
    """Per queue, the waiting tickets a ticket taken now would have before it."""
    return {fifo: count for fifo, count in totals.items() if fifo[1] or not priority}


def new_ticket_prediction(config: HallConfig, area_id: str, waiting: list[Queued],
                          totals: dict[Fifo, int], counters: list[CounterState], now: datetime,
                          times: ServiceTimes, more: Loader | None = None) -> Prediction | None:
    """Where a normal ticket taken now in this area would land."""
    seq = 1 + max((t.seq_n for t in waiting), default=0)
    probe = Queued(NEW_TICKET, area_id, None, now, seq)
    outcome = forecast(config, waiting, counters, now, times, totals=totals, more=more,
                       newcomer=probe)
    return outcome.get(NEW_TICKET) or outcome.beyond(probe, ahead_of_newcomer(totals, False))
