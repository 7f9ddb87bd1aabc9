"""The few SQL expressions that differ between SQLite and PostgreSQL: time spans, hall-local
hours, weekdays, weeks, months and the elements of a JSON array.

Every figure is computed by the database; these helpers only spell the same idea in each
dialect. Times are stored in UTC; the hall's local time is UTC+7 all year (hall.clock).
"""
from __future__ import annotations

import sqlalchemy as sa

from hall.clock import VIETNAM

OFFSET_HOURS = int(VIETNAM.utcoffset(None).total_seconds() // 3600)


class Dialect:
    """SQL spelling for one database kind ('sqlite' or 'postgresql')."""

    def __init__(self, name: str):
        self.name = name
        self.sqlite = name == "sqlite"

    def seconds(self, start, end):
        """Whole seconds from `start` to `end` (NULL when either is NULL)."""
        if self.sqlite:
            span = (sa.func.julianday(end) - sa.func.julianday(start)) * 86400.0
        else:
            span = sa.extract("epoch", end - start)
        return sa.cast(sa.func.round(span), sa.Integer)

    def local_hour(self, moment):
        """The hour (0–23) of a stored UTC moment on the hall's clock."""
        if self.sqlite:
            return sa.cast(sa.func.strftime("%H", moment, f"+{OFFSET_HOURS} hours"), sa.Integer)
        local = sa.func.timezone("UTC", moment) + sa.literal_column(f"INTERVAL '{OFFSET_HOURS} hours'")
        return sa.cast(sa.extract("hour", local), sa.Integer)

    def weekday(self, day):
        """ISO weekday of a date: 1 = Monday … 7 = Sunday."""
        if self.sqlite:
            return (sa.cast(sa.func.strftime("%w", day), sa.Integer) + 6) % 7 + 1
        return sa.cast(sa.extract("isodow", day), sa.Integer)

    def week(self, day):
        """The Monday that starts a date's ISO week, as text YYYY-MM-DD."""
        if self.sqlite:
            return sa.func.date(day, "weekday 0", "-6 days")
        return sa.func.to_char(sa.func.date_trunc("week", day), "YYYY-MM-DD")

    def month(self, day):
        """A date's month as text YYYY-MM."""
        if self.sqlite:
            return sa.func.strftime("%Y-%m", day)
        return sa.func.to_char(day, "YYYY-MM")

    def array_items(self, column):
        """A JSON array column's elements as a table with one text column, `value`."""
        name = "json_each" if self.sqlite else "json_array_elements_text"
        return getattr(sa.func, name)(column).table_valued("value", joins_implicitly=True)
