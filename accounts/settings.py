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

from hall.config import section, whole_number
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
    table = section(hall_file, "accounts")
    minutes = whole_number(table, "accounts", "session_idle_minutes", IDLE_MINUTES, IDLE_RANGE,
                           "minutes")
    unknown = set(table) - {"session_idle_minutes"}
    if unknown:
        raise ConfigError(f"[accounts] {sorted(unknown)[0]}: unknown key")
    return AccountSettings(minutes)
