"""Which display plays a hall's announcements, shared by every server process.

One row per hall: the player's Socket.IO session and the process it is connected to. A
claim takes the row when it is free, already the claimant's, or held by a process that is
gone (`alive(process)` says; store/locks.py `process_alive`): the database decides between
displays claiming at once on different processes.
"""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

from .tables import audio_players as A, tokens as T


def audio_player(engine, hall_id: str) -> tuple[str, str] | None:
    """(sid, process) of the hall's player, or None."""
    with engine.connect().execution_options(luot_readonly=True) as conn:
        row = conn.execute(sa.select(A.c.sid, A.c.process).where(A.c.hall_id == hall_id)).first()
        conn.rollback()
    return (row.sid, row.process) if row else None


def claim_audio(engine, hall_id: str, sid: str, process: str, alive: Callable[[str], bool],
                now, token_id: int | None = None) -> bool:
    """Make `sid` (on `process`) the player if nobody living is; whether it is now."""
    current = audio_player(engine, hall_id)
    if current is not None:
        if current[0] == sid:
            return True
        if current[1] == process or alive(current[1]):
            return False
        drop_player(engine, hall_id, current[0])      # its process is gone
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(A).values(hall_id=hall_id, sid=sid, process=process,
                                             token_id=token_id, claimed_at=now))
        return True
    except sa.exc.IntegrityError:                      # another display was quicker
        current = audio_player(engine, hall_id)
        return current is not None and current[0] == sid


def drop_player(engine, hall_id: str, sid: str) -> bool:
    """The player `sid` is no more (it left, or its process died); whether it was the player."""
    with engine.begin() as conn:
        gone = conn.execute(sa.delete(A).where(A.c.hall_id == hall_id, A.c.sid == sid))
    return gone.rowcount == 1


def player_token_allows(engine, hall_id: str, sid: str, roles) -> bool:
    """Whether the player `sid` claimed with a token that is still valid, of one of `roles`
    (how a process checks a player connected to another process)."""
    query = (sa.select(T.c.id).select_from(A.join(T, T.c.id == A.c.token_id))
             .where(A.c.hall_id == hall_id, A.c.sid == sid, T.c.hall_id == hall_id,
                    T.c.revoked_at.is_(None), T.c.role.in_(list(roles))))
    with engine.connect().execution_options(luot_readonly=True) as conn:
        found = conn.execute(query).first()
        conn.rollback()
    return found is not None
