"""The hall's commands: each runs as one unit of work, records its events, then publishes them.

Entry points (HTTP, sockets, keypads, barcode readers) reach these methods through
`hall.commands.dispatch` (counter commands) or call them directly (issuing, signing in);
nothing else changes the hall. Events reach subscribers only after the transaction commits.
"""
from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Callable

from . import events as ev
from .clock import iso
from .config import Area, HallConfig
from .errors import AreaClosed, CounterUnavailable, IllegalTransition, InvalidInput, NotFound
from .model import CounterState, Ticket
from .opening import availability
from .priority import choose_next, next_streak, normal_waits
from .queries import lookup_counter
from .states import CounterAction, CounterStatus, Presence, TicketAction, TicketStatus
from .unit_of_work import UnitOfWork, Work
from .views import counter_view, open_counter_count

MAX_REASON = 200
MAX_DOSSIER = 64
SYSTEM = "system"          # the actor of the hall's own work (rollover, presence checks)
HEARTBEAT_WRITE_S = 30     # a present clerk's console refreshes last_seen at most this often
                           # (and at least four times within away_after_minutes)
UNDO_SECONDS = 10          # done, no-show and transfer can be undone this long (one press)


def new_ticket_id() -> str:
    """An unguessable, URL-safe ticket id (128 bits)."""
    return secrets.token_urlsafe(16)


class HallService:
    """The commands of one hall."""

    def __init__(self, config: HallConfig, uow: UnitOfWork,
                 new_id: Callable[[], str] = new_ticket_id):
        self.config, self.uow, self.new_id = config, uow, new_id

    def _area(self, area_id) -> Area:
        if not isinstance(area_id, str):
            raise InvalidInput("Lĩnh vực phải là một mã dạng chuỗi (area must be a string id)")
        try:
            return self.config.area(area_id)
        except KeyError:
            raise NotFound(f"Không có lĩnh vực '{area_id[:40]}' (unknown area)",
                           code="unknown_area") from None

    def _counter(self, work: Work, number) -> CounterState:
        return lookup_counter(self.config, work.tx, number)

    def _at_counter(self, counter_no, actor, body: Callable[[Work, CounterState], dict]) -> dict:
        """Run a counter command; acting at a counter is a sign of its clerk's presence."""
        def op(work: Work):
            state = self._counter(work, counter_no)
            arrived = actor != SYSTEM and state.seen(work.now)
            version, mark = state.version, work.record.mark()
            result = body(work, state)
            if arrived:
                if state.version == version:
                    work.tx.save_counter(state)
                    result = self._result(state)
                if not work.record.counter_recorded_since(mark, state.number):
                    work.record.counter(state)
                    work.record.queue(self.config.counter(state.number).areas)
            return result
        return self.uow.run(actor, op)

    def _result(self, state: CounterState) -> dict:
        return counter_view(self.config, state)

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

        def op(work: Work):
            counters = work.tx.counters()
            issued = work.tx.issued_count(area.id, work.day)
            avail = availability(self.config, area, work.now, issued,
                                 open_counter_count(self.config, area, counters))
            if not avail.open:
                raise AreaClosed(f"{area.name}: {avail.reason_vi} ({avail.reason_en})",
                                 reason=avail.reason, next_open=iso(avail.next_open))
            n = work.tx.next_number(area.id, work.day)
            ticket = Ticket(
                id=self.new_id(), hall_id=self.config.id, area_id=area.id,
                series_area_id=area.id, business_date=work.day, number=area.numbering.format(n),
                seq_n=n, issued_at=work.now, queue_at=work.now, joined_at=work.now, priority=priority,
                session=avail.session)
            work.tx.add_ticket(ticket)
            view = work.record.ticket(ev.TICKET_ISSUED, ticket)
            work.record.queue([area.id])
            return view

        return self.uow.run(actor, op)

    def reprint(self, ticket_id, actor: str | None = None) -> dict:
        """Print a ticket again (a manager, for a citizen whose ticket did not come out): a
        recorded request, heard by the hall's printer in whichever process leads the hall and
        printed after a restart if it was not yet."""
        missing = NotFound("Không tìm thấy phiếu (no such ticket)", code="unknown_ticket")
        if not isinstance(ticket_id, str) or not 1 <= len(ticket_id) <= 64:
            raise missing

        def op(work: Work):
            ticket = work.tx.get_ticket(ticket_id)
            if ticket is None:
                raise missing
            return work.record.ticket(ev.TICKET_REPRINT, ticket)
        return self.uow.run(actor, op)

    def test_speaker(self, counter_no, actor: str | None = None) -> str:
        """A test call at a counter (the manager's "Thử loa"): a recorded request, said by the
        announcer of whichever process leads the hall; returns the announcement's id."""
        try:
            counter = self.config.counter(counter_no)
        except KeyError:
            raise NotFound(f"Không có quầy số {counter_no} (unknown counter)",
                           code="unknown_counter") from None
        announcement_id = secrets.token_hex(6)

        def op(work: Work):
            work.record.event(ev.SPEAKER_TEST, {
                "id": announcement_id, "counter": {"number": counter.number, "name": counter.name}},
                counter=counter.number)
            return announcement_id
        return self.uow.run(actor, op)

    def _release_current(self, work: Work, state: CounterState, action: TicketAction) -> Ticket | None:
        """Finish the counter's current ticket (served, no-show or transferred)."""
        ticket = state.current
        if ticket is None:
            return None
        ticket.finish(action, work.now)
        work.tx.save_ticket(ticket)
        state.release(undo_until=work.now + timedelta(seconds=UNDO_SECONDS))
        return ticket

    def _call(self, work: Work, state: CounterState, ticket: Ticket, recall=False) -> None:
        if not recall:
            counter = self.config.counter(state.number)
            others = [t for t in work.tx.queue_heads(work.day, counter.areas) if t.id != ticket.id]
            streak = next_streak(state.priority_streak, ticket, normal_waits(others, counter))
            ticket.call(state.number, work.now, work.actor)
            work.tx.save_ticket(ticket)
            state.take(ticket, streak)
        work.tx.save_counter(state)
        work.record.call(state, ticket, recall)
        if not recall:
            work.record.counter(state)
            work.record.queue([ticket.area_id])

    def call_next(self, counter_no, actor: str | None = None) -> dict:
        """Finish the current ticket as served, then call the next eligible one."""
        def op(work: Work, state: CounterState):
            state.check(CounterAction.CALL)   # a paused counter: "resume first"
            finished = self._release_current(work, state, TicketAction.FINISH)
            counter = self.config.counter(state.number)
            waiting = work.tx.queue_heads(work.day, counter.areas)
            ticket = choose_next(waiting, counter, self.config.policy, state.priority_streak, work.now)
            if ticket is None:
                if state.status is CounterStatus.CLOSED:
                    state.apply(CounterAction.OPEN)
                work.tx.save_counter(state)
                work.record.counter(state)
            else:
                self._call(work, state, ticket)
            if finished:   # after the call: the call is what the hall waits to see
                work.record.ticket(ev.TICKET_UPDATED, finished)
            return self._result(state)
        return self._at_counter(counter_no, actor, op)

    def recall(self, counter_no, actor: str | None = None) -> dict:
        """Announce the counter's current ticket again (a new call)."""
        def op(work: Work, state: CounterState):
            state.apply(CounterAction.RECALL)
            ticket = state.serving("recall")
            ticket.recall(work.now)
            work.tx.save_ticket(ticket)
            self._call(work, state, ticket, recall=True)
            return self._result(state)
        return self._at_counter(counter_no, actor, op)

    def _finish(self, counter_no, action: TicketAction, actor) -> dict:
        def op(work: Work, state: CounterState):
            state.serving(action.value)
            ticket = self._release_current(work, state, action)
            work.tx.save_counter(state)
            work.record.ticket(ev.TICKET_UPDATED, ticket)
            work.record.counter(state)
            return self._result(state)
        return self._at_counter(counter_no, actor, op)

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

        def op(work: Work, state: CounterState):
            ticket = self._find_callable(work, ref.strip().upper() if len(ref) <= 8 else ref)
            return self._call_specific(work, state, ticket)
        return self._at_counter(counter_no, actor, op)

    def call_back_last(self, counter_no, actor: str | None = None) -> dict:
        """Call back the latest no-show of this counter, within the tolerance window."""
        def op(work: Work, state: CounterState):
            areas = self.config.counter(state.number).areas
            missed = [t for t in work.tx.no_shows(work.day, areas) if t.counter == state.number]
            if not missed:
                raise NotFound("Quầy chưa có số vắng mặt nào để gọi lại (no no-show to call back)",
                               code="no_no_show")
            return self._call_specific(work, state, missed[0])
        return self._at_counter(counter_no, actor, op)

    def _call_specific(self, work: Work, state: CounterState, ticket: Ticket) -> dict:
        """Call this ticket at the counter: a waiting one, or a no-show within the tolerance."""
        state.check(CounterAction.CALL)
        counter = self.config.counter(state.number)
        if ticket.area_id not in counter.areas:
            raise IllegalTransition(
                f"Số {ticket.number} thuộc lĩnh vực {self.config.area(ticket.area_id).name}, "
                f"quầy {state.number} không phục vụ (not served at this counter)",
                code="not_eligible")
        if ticket.status is TicketStatus.NO_SHOW:
            limit = timedelta(minutes=self.config.no_show_tolerance_minutes)
            if ticket.finished_at and work.now - ticket.finished_at > limit:
                raise IllegalTransition(
                    f"Số {ticket.number} vắng mặt đã quá {self.config.no_show_tolerance_minutes} phút "
                    "(no-show tolerance window has passed)", code="tolerance_passed")
        if ticket.id == state.current_ticket_id:
            raise IllegalTransition(f"Số {ticket.number} đang được phục vụ tại quầy này "
                                    "(already current here)")
        finished = self._release_current(work, state, TicketAction.FINISH)
        self._call(work, state, ticket)
        if finished:
            work.record.ticket(ev.TICKET_UPDATED, finished)
        return self._result(state)

    def _find_callable(self, work: Work, ref: str) -> Ticket:
        ticket = work.tx.get_ticket(ref)
        if ticket is None or ticket.business_date != work.day:
            candidates = work.tx.tickets_by_number(work.day, ref)
            live = [t for t in candidates if t.status in (TicketStatus.WAITING, TicketStatus.NO_SHOW)]
            ticket = (live or candidates or [None])[-1]
        if ticket is None:
            raise NotFound(f"Không tìm thấy phiếu {ref[:20]} hôm nay (no such ticket today)",
                           code="unknown_ticket")
        return ticket

    def transfer(self, counter_no, area_id, actor: str | None = None) -> dict:
        """Send the current citizen to another area, keeping number and place in the queue."""
        target = self._area(area_id)

        def op(work: Work, state: CounterState):
            ticket = state.serving("transfer")
            if ticket.area_id == target.id:
                raise IllegalTransition(f"Phiếu đã thuộc lĩnh vực {target.name} "
                                        "(already in that area)", code="same_area")
            copy = Ticket(
                id=self.new_id(), hall_id=ticket.hall_id, area_id=target.id,
                series_area_id=ticket.series_area_id, business_date=ticket.business_date,
                number=ticket.number, seq_n=ticket.seq_n, issued_at=ticket.issued_at,
                queue_at=ticket.queue_at, joined_at=work.now, priority=ticket.priority,
                session=ticket.session,
                origin_id=ticket.origin_id or ticket.id, dossier_code=ticket.dossier_code)
            ticket.transferred_to = copy.id
            self._release_current(work, state, TicketAction.TRANSFER)
            work.tx.add_ticket(copy)
            work.tx.save_counter(state)
            work.record.ticket(ev.TICKET_UPDATED, ticket)
            work.record.ticket(ev.TICKET_UPDATED, copy)
            work.record.counter(state)
            work.record.queue([target.id])
            return self._result(state)
        return self._at_counter(counter_no, actor, op)

    def undo(self, counter_no, actor: str | None = None) -> dict:
        """Take back the counter's last done, no-show or transfer (within UNDO_SECONDS)."""
        def op(work: Work, state: CounterState):
            if not state.can_undo or work.now > state.undo_until:
                raise IllegalTransition(
                    f"Không còn thao tác nào để hoàn tác (undo works for {UNDO_SECONDS} s "
                    "after done, no-show or transfer)", code="nothing_to_undo")
            ticket = work.tx.get_ticket(state.undo_ticket_id)
            undone = {TicketStatus.SERVED: "done", TicketStatus.NO_SHOW: "no-show",
                      TicketStatus.TRANSFERRED: "transfer"}[ticket.status]
            if ticket.status is TicketStatus.TRANSFERRED:
                self._withdraw_copy(work, ticket)
            ticket.reopen()
            work.tx.save_ticket(ticket)
            state.resume_service(ticket)
            work.tx.save_counter(state)
            work.record.ticket(ev.TICKET_UPDATED, ticket, undo=undone)
            work.record.counter(state)
            work.record.queue([ticket.area_id])
            return self._result(state)
        return self._at_counter(counter_no, actor, op)

    def _withdraw_copy(self, work: Work, ticket: Ticket) -> None:
        """An undone transfer: its copy leaves the other area's queue, unless already called."""
        copy = work.tx.get_ticket(ticket.transferred_to)
        if copy.status is not TicketStatus.WAITING:
            raise IllegalTransition(f"Số {copy.number} đã được gọi ở lĩnh vực mới "
                                    "(already called in the new area)", code="already_called")
        copy.withdraw(work.now)
        work.tx.save_ticket(copy)
        ticket.transferred_to = None
        work.record.ticket(ev.TICKET_UPDATED, copy)
        work.record.queue([copy.area_id])

    def _counter_change(self, counter_no, action: CounterAction, actor, reason=None) -> dict:
        def op(work: Work, state: CounterState):
            state.apply(action)
            state.pause_reason = reason if action is CounterAction.PAUSE else None
            work.tx.save_counter(state)
            work.record.counter(state)
            work.record.queue(self.config.counter(state.number).areas)
            return self._result(state)
        return self._at_counter(counter_no, actor, op)

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
        def op(work: Work):
            state = self._counter(work, counter_no)
            if state.clerk_id not in (None, clerk_id):
                raise CounterUnavailable(
                    f"Quầy {state.number} đang do {state.clerk} sử dụng "
                    f"(held by {state.clerk})", code="counter_taken", holder=state.clerk)
            for other in work.tx.counters():
                if other.clerk_id == clerk_id and other.number != state.number:
                    self._set_clerk(work, other, None, None)
            self._set_clerk(work, state, clerk_id, clerk_name)
            return self._result(state)
        return self.uow.run(actor, op)

    def sign_out(self, counter_no, clerk_id: int | None = None, actor: str | None = None) -> dict:
        """The clerk leaves the counter (or a manager releases it: clerk_id None)."""
        def op(work: Work):
            state = self._counter(work, counter_no)
            if clerk_id is not None and state.clerk_id != clerk_id:
                raise CounterUnavailable(f"Bạn không giữ quầy {state.number} (not your counter)",
                                         code="not_holder")
            if state.clerk_id is not None:
                self._set_clerk(work, state, None, None)
            return self._result(state)
        return self.uow.run(actor, op)

    def _set_clerk(self, work: Work, state: CounterState, clerk_id, name) -> None:
        state.clerk_id, state.clerk = clerk_id, name
        if clerk_id is None:
            state.presence = Presence.ABSENT
        else:
            state.seen(work.now)
        work.tx.save_counter(state)
        work.record.counter(state)
        work.record.queue(self.config.counter(state.number).areas)

    def heartbeat(self, counter_no, clerk_id: int) -> dict | None:
        """The seated clerk's console is open: they are present (written at most every
        HEARTBEAT_WRITE_S unless their presence changes). None when they do not hold it."""
        def op(work: Work):
            state = lookup_counter(self.config, work.tx, counter_no)
            if state.clerk_id != clerk_id:
                return None
            every = min(HEARTBEAT_WRITE_S, self.config.away_after_minutes * 15)
            fresh = state.last_seen_at and (work.now - state.last_seen_at).total_seconds() < every
            if state.presence is Presence.PRESENT and fresh:
                return self._result(state)
            if state.seen(work.now):
                work.record.counter(state)
                work.record.queue(self.config.counter(state.number).areas)
            work.tx.save_counter(state)
            return self._result(state)
        return self.uow.run(SYSTEM, op)

    def attach_dossier(self, counter_no, code, actor: str | None = None) -> dict:
        """Link a dossier code (mã hồ sơ) to the counter's current ticket."""
        if not isinstance(code, str) or not 1 <= len(code.strip()) <= MAX_DOSSIER:
            raise InvalidInput("Mã hồ sơ không hợp lệ (invalid dossier code)",
                               code="invalid_dossier")

        def op(work: Work, state: CounterState):
            ticket = state.serving("dossier")
            ticket.dossier_code = code.strip()
            work.tx.save_ticket(ticket)
            work.record.ticket(ev.TICKET_UPDATED, ticket)
            return self._result(state)
        return self._at_counter(counter_no, actor, op)
