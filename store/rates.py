"""How fast a kiosk token may issue tickets, enforced by the database.

Each limited token keeps the moment its next ticket is due (`tokens.rate_tat`, GCRA): with
`max_per_minute = N` a kiosk may issue up to N tickets at once, then one every 60/N seconds.
One conditional UPDATE takes a slot, so the limit holds across every server process; a
refused request notes `last_limited_at` (at most every few seconds) for the manager.
"""
from __future__ import annotations

import math
from datetime import timedelta

import sqlalchemy as sa

from .tables import tokens

NOTE_EVERY = timedelta(seconds=5)      # last_limited_at is written at most this often


def take_ticket_slot(engine, token_id: int, max_per_minute: int, now) -> float:
    """Take one ticket slot of a token: 0.0 if taken, else the seconds until the next one."""
    if max_per_minute <= 0:
        return 0.0
    interval = 60.0 / max_per_minute
    tolerance = 60.0 - interval
    at = now.timestamp()
    due = sa.case((tokens.c.rate_tat > at, tokens.c.rate_tat), else_=sa.literal(at, sa.Float))
    with engine.begin() as conn:
        taken = conn.execute(sa.update(tokens).where(
            tokens.c.id == token_id,
            sa.or_(tokens.c.rate_tat.is_(None), tokens.c.rate_tat <= at + tolerance))
            .values(rate_tat=due + interval)).rowcount
        if taken:
            return 0.0
        conn.execute(sa.update(tokens).where(
            tokens.c.id == token_id,
            sa.or_(tokens.c.last_limited_at.is_(None), tokens.c.last_limited_at <= now - NOTE_EVERY))
            .values(last_limited_at=now))
        tat = conn.execute(sa.select(tokens.c.rate_tat).where(tokens.c.id == token_id)).scalar()
    return max(1.0, math.ceil((tat or at) - tolerance - at))
