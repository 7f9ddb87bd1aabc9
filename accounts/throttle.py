"""Slow down password guessing without handing anyone a lever against a clerk.

Failures are counted per (name, address) pair: five in a row lock that pair for a minute, so
someone guessing from one machine never locks the clerk out of their own. The counts live in
the database (store/logins.py), shared by every server process and by the CLI that lifts a
lock (`flask --app server unlock-login`).
"""
from __future__ import annotations

from datetime import timedelta

from store import logins


class LoginThrottle:
    """Counts failed sign-ins per (name, address); locks the pair after `limit` in a row."""

    def __init__(self, engine, hall_id: str, clock, limit: int = 5, lock_seconds: float = 60.0,
                 window_seconds: float = 900.0):
        self.engine, self.hall_id, self.clock, self.limit = engine, hall_id, clock, limit
        self.lock = timedelta(seconds=lock_seconds)
        self.window = timedelta(seconds=window_seconds)   # failures further apart do not add up

    @staticmethod
    def _name(username: str) -> str:
        return username.strip().lower()[:60]

    def wait_seconds(self, username: str, address: str) -> int:
        """Seconds until this name may try again from this address (0: now)."""
        until = logins.locked_until(self.engine, self.hall_id, self._name(username), address)
        return logins.seconds_until(until, self.clock.now())

    def failed(self, username: str, address: str) -> None:
        """Record a wrong password; the `limit`-th in a row locks the pair."""
        now = self.clock.now()
        logins.forget_stale(self.engine, self.hall_id, now - self.window)
        logins.record_failure(self.engine, self.hall_id, self._name(username), address, now,
                              limit=self.limit, lock=self.lock, window=self.window)

    def succeeded(self, username: str, address: str) -> None:
        """A correct password clears the pair's count."""
        logins.clear(self.engine, self.hall_id, self._name(username), self.clock.now(), address)

    def unlock(self, username: str) -> int:
        """Lift every lock on a name, from any address (a manager's decision); how many."""
        return logins.clear(self.engine, self.hall_id, self._name(username), self.clock.now())

    def locks(self) -> list[dict]:
        """The pairs locked now: {username, address, locked_until, seconds_left}."""
        return logins.locks(self.engine, self.hall_id, self.clock.now())
