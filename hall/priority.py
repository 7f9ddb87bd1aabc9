"""Which waiting ticket a counter calls next: priority policy and longest weighted wait."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from .config import Counter, PriorityPolicy
from .model import Ticket


def _longest_waiting(tickets: list[Ticket], counter: Counter, now: datetime) -> Ticket | None:
    """The ticket with the longest wait, scaled by the counter's weight for its area."""
    def urgency(ticket: Ticket):
        waited = max((now - ticket.queue_at).total_seconds(), 0.0)
        return (-(waited + 1.0) * counter.weight(ticket.area_id), ticket.queue_at, ticket.seq_n)
    return min(tickets, key=urgency) if tickets else None


def choose_next(waiting: Iterable[Ticket], counter: Counter, policy: PriorityPolicy,
                normal_streak: int, now: datetime) -> Ticket | None:
    """Pick the next ticket for a counter among waiting tickets of its areas.

    Only the head of each (area, kind) queue can win, so callers may pass just those.

    strict: any priority ticket goes first. interleave: a priority ticket goes first once
    `every_n` normal tickets have been called at this counter since the last priority one
    (or when no normal ticket waits), so neither kind starves.
    """
    eligible = [t for t in waiting if t.area_id in counter.areas]
    priority = [t for t in eligible if t.priority]
    normal = [t for t in eligible if not t.priority]
    if not priority or not normal:
        return _longest_waiting(priority or normal, counter, now)
    if policy.mode == "strict" or normal_streak >= policy.every_n:
        return _longest_waiting(priority, counter, now)
    return _longest_waiting(normal, counter, now)
