"""The hall's commands: each runs in one transaction, records its events, then publishes them.

Entry points (HTTP, sockets, keypads, barcode readers) call these methods and nothing else
changes the hall. Events reach subscribers only after the transaction has committed.
"""
from __future__ import annotations

import logging
import random
import secrets
import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable

from . import events as ev
from .clock import Clock, business_date, iso
from .config import Area, HallConfig
from .errors import (ConcurrencyConflict, CounterUnavailable, IllegalTransition, InvalidInput,
                     NotFound)
from .events import Event
from .model import CounterState, Ticket
from .opening import availability
from .priority import choose_next
from .states import CounterAction, CounterStatus, TicketAction, TicketStatus
from .views import area_view, counter_view, estimate_minutes, open_counter_count, ticket_view

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 30
MAX_REASON = 200
MAX_DOSSIER = 64


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


class HallService:
    """Commands and queries of one hall."""

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

    # ----------------------------------------------------------------- commands
    def issue_ticket(self, area_id, priority=None, actor: str | None = None) -> dict:
        """A citizen takes a number in an area (optionally with a priority category)."""
        area = self._area(area_id)
        if priority is not None:
            if not isinstance(priority, str):
                raise InvalidInput("Loại ưu tiên không hợp lệ (priority must be a string id)")
            try:
                self.config.category(priority)
            except KeyError:
                raise InvalidInput(f"Không có loại ưu tiên '{priority[:40]}' (unknown priority)",
                                   code="unknown_priority") from None

        def op(ctx: _Ctx):
            counters = ctx.tx.counters()
            issued = ctx.tx.issued_count(area.id, ctx.day)
            avail = availability(self.config, area, ctx.now, issued,
                                 open_counter_count(self.config, area, counters))
            if not avail.open:
                from .errors import AreaClosed
                raise AreaClosed(f"{area.name}: {avail.reason_vi} ({avail.reason_en})",
                                 reason=avail.reason, next_open=iso(avail.next_open))
            n = ctx.tx.next_number(area.id, ctx.day)
            ticket = Ticket(
                id=self.new_id(), hall_id=self.config.id, area_id=area.id,
                series_area_id=area.id, business_date=ctx.day, number=area.numbering.format(n),
                seq_n=n, issued_at=ctx.now, queue_at=ctx.now, priority=priority,
                session=avail.session)
            ctx.tx.add_ticket(ticket)
            self._emit_ticket(ctx, ev.TICKET_ISSUED, ticket)
            self._emit_queue(ctx, [area.id])
            return ctx.events[0].payload["ticket"]

        return self._run(actor, op)

    def _release_current(self, ctx: _Ctx, state: CounterState, action: TicketAction) -> Ticket | None:
        """Finish the counter's current ticket (served, no-show or transferred)."""
        ticket = state.current
        if ticket is None:
            return None
        ticket.finish(action, ctx.now)
        ctx.tx.save_ticket(ticket)
        state.release()
        return ticket

    def _call(self, ctx: _Ctx, state: CounterState, ticket: Ticket, recall=False) -> None:
        if not recall:
            ticket.call(state.number, ctx.now, ctx.actor)
            ctx.tx.save_ticket(ticket)
            state.take(ticket)
        ctx.tx.save_counter(state)
        counter = counter_view(self.config, state)
        payload = {"call_id": secrets.token_hex(8), "recall": recall,
                   "ticket": ticket_view(self.config, ticket),
                   "counter": {k: counter[k] for k in ("number", "name", "purpose")}}
        self._emit(ctx, ev.TICKET_CALLED, payload, ticket, state.number)
        if not recall:
            self._emit_counter(ctx, state)
            self._emit_queue(ctx, [ticket.area_id])

    def _counter_result(self, state: CounterState) -> dict:
        return counter_view(self.config, state)

    def call_next(self, counter_no, actor: str | None = None) -> dict:
        """Finish the current ticket as served, then call the next eligible one."""
        def op(ctx: _Ctx):
            state = self._counter(ctx, counter_no)
            if state.status is CounterStatus.PAUSED:
                state.apply(CounterAction.CALL)   # raises with the "resume first" hint
            finished = self._release_current(ctx, state, TicketAction.FINISH)
            counter = self.config.counter(state.number)
            waiting = ctx.tx.queue_heads(ctx.day, counter.areas)
            ticket = choose_next(waiting, counter, self.config.policy, state.normal_streak, ctx.now)
            if ticket is None:
                if state.status is CounterStatus.CLOSED:
                    state.apply(CounterAction.OPEN)
                ctx.tx.save_counter(state)
                self._emit_counter(ctx, state)
            else:
                self._call(ctx, state, ticket)
            if finished:   # after the call: the call is what the hall waits to see
                self._emit_ticket(ctx, ev.TICKET_UPDATED, finished)
            return self._counter_result(state)
        return self._run(actor, op)

    def recall(self, counter_no, actor: str | None = None) -> dict:
        """Announce the counter's current ticket again (a new call)."""
        def op(ctx: _Ctx):
            state = self._counter(ctx, counter_no)
            state.apply(CounterAction.RECALL)
            ticket = state.current
            ticket.apply(TicketAction.RECALL)
            ticket.call_count += 1
            ticket.called_at = ctx.now
            ctx.tx.save_ticket(ticket)
            self._call(ctx, state, ticket, recall=True)
            return self._counter_result(state)
        return self._run(actor, op)

    def _finish(self, counter_no, action: TicketAction, actor) -> dict:
        def op(ctx: _Ctx):
            state = self._counter(ctx, counter_no)
            if state.current is None:
                state.release()   # raises: nothing to finish
            ticket = self._release_current(ctx, state, action)
            ctx.tx.save_counter(state)
            self._emit_ticket(ctx, ev.TICKET_UPDATED, ticket)
            self._emit_counter(ctx, state)
            return self._counter_result(state)
        return self._run(actor, op)

    def done(self, counter_no, actor: str | None = None) -> dict:
        """The current citizen has been served."""
        return self._finish(counter_no, TicketAction.FINISH, actor)

    def no_show(self, counter_no, actor: str | None = None) -> dict:
        """The called citizen did not come; they may be called back within the tolerance."""
        return self._finish(counter_no, TicketAction.MISS, actor)

    def call_ticket(self, counter_no, ref, actor: str | None = None) -> dict:
        """Call a specific ticket (by id or number): a waiting one, or a no-show who came back."""
        if not isinstance(ref, str) or not 1 <= len(ref) <= 64:
            raise InvalidInput("Mã hoặc số phiếu không hợp lệ (ticket must be an id or number)")

        def op(ctx: _Ctx):
            state = self._counter(ctx, counter_no)
            if state.status is CounterStatus.PAUSED:
                state.apply(CounterAction.CALL)
            ticket = self._find_callable(ctx, ref.strip().upper() if len(ref) <= 8 else ref)
            counter = self.config.counter(state.number)
            if ticket.area_id not in counter.areas:
                raise IllegalTransition(
                    f"Số {ticket.number} thuộc lĩnh vực {self.config.area(ticket.area_id).name}, "
                    f"quầy {state.number} không phục vụ (not served at this counter)",
                    code="not_eligible")
            if ticket.status is TicketStatus.NO_SHOW:
                limit = timedelta(minutes=self.config.no_show_tolerance_minutes)
                if ticket.finished_at and ctx.now - ticket.finished_at > limit:
                    raise IllegalTransition(
                        f"Số {ticket.number} vắng mặt đã quá {limit.seconds // 60} phút "
                        "(no-show tolerance window has passed)", code="tolerance_passed")
            if ticket.id == state.current_ticket_id:
                raise IllegalTransition(f"Số {ticket.number} đang được phục vụ tại quầy này "
                                        "(already current here)")
            finished = self._release_current(ctx, state, TicketAction.FINISH)
            ticket.finished_at = None
            self._call(ctx, state, ticket)
            if finished:
                self._emit_ticket(ctx, ev.TICKET_UPDATED, finished)
            return self._counter_result(state)
        return self._run(actor, op)

    def _find_callable(self, ctx: _Ctx, ref: str) -> Ticket:
        ticket = ctx.tx.get_ticket(ref)
        if ticket is None or ticket.business_date != ctx.day:
            candidates = ctx.tx.tickets_by_number(ctx.day, ref)
            live = [t for t in candidates if t.status in (TicketStatus.WAITING, TicketStatus.NO_SHOW)]
            ticket = (live or candidates or [None])[-1]
        if ticket is None:
            raise NotFound(f"Không tìm thấy phiếu {ref[:20]} hôm nay (no such ticket today)",
                           code="unknown_ticket")
        return ticket

    def transfer(self, counter_no, area_id, actor: str | None = None) -> dict:
        """Send the current citizen to another area, keeping number and place in the queue."""
        target = self._area(area_id)

        def op(ctx: _Ctx):
            state = self._counter(ctx, counter_no)
            ticket = state.current
            if ticket is None:
                state.release()   # raises: nothing to transfer
            if ticket.area_id == target.id:
                raise IllegalTransition(f"Phiếu đã thuộc lĩnh vực {target.name} "
                                        "(already in that area)", code="same_area")
            copy = Ticket(
                id=self.new_id(), hall_id=ticket.hall_id, area_id=target.id,
                series_area_id=ticket.series_area_id, business_date=ticket.business_date,
                number=ticket.number, seq_n=ticket.seq_n, issued_at=ticket.issued_at,
                queue_at=ticket.queue_at, priority=ticket.priority, session=ticket.session,
                origin_id=ticket.origin_id or ticket.id, dossier_code=ticket.dossier_code)
            ticket.transferred_to = copy.id
            self._release_current(ctx, state, TicketAction.TRANSFER)
            ctx.tx.add_ticket(copy)
            ctx.tx.save_counter(state)
            self._emit_ticket(ctx, ev.TICKET_UPDATED, ticket)
            self._emit_ticket(ctx, ev.TICKET_UPDATED, copy)
            self._emit_counter(ctx, state)
            self._emit_queue(ctx, [target.id])
            return self._counter_result(state)
        return self._run(actor, op)

    def _counter_change(self, counter_no, action: CounterAction, actor, reason=None) -> dict:
        def op(ctx: _Ctx):
            state = self._counter(ctx, counter_no)
            state.apply(action)
            state.pause_reason = reason if action is CounterAction.PAUSE else None
            ctx.tx.save_counter(state)
            self._emit_counter(ctx, state)
            self._emit_queue(ctx, self.config.counter(state.number).areas)
            return self._counter_result(state)
        return self._run(actor, op)

    def pause(self, counter_no, reason, actor: str | None = None) -> dict:
        """Pause the counter with a reason shown on the displays."""
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidInput("Cần nêu lý do tạm dừng (a pause needs a reason)",
                               code="reason_required")
        if len(reason) > MAX_REASON:
            raise InvalidInput(f"Lý do quá dài (tối đa {MAX_REASON} ký tự)", code="reason_too_long")
        return self._counter_change(counter_no, CounterAction.PAUSE, actor, reason.strip())

    def resume(self, counter_no, actor: str | None = None) -> dict:
        """End a pause (or open a closed counter)."""
        return self._counter_change(counter_no, CounterAction.RESUME, actor)

    def open_counter(self, counter_no, actor: str | None = None) -> dict:
        """Open the counter for the day."""
        return self._counter_change(counter_no, CounterAction.OPEN, actor)

    def close_counter(self, counter_no, actor: str | None = None) -> dict:
        """Close the counter (it must not be serving anyone)."""
        return self._counter_change(counter_no, CounterAction.CLOSE, actor)

    def sign_in(self, counter_no, clerk_id: int, clerk_name: str, actor: str | None = None) -> dict:
        """A clerk takes a counter: refused while someone else holds it; one counter each."""
        def op(ctx: _Ctx):
            state = self._counter(ctx, counter_no)
            if state.clerk_id not in (None, clerk_id):
                raise CounterUnavailable(
                    f"Quầy {state.number} đang do {state.clerk} sử dụng "
                    f"(held by {state.clerk})", code="counter_taken", holder=state.clerk)
            for other in ctx.tx.counters():
                if other.clerk_id == clerk_id and other.number != state.number:
                    self._set_clerk(ctx, other, None, None)
            self._set_clerk(ctx, state, clerk_id, clerk_name)
            return self._counter_result(state)
        return self._run(actor, op)

    def sign_out(self, counter_no, clerk_id: int | None = None, actor: str | None = None) -> dict:
        """The clerk leaves the counter (or a manager releases it: clerk_id None)."""
        def op(ctx: _Ctx):
            state = self._counter(ctx, counter_no)
            if clerk_id is not None and state.clerk_id != clerk_id:
                raise CounterUnavailable(f"Bạn không giữ quầy {state.number} (not your counter)",
                                         code="not_holder")
            if state.clerk_id is not None:
                self._set_clerk(ctx, state, None, None)
            return self._counter_result(state)
        return self._run(actor, op)

    def _set_clerk(self, ctx: _Ctx, state: CounterState, clerk_id, name) -> None:
        state.clerk_id, state.clerk = clerk_id, name
        ctx.tx.save_counter(state)
        self._emit_counter(ctx, state)

    def attach_dossier(self, counter_no, code, actor: str | None = None) -> dict:
        """Link a dossier code (mã hồ sơ) to the counter's current ticket."""
        if not isinstance(code, str) or not 1 <= len(code.strip()) <= MAX_DOSSIER:
            raise InvalidInput("Mã hồ sơ không hợp lệ (invalid dossier code)",
                               code="invalid_dossier")

        def op(ctx: _Ctx):
            state = self._counter(ctx, counter_no)
            if state.current is None:
                state.release()
            state.current.dossier_code = code.strip()
            ctx.tx.save_ticket(state.current)
            self._emit_ticket(ctx, ev.TICKET_UPDATED, state.current)
            return self._counter_result(state)
        return self._run(actor, op)

    # ----------------------------------------------------------------- queries
    def _read(self, query):
        self.tick()
        with self.store.read() as tx:
            return query(_Ctx(tx, self.clock.now(), None))

    def ticket(self, ticket_id) -> dict:
        """A ticket by its id, with people ahead and estimated wait."""
        if not isinstance(ticket_id, str) or not 1 <= len(ticket_id) <= 64:
            raise NotFound("Không tìm thấy phiếu (no such ticket)", code="unknown_ticket")

        def query(ctx: _Ctx):
            ticket = ctx.tx.get_ticket(ticket_id)
            if ticket is None:
                raise NotFound("Không tìm thấy phiếu (no such ticket)", code="unknown_ticket")
            return self._ticket_payload(ctx, ticket)
        return self._read(query)

    def counter(self, counter_no) -> dict:
        """One counter's state."""
        return self._read(lambda ctx: self._counter_result(self._counter(ctx, counter_no)))

    def no_shows(self, counter_no) -> list[dict]:
        """No-show tickets of the counter's areas that can still be called back today."""
        def query(ctx: _Ctx):
            state = self._counter(ctx, counter_no)
            limit = timedelta(minutes=self.config.no_show_tolerance_minutes)
            areas = self.config.counter(state.number).areas
            return [ticket_view(self.config, t) for t in ctx.tx.no_shows(ctx.day, areas)
                    if t.finished_at and ctx.now - t.finished_at <= limit]
        return self._read(query)

    def snapshot(self, recent: int = 10) -> dict:
        """Everything a display needs, consistent with the latest event number `seq`."""
        def query(ctx: _Ctx):
            counters = ctx.tx.counters()
            hall = self.config
            return {
                "seq": ctx.tx.last_seq(),
                "business_date": ctx.day.isoformat(),
                "now": iso(ctx.now),
                "hall": {"id": hall.id, "name": hall.name, "name_en": hall.name_en,
                         "short_name": hall.short_name, "notice": hall.notice},
                "areas": [area_view(hall, ctx.tx, a, ctx.day, ctx.now, counters)
                          for a in hall.areas],
                "counters": [counter_view(hall, c) for c in counters],
                "recent_calls": ctx.tx.recent_calls(recent),
            }
        return self._read(query)
