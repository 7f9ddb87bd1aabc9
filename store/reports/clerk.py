"""A clerk's own day, for the console: tickets they finished today and their service time,
with the reports' definitions (store/reports/figures.py), computed by the database."""
from __future__ import annotations

import sqlalchemy as sa

from hall.clock import business_date

from ..tables import tickets as T
from .figures import DEVICE_SUFFIX
from .sqlbits import Dialect


def clerk_day(engine, hall_id: str, principal, now) -> dict:
    """Tickets a person finished today: served, no-shows, mean service time in seconds
    (first call → finish, served tickets only; their keypad's actions count as theirs)."""
    clerk = sa.func.replace(T.c.clerk, DEVICE_SUFFIX, "")
    served = T.c.status == "served"
    service = Dialect(engine.dialect.name).seconds(T.c.first_called_at, T.c.finished_at)
    statement = sa.select(
        sa.func.count(sa.case((served, 1))), sa.func.count(sa.case((T.c.status == "no_show", 1))),
        sa.func.avg(sa.case((served, service)))).where(
        T.c.hall_id == hall_id, T.c.business_date == business_date(now),
        clerk.startswith(f"{principal.kind}:{principal.id}:", autoescape=True))
    with engine.connect().execution_options(luot_readonly=True) as conn:
        served_n, missed, mean = conn.execute(statement).one()
    return {"served": served_n, "no_show": missed,
            "avg_service_seconds": round(float(mean), 1) if mean is not None else None}
