"""Read the citizens' ratings of a business day, with the number of each rated ticket."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from hall.clock import iso

from .tables import ratings as R, tickets as T

MAX_ROWS = 5000        # far more than a hall serves in a day


def ratings_of_day(engine, hall_id: str, day: date, clerk_prefix: str | None = None) -> list[dict]:
    """The day's ratings, newest first; `clerk_prefix` (`user:7:`) keeps one clerk's."""
    query = (sa.select(R.c.ticket_id, R.c.level, R.c.reasons, R.c.source, R.c.at, R.c.area_id,
                       R.c.counter, R.c.clerk, R.c.dossier_code, T.c.number)
             .join(T, T.c.id == R.c.ticket_id)
             .where(R.c.hall_id == hall_id, R.c.business_date == day)
             .order_by(R.c.at.desc(), R.c.ticket_id).limit(MAX_ROWS))
    if clerk_prefix:
        query = query.where(R.c.clerk.startswith(clerk_prefix, autoescape=True))
    with engine.connect() as conn:
        return [{"ticket": row.ticket_id, "number": row.number, "level": row.level,
                 "reasons": list(row.reasons or ()), "source": row.source, "at": iso(row.at),
                 "area": row.area_id, "counter": row.counter, "clerk": row.clerk,
                 "dossier_code": row.dossier_code}
                for row in conn.execute(query)]
