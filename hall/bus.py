"""Dispatch committed events to subscribers; a failing subscriber is logged, never raised."""
from __future__ import annotations

import logging
from typing import Callable, Protocol

from .events import Event

log = logging.getLogger(__name__)


class Subscriber(Protocol):
    def handle(self, name: str, payload: dict) -> None:
        """Take one event; must return quickly and must not raise."""


class EventBus:
    """In-process fan-out of the hall's events, in sequence order."""

    def __init__(self, on_failure: Callable[[object, Exception], None] | None = None):
        self._subscribers: list[Subscriber] = []
        self._on_failure = on_failure

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def publish(self, events: list[Event]) -> None:
        """Hand every event to every subscriber."""
        for event in sorted(events, key=lambda e: e.seq):
            for subscriber in list(self._subscribers):
                try:
                    subscriber.handle(event.name, event.payload)
                except Exception as error:  # noqa: BLE001 - a device never fails the hall
                    log.exception("subscriber %r failed on %s", subscriber, event.name)
                    if self._on_failure:
                        self._on_failure(subscriber, error)
