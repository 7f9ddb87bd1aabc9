"""Which waiting ticket a counter calls next: the priority policy and the longest weighted wait.

The law gives priority citizens (the elderly, people with disabilities, pregnant women, …)
the right to be served first.

strict      any waiting priority ticket is called before any normal ticket.
interleave  priority first too, but after `every_n` consecutive priority calls at a counter
            while a normal ticket waited, the longest-waiting normal ticket goes next (one
            protected call), so normal citizens never starve when priority ones are many.

Within a kind, the counter takes the longest wait, scaled by its weight for the area.
The forecast (hall/forecast.py) predicts the order with this same code.
"""
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


def protected_normal_due(policy: PriorityPolicy, priority_streak: int) -> bool:
    """Whether the counter owes the waiting normal citizens their protected call."""
    return policy.mode == "interleave" and priority_streak >= policy.every_n


def choose_next(waiting: Iterable[Ticket], counter: Counter, policy: PriorityPolicy,
                priority_streak: int, now: datetime) -> Ticket | None:
    """Pick the next ticket for a counter among waiting tickets of its areas.

    Only the head of each (area, kind) queue can win, so callers may pass just those.
    `priority_streak` is the counter's count of consecutive priority calls made while a
    normal ticket waited (see `next_streak`).
    """
    eligible = [t for t in waiting if t.area_id in counter.areas]
    priority = [t for t in eligible if t.priority]
    normal = [t for t in eligible if not t.priority]
    if priority and normal and protected_normal_due(policy, priority_streak):
        return _longest_waiting(normal, counter, now)
    return _longest_waiting(priority or normal, counter, now)


def next_streak(streak: int, called: Ticket, normal_waited: bool) -> int:
    """The counter's priority streak after calling `called`.

    A priority call made while a normal ticket waited counts; any other call starts over
    (a normal call settles the debt; with no normal ticket waiting nobody is owed).
    """
    return streak + 1 if called.priority and normal_waited else 0


def normal_waits(waiting: Iterable[Ticket], counter: Counter) -> bool:
    """Whether a normal ticket of the counter's areas is waiting."""
    return any(not t.priority and t.area_id in counter.areas for t in waiting)
