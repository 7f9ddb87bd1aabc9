"""A unit of work: one transaction, retried on conflicts; its events stamped, then published.

Every change to the hall runs as `uow.run(actor, operation)`: the operation gets a `Work`
(the typed transaction, the moment, the actor and a `Recorder` for events), may raise a
domain error (nothing is written), and its events reach subscribers only after commit.
"""
from __future__ import annotations

import logging
import random
import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable, TypeVar

from .clock import Clock, business_date
from .config import HallConfig
from .errors import ConcurrencyConflict
from .events import Event
from .ports import Store, Transaction
from .recorder import Recorder
from .views import HallView, ReadCache

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 30
T = TypeVar("T")


@dataclass
class Work:
    """What one operation works with: its transaction, its moment, its actor, its events,
    and the read models of the hall at that moment."""

    tx: Transaction
    now: datetime
    actor: str | None
    record: Recorder = field(init=False)
    view: HallView = field(init=False)

    @property
    def day(self) -> date:
        """The business day this work belongs to."""
        return business_date(self.now)


class UnitOfWork:
    """Runs operations in transactions of one hall's store."""

    def __init__(self, config: HallConfig, store: Store, clock: Clock,
                 publish: Callable[[list[Event]], None] = lambda events: None,
                 on_begin: Callable[[Work], None] = lambda work: None):
        self.config, self.store, self.clock = config, store, clock
        self.publish, self.on_begin = publish, on_begin
        self.known_day: date | None = None     # the business day of the last committed work
        self.read_cache = ReadCache()

    def _work(self, tx: Transaction, actor: str | None, cache: ReadCache | None = None) -> Work:
        work = Work(tx, self.clock.now(), actor)
        work.view = HallView(self.config, tx, work.now, cache)
        work.record = Recorder(self.config, work)
        return work

    def run(self, actor: str | None, operation: Callable[[Work], T]) -> T:
        """Run an operation in a transaction, retrying on conflicts; publish after commit."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                with self.store.transaction() as tx:
                    work = self._work(tx, actor)
                    self.on_begin(work)
                    result = operation(work)
                    work.record.flush()
                    tx.commit()
                break
            except ConcurrencyConflict:
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                _time.sleep(random.uniform(0.0005, 0.003 * (attempt + 1)))
        self.known_day = work.day
        if work.record.events:
            try:
                self.publish(work.record.events)
            except Exception:  # a subscriber never fails a committed command
                log.exception("publishing events failed")
        return result

    def day_is_current(self) -> bool:
        """Whether the last committed work happened on today's business day."""
        return self.known_day == business_date(self.clock.now())

    def read(self, query: Callable[[Work], T]) -> T:
        """Run a query on one consistent read, after rolling the day over if it changed."""
        if not self.day_is_current():
            self.run("system", lambda work: None)
        with self.store.read() as tx:
            return query(self._work(tx, None, self.read_cache))
