"""Figures derived from the record: a clerk's day (more reports build on the event log)."""
from __future__ import annotations

import sqlalchemy as sa

from hall.clock import business_date

from .tables import tickets as T


def clerk_day(engine, hall_id: str, principal, now) -> dict:
    """Tickets a person finished today: served, no-shows, average service time."""
    prefix = f"{principal.kind}:{principal.id}:"
    with engine.connect() as conn:
        rows = conn.execute(sa.select(T.c.status, T.c.called_at, T.c.finished_at).where(
            T.c.hall_id == hall_id, T.c.business_date == business_date(now),
            T.c.clerk.startswith(prefix, autoescape=True),
            T.c.status.in_(("served", "no_show")))).all()
    served = [(r.finished_at - r.called_at).total_seconds() for r in rows
              if r.status == "served" and r.called_at and r.finished_at]
    return {"served": len(served), "no_show": sum(1 for r in rows if r.status == "no_show"),
            "avg_service_seconds": round(sum(served) / len(served), 1) if served else None}
