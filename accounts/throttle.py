"""Slow down password guessing: after a few failures a username is locked for a while."""
from __future__ import annotations

import threading
import time
from typing import Callable


class LoginThrottle:
    """Counts failed sign-ins per username (and per address); locks after `limit` in a row."""

    def __init__(self, limit: int = 5, lock_seconds: float = 60.0,
                 monotonic: Callable[[], float] = time.monotonic):
        self.limit, self.lock_seconds, self.now = limit, lock_seconds, monotonic
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, *keys: str) -> int:
        """Seconds until these keys may try again (0 when they may try now)."""
        with self._lock:
            now = self.now()
            return max([int(until - now + 0.999) for count, until in
                        (self._failures.get(k, (0, 0.0)) for k in keys) if until > now] or [0])

    def failed(self, *keys: str) -> None:
        """Record a failed attempt; the `limit`-th in a row locks the key."""
        with self._lock:
            for key in keys:
                count, _ = self._failures.get(key, (0, 0.0))
                count += 1
                until = self.now() + self.lock_seconds if count >= self.limit else 0.0
                self._failures[key] = (0 if until else count, until)

    def succeeded(self, *keys: str) -> None:
        """A correct password clears the count."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
