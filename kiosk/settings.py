"""The kiosk's `[kiosk]` table in the hall file: how long the result screen stays.

    [kiosk]
    result_seconds = 20     # the number, counters and QR code stay this long (5–300 s)

While the printer reports a fault the result stays twice as long, so the citizen can note the
number. The result screen goes home only from its button or when this time is up.
"""
from __future__ import annotations

from dataclasses import dataclass

from hall.config import section, whole_number

RESULT_SECONDS = 20
RESULT_RANGE = (5, 300)


@dataclass(frozen=True)
class KioskSettings:
    """What the kiosk page is told by the server (its page config)."""

    result_seconds: int = RESULT_SECONDS

    def page_config(self) -> dict:
        """The kiosk page's config (kiosk.html `kiosk-config`)."""
        return {"result_seconds": self.result_seconds,
                "result_seconds_printer_down": 2 * self.result_seconds}


def parse_kiosk(hall_file: dict) -> KioskSettings:
    """The `[kiosk]` table of a hall file (defaults when it is absent); ConfigError if wrong."""
    table = section(hall_file, "kiosk")
    return KioskSettings(result_seconds=whole_number(table, "kiosk", "result_seconds",
                                                     RESULT_SECONDS, RESULT_RANGE, "seconds"))
