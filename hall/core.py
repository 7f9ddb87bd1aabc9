"""One hall's core, composed: the unit of work, the commands, the queries, the day keeper
and the ratings."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .clock import Clock
from .config import HallConfig
from .events import Event
from .ports import Store
from .queries import HallQueries
from .rating_service import Ratings
from .rollover import DayKeeper, start_day
from .service import HallService, new_ticket_id
from .unit_of_work import UnitOfWork


@dataclass
class Hall:
    """What the adapters of one hall talk to."""

    config: HallConfig
    uow: UnitOfWork
    service: HallService
    queries: HallQueries
    days: DayKeeper
    ratings: Ratings


def build_hall(config: HallConfig, store: Store, clock: Clock,
               publish: Callable[[list[Event]], None] = lambda events: None,
               new_id: Callable[[], str] = new_ticket_id) -> Hall:
    """Wire a hall's core over a store; events go to `publish` after each commit."""
    uow = UnitOfWork(config, store, clock, publish, on_begin=lambda work: start_day(config, work))
    return Hall(config, uow, HallService(config, uow, new_id), HallQueries(config, uow),
                DayKeeper(config, uow), Ratings(config, uow))
