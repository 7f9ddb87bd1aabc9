"""The hall file's `[accounts]` table: how long a sign-in lasts unused.

    [accounts]
    session_idle_minutes = 30    # a session unused this long is over (5–720)

A clerk's open console keeps its session in use (its `counter_presence` every 20 s), so the
idle time ends sign-ins left behind in a closed browser or a copied cookie, not a clerk at
work; a manager page left untouched that long asks for the password again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from hall.errors import ConfigError

IDLE_MINUTES = 30
IDLE_RANGE = (5, 720)


@dataclass(frozen=True)
class AccountSettings:
    session_idle_minutes: int = IDLE_MINUTES

    @property
    def idle(self) -> timedelta:
        return timedelta(minutes=self.session_idle_minutes)


def parse_accounts(hall_file: dict) -> AccountSettings:
    """The `[accounts]` table (defaults when absent); ConfigError names a bad key."""
    table = hall_file.get("accounts") or {}
    if not isinstance(table, dict):
        raise ConfigError("[accounts]: expected a table")
    minutes = table.get("session_idle_minutes", IDLE_MINUTES)
    low, high = IDLE_RANGE
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high:
        raise ConfigError(f"[accounts] session_idle_minutes: expected a whole number of minutes "
                          f"from {low} to {high}, got {minutes!r}")
    unknown = set(table) - {"session_idle_minutes"}
    if unknown:
        raise ConfigError(f"[accounts] {sorted(unknown)[0]}: unknown key")
    return AccountSettings(minutes)
