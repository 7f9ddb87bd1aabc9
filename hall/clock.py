"""Time for the hall: an injected Clock, the business day and the local time zone."""
from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta, timezone

# Vietnam has used UTC+7 without daylight saving since 1975; a fixed offset avoids a
# dependency on the system's tz database (which a kiosk image may lack).
VIETNAM = timezone(timedelta(hours=7), "ICT")


class Clock:
    """The real clock: aware datetimes in UTC."""

    def now(self) -> datetime:
        """Return the current time (aware, UTC)."""
        return datetime.now(timezone.utc)


class FakeClock(Clock):
    """A clock for tests: starts at a given local time and moves only when told."""

    def __init__(self, start: datetime | None = None):
        start = start or datetime(2026, 11, 30, 8, 0, tzinfo=VIETNAM)
        if start.tzinfo is None:
            start = start.replace(tzinfo=VIETNAM)
        self._now = start.astimezone(timezone.utc)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, **delta) -> datetime:
        """Move time forward by timedelta keyword arguments; return the new time."""
        with self._lock:
            self._now += timedelta(**delta)
            return self._now

    def set_local(self, when: datetime) -> None:
        """Jump to a local wall-clock time (naive datetimes are taken as Vietnam time)."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=VIETNAM)
        with self._lock:
            self._now = when.astimezone(timezone.utc)


def local(moment: datetime, tz=VIETNAM) -> datetime:
    """Express an aware moment in the hall's local time."""
    return moment.astimezone(tz)


def business_date(moment: datetime, tz=VIETNAM) -> date:
    """The business day a moment belongs to: the local calendar date."""
    return moment.astimezone(tz).date()


def next_midnight(moment: datetime, tz=VIETNAM) -> datetime:
    """The next local midnight after a moment, as an aware datetime."""
    day = business_date(moment, tz) + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=tz)


def iso(moment: datetime | None, tz=VIETNAM) -> str | None:
    """ISO 8601 with milliseconds in local time, or None."""
    if moment is None:
        return None
    return moment.astimezone(tz).isoformat(timespec="milliseconds")
