"""Make the database match the hall's configuration: the hall row, its areas and counters."""
from __future__ import annotations

import sqlalchemy as sa

from hall.config import HallConfig
from hall.states import CounterStatus

from .migrate import upgrade
from .tables import areas, counters, halls


def sync_hall(engine: sa.Engine, config: HallConfig, now) -> None:
    """Insert the hall, its areas and counters when missing; refresh names. Idempotent."""
    with engine.begin() as conn:
        if conn.execute(sa.select(halls.c.id).where(halls.c.id == config.id)).first() is None:
            conn.execute(sa.insert(halls).values(id=config.id, name=config.name, created_at=now,
                                                 last_seq=0))
        else:
            conn.execute(sa.update(halls).where(halls.c.id == config.id).values(name=config.name))
        known = {r.id for r in conn.execute(sa.select(areas.c.id).where(areas.c.hall_id == config.id))}
        for area in config.areas:
            values = {"name": area.name, "position": area.position}
            if area.id in known:
                conn.execute(sa.update(areas).where(areas.c.hall_id == config.id,
                                                    areas.c.id == area.id).values(**values))
            else:
                conn.execute(sa.insert(areas).values(hall_id=config.id, id=area.id, **values))
        present = {r.number for r in conn.execute(
            sa.select(counters.c.number).where(counters.c.hall_id == config.id))}
        status = CounterStatus.IDLE if config.counters_open_by_default else CounterStatus.CLOSED
        for counter in config.counters:
            if counter.number not in present:
                conn.execute(sa.insert(counters).values(hall_id=config.id, number=counter.number,
                                                        status=status.value))


def prepare_database(engine: sa.Engine, config: HallConfig, now) -> None:
    """Migrate the schema to the latest revision and sync the hall."""
    upgrade(engine)
    sync_hall(engine, config, now)
