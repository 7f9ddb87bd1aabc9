"""How every command runs: one transaction, retried on conflicts, events recorded with
their sequence numbers and published after commit; the business day; shared lookups."""
from __future__ import annotations

import logging
import random
import secrets
import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable

from . import events as ev
from .clock import Clock, business_date, iso
from .config import Area, HallConfig
from .errors import ConcurrencyConflict, InvalidInput, NotFound
from .events import Event
from .model import CounterState, Ticket
from .opening import availability
from .states import CounterStatus, TicketAction, TicketStatus
from .views import area_view, counter_view, estimate_minutes, open_counter_count, ticket_view

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 30


@dataclass
class _Ctx:
    """What one command works with: its transaction, its moment, its events."""

    tx: object
    now: datetime
    actor: str | None
    events: list[Event] = field(default_factory=list)

    @property
    def day(self) -> date:
        return business_date(self.now)


def new_ticket_id() -> str:
    """An unguessable, URL-safe ticket id (128 bits)."""
    return secrets.token_urlsafe(16)


class ServiceBase:
    """The machinery shared by the hall's commands and queries."""

    def __init__(self, config: HallConfig, store, clock: Clock,
                 publish: Callable[[list[Event]], None] = lambda events: None,
                 new_id: Callable[[], str] = new_ticket_id):
        self.config, self.store, self.clock = config, store, clock
        self.publish, self.new_id = publish, new_id
        self._known_day: date | None = None
        self._openings: dict[str, bool] | None = None

    # ----------------------------------------------------------------- plumbing
    def _run(self, actor: str | None, operation):
        """Run an operation in a transaction, retrying on conflicts; publish after commit."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                with self.store.transaction() as tx:
                    ctx = _Ctx(tx, self.clock.now(), actor)
                    self._ensure_day(ctx)
                    result = operation(ctx)
                    self._record(ctx)
                    tx.commit()
                break
            except ConcurrencyConflict:
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                _time.sleep(random.uniform(0.0005, 0.003 * (attempt + 1)))
        self._known_day = ctx.day
        if ctx.events:
            try:
                self.publish(ctx.events)
            except Exception:  # a subscriber never fails a committed command
                log.exception("publishing events failed")
        return result

    def _record(self, ctx: _Ctx) -> None:
        if not ctx.events:
            return
        first = ctx.tx.allocate_seq(len(ctx.events))
        at = iso(ctx.now)
        for offset, event in enumerate(ctx.events):
            event.at = ctx.now
            event.actor = ctx.actor
            event.stamped(first + offset, at)
        ctx.tx.append_events(ctx.events)

    def _emit(self, ctx: _Ctx, name: str, payload: dict, ticket: Ticket | None = None,
              counter: int | None = None) -> None:
        ctx.events.append(Event(name, payload, ticket_id=ticket.id if ticket else None,
                                area_id=ticket.area_id if ticket else None, counter=counter))

    def _ticket_payload(self, ctx: _Ctx, ticket: Ticket) -> dict:
        if ticket.status is not TicketStatus.WAITING:
            return ticket_view(self.config, ticket)
        ahead = ctx.tx.count_ahead(ticket)
        area = self.config.area(ticket.area_id)
        counters = ctx.tx.counters()
        estimate = estimate_minutes(ctx.tx.service_seconds(area.id, ctx.day), ahead,
                                    open_counter_count(self.config, area, counters))
        return ticket_view(self.config, ticket, ahead, estimate)

    def _emit_ticket(self, ctx: _Ctx, name: str, ticket: Ticket, **extra) -> None:
        payload = {**extra, "ticket": self._ticket_payload(ctx, ticket)}
        self._emit(ctx, name, payload, ticket, ticket.counter)

    def _emit_counter(self, ctx: _Ctx, state: CounterState) -> None:
        self._emit(ctx, ev.COUNTER_UPDATED, {"counter": counter_view(self.config, state)},
                   counter=state.number)

    def _emit_queue(self, ctx: _Ctx, area_ids) -> None:
        counters = ctx.tx.counters()
        for area_id in dict.fromkeys(area_ids):
            area = self.config.area(area_id)
            view = area_view(self.config, ctx.tx, area, ctx.day, ctx.now, counters)
            ctx.events.append(Event(ev.QUEUE_UPDATED, {"area": view}, area_id=area_id))

    # ----------------------------------------------------------------- the day
    def _ensure_day(self, ctx: _Ctx) -> None:
        """Start a new business day if the clock has crossed local midnight."""
        hall_day = ctx.tx.hall_date()
        if hall_day is not None and hall_day >= ctx.day:
            return
        ctx.tx.advance_date(hall_day, ctx.day)
        if hall_day is None:
            return
        for ticket in ctx.tx.unfinished_before(ctx.day):
            ticket.finish(TicketAction.EXPIRE, ctx.now)
            ctx.tx.save_ticket(ticket)
            self._emit_ticket(ctx, ev.TICKET_UPDATED, ticket)
        default = CounterStatus.IDLE if self.config.counters_open_by_default else CounterStatus.CLOSED
        for state in ctx.tx.counters():
            state.status, state.pause_reason, state.normal_streak = default, None, 0
            state.current_ticket_id = state.current = None
            ctx.tx.save_counter(state)
            self._emit_counter(ctx, state)
        self._emit(ctx, ev.DAY_CHANGED, {"business_date": ctx.day.isoformat(),
                                         "previous_date": hall_day.isoformat()})

    def tick(self) -> bool:
        """Roll the day over if midnight has passed; True when it did."""
        today = business_date(self.clock.now())
        if self._known_day == today:
            return False
        self._run("system", lambda ctx: None)
        return True

    def refresh_openings(self) -> list[str]:
        """Announce areas that opened or closed by the clock (a session began or ended)."""
        self.tick()
        with self.store.read() as tx:
            now, counters = self.clock.now(), tx.counters()
            day = business_date(now)
            state = {a.id: availability(self.config, a, now, tx.issued_count(a.id, day),
                                        open_counter_count(self.config, a, counters)).open
                     for a in self.config.areas}
        known, self._openings = self._openings, state
        changed = [a for a, is_open in state.items() if known is not None and known.get(a) != is_open]
        if changed:
            self._run("system", lambda ctx: self._emit_queue(ctx, changed))
        return changed

    # ----------------------------------------------------------------- lookups
    def _area(self, area_id) -> Area:
        if not isinstance(area_id, str):
            raise InvalidInput("Lĩnh vực phải là một mã dạng chuỗi (area must be a string id)")
        try:
            return self.config.area(area_id)
        except KeyError:
            raise NotFound(f"Không có lĩnh vực '{area_id[:40]}' (unknown area)",
                           code="unknown_area") from None

    def _counter(self, ctx: _Ctx, number) -> CounterState:
        if isinstance(number, bool) or not isinstance(number, int):
            raise InvalidInput("Số quầy phải là số nguyên (counter must be an integer)")
        try:
            self.config.counter(number)
        except KeyError:
            raise NotFound(f"Không có quầy số {number} (unknown counter)",
                           code="unknown_counter") from None
        return ctx.tx.get_counter(number)

    def _counter_result(self, state: CounterState) -> dict:
        return counter_view(self.config, state)

    def _read(self, query):
        self.tick()
        with self.store.read() as tx:
            return query(_Ctx(tx, self.clock.now(), None))
