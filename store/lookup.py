"""Small read-only look-ups for the manager's page."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from .tables import tickets as T


def ticket_ids_by_number(engine, hall_id: str, day: date, number: str) -> list[str]:
    """Ids of the day's tickets showing this number (transfer copies included), oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(T.c.id).where(
            T.c.hall_id == hall_id, T.c.business_date == day,
            sa.func.upper(T.c.number) == number.upper())
            .order_by(T.c.queue_at, T.c.id).limit(20))
        return [row.id for row in rows]
