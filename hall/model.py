"""The hall's entities: tickets and counters, changed only through their state machines."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .errors import IllegalTransition
from .states import (CounterAction, CounterStatus, TicketAction, TicketStatus,
                     next_counter_status, next_ticket_status)


@dataclass
class Ticket:
    id: str
    hall_id: str
    area_id: str
    series_area_id: str          # the area whose series issued the number
    business_date: date
    number: str
    seq_n: int                   # position in the area's series that day (1-based)
    issued_at: datetime
    queue_at: datetime           # place in the queue: the original issue time
    priority: str | None = None
    session: str | None = None
    status: TicketStatus = TicketStatus.WAITING
    called_at: datetime | None = None
    finished_at: datetime | None = None
    counter: int | None = None
    clerk: str | None = None
    call_count: int = 0
    origin_id: str | None = None      # set on the copy created by a transfer
    transferred_to: str | None = None
    dossier_code: str | None = None
    version: int = 0

    def apply(self, action: TicketAction) -> None:
        """Move to the next state for an action, or raise IllegalTransition."""
        self.status = next_ticket_status(self.status, action)

    def call(self, counter: int, at: datetime, clerk: str | None) -> None:
        """Call this waiting (or missed) ticket to a counter."""
        action = TicketAction.CALL_BACK if self.status is TicketStatus.NO_SHOW else TicketAction.CALL
        self.apply(action)
        self.counter, self.called_at, self.clerk = counter, at, clerk
        self.call_count += 1

    def recall(self, at: datetime) -> None:
        """Call this ticket again at its counter (a new call of the same visit)."""
        self.apply(TicketAction.RECALL)
        self.call_count += 1
        self.called_at = at

    def finish(self, action: TicketAction, at: datetime) -> None:
        """End the service of a called ticket: served, no-show, transferred or expired."""
        self.apply(action)
        self.finished_at = at


@dataclass
class CounterState:
    hall_id: str
    number: int
    status: CounterStatus = CounterStatus.IDLE
    pause_reason: str | None = None
    current_ticket_id: str | None = None
    clerk: str | None = None
    clerk_id: int | None = None     # the signed-in person's account id
    normal_streak: int = 0          # normal tickets called since the last priority one
    version: int = 0
    current: Ticket | None = field(default=None, compare=False)

    def apply(self, action: CounterAction) -> None:
        """Move to the next state for an action, or raise IllegalTransition."""
        self.status = next_counter_status(self.status, action)

    def check(self, action: CounterAction) -> None:
        """Raise IllegalTransition (with its hint) unless the counter can do this now."""
        next_counter_status(self.status, action)

    def serving(self, action: str) -> Ticket:
        """The ticket being served, for an action that needs one; raises when there is none."""
        if self.current is None:
            raise IllegalTransition(
                "Quầy không có số nào đang phục vụ (the counter has no current ticket)",
                state=self.status.value, action=action)
        return self.current

    def start_day(self, status: CounterStatus) -> None:
        """Back to the start-of-day state: nobody served, no pause, no streak."""
        self.status, self.pause_reason, self.normal_streak = status, None, 0
        self.current_ticket_id = self.current = None

    def take(self, ticket: Ticket) -> None:
        """Make a called ticket this counter's current one."""
        self.apply(CounterAction.CALL)
        self.current_ticket_id, self.current, self.pause_reason = ticket.id, ticket, None
        self.normal_streak = 0 if ticket.priority else self.normal_streak + 1

    def release(self) -> None:
        """The current ticket is done with: the counter is free."""
        self.serving("release")
        self.apply(CounterAction.RELEASE)
        self.current_ticket_id, self.current = None, None
