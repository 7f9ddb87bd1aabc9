"""Dispatch committed events to subscribers; a failing subscriber is logged, never raised."""
from __future__ import annotations

import logging
from typing import Callable, Protocol

from .events import Event

log = logging.getLogger(__name__)


class Subscriber(Protocol):
    def handle(self, name: str, payload: dict) -> None:
        """Take one event; must return quickly and must not raise."""


class BatchSubscriber(Protocol):
    def handle_batch(self, events: list[tuple[str, dict]]) -> None:
        """Take one command's events at once, in order (e.g. to send them as one frame)."""


class EventBus:
    """In-process fan-out of the hall's events, in sequence order."""

    def __init__(self, on_failure: Callable[[object, Exception], None] | None = None):
        self._subscribers: list[Subscriber] = []
        self._on_failure = on_failure

    def subscribe(self, subscriber: Subscriber | BatchSubscriber) -> None:
        self._subscribers.append(subscriber)

    def publish(self, events: list[Event]) -> None:
        """Hand one command's events to every subscriber: all at once to a batch subscriber,
        one by one to the others."""
        ordered = [(e.name, e.payload) for e in sorted(events, key=lambda e: e.seq)]
        for subscriber in list(self._subscribers):
            if hasattr(subscriber, "handle_batch"):
                self._deliver(subscriber, subscriber.handle_batch, ordered, "a batch")
                continue
            for name, payload in ordered:
                self._deliver(subscriber, subscriber.handle, (name, payload), name)

    def _deliver(self, subscriber, handler, what, label: str) -> None:
        try:
            handler(*what) if isinstance(what, tuple) else handler(what)
        except Exception as error:  # noqa: BLE001 - a device never fails the hall
            log.exception("subscriber %r failed on %s", subscriber, label)
            if self._on_failure:
                self._on_failure(subscriber, error)
