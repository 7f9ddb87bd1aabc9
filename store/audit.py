"""Read the event log: the audit trail and the source of every report."""
from __future__ import annotations

import sqlalchemy as sa

from hall.clock import iso

from .tables import events


def events_after(engine, hall_id: str, after: int, limit: int) -> list[dict]:
    """Events with seq > after, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(events).where(events.c.hall_id == hall_id,
                                                    events.c.seq > after)
                            .order_by(events.c.seq).limit(limit))
        return [{"seq": r.seq, "name": r.name, "at": iso(r.at), "actor": r.actor,
                 "ticket_id": r.ticket_id, "area": r.area_id, "counter": r.counter,
                 "payload": r.payload} for r in rows]
