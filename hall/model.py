"""The hall's entities: tickets and counters, changed only through their state machines."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .errors import IllegalTransition
from .states import (CounterAction, CounterStatus, Presence, TicketAction, TicketStatus,
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
    joined_at: datetime | None = None        # joined this area's queue: issue, or transfer
    priority: str | None = None
    session: str | None = None
    status: TicketStatus = TicketStatus.WAITING
    called_at: datetime | None = None        # the latest call (a recall moves it)
    first_called_at: datetime | None = None  # the first call here: wait ends, service starts
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
        self.first_called_at = self.first_called_at or at
        self.finished_at = None
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

    def reopen(self) -> None:
        """Undo the end of its service: the ticket is called at its counter again."""
        self.apply(TicketAction.UNDO)
        self.finished_at = None

    def withdraw(self, at: datetime) -> None:
        """Take a transfer copy back out of its queue (its transfer was undone)."""
        self.apply(TicketAction.WITHDRAW)
        self.finished_at = at

    @property
    def wait_seconds(self) -> float | None:
        """Joining the queue (issue or transfer) to the first call here."""
        if self.first_called_at is None or self.joined_at is None:
            return None
        return (self.first_called_at - self.joined_at).total_seconds()

    @property
    def service_seconds(self) -> float | None:
        """First call here to the end of service."""
        if self.first_called_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.first_called_at).total_seconds()


@dataclass
class CounterState:
    hall_id: str
    number: int
    status: CounterStatus = CounterStatus.IDLE
    pause_reason: str | None = None
    current_ticket_id: str | None = None
    clerk: str | None = None
    clerk_id: int | None = None     # the signed-in person's account id
    priority_streak: int = 0        # priority calls in a row while a normal ticket waited
    presence: Presence = Presence.ABSENT
    last_seen_at: datetime | None = None   # the clerk's last sign of life (console, keypad, action)
    undo_ticket_id: str | None = None      # the ticket whose end of service may be undone
    undo_until: datetime | None = None
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
        """Back to the start-of-day state: nobody served or signed in, no pause, no streak."""
        self.status, self.pause_reason, self.priority_streak = status, None, 0
        self.current_ticket_id = self.current = None
        self.undo_ticket_id = self.undo_until = None
        self.clerk = self.clerk_id = None
        self.presence = Presence.ABSENT

    def take(self, ticket: Ticket, streak: int) -> None:
        """Make a called ticket this counter's current one (with the policy's new streak)."""
        self.apply(CounterAction.CALL)
        self.current_ticket_id, self.current, self.pause_reason = ticket.id, ticket, None
        self.priority_streak = streak
        self.undo_ticket_id = self.undo_until = None

    def seen(self, at: datetime) -> bool:
        """A sign of life from the counter's clerk; True when the presence changed."""
        changed = self.presence is not Presence.PRESENT
        self.presence, self.last_seen_at = Presence.PRESENT, at
        return changed

    def gone_quiet(self, now: datetime, after: timedelta) -> bool:
        """A present counter, not serving anyone, whose clerk has shown no sign of life for
        `after`: away when a clerk is signed in, else unstaffed. A counter serving a citizen
        stays staffed (a keypad clerk presses nothing during a long service; a clerk who
        closed the console mid-service keeps their citizen) until it finishes."""
        if self.presence is not Presence.PRESENT or self.last_seen_at is None \
                or self.current is not None or now - self.last_seen_at <= after:
            return False
        self.presence = Presence.AWAY if self.clerk_id is not None else Presence.ABSENT
        return True

    @property
    def available(self) -> bool:
        """Staffed and able to call: counts for forecasts and estimates."""
        return self.presence is Presence.PRESENT and self.status in (CounterStatus.IDLE,
                                                                     CounterStatus.SERVING)

    @property
    def shown_as(self) -> str:
        """What the hall is told: closed, paused, away, idle or serving."""
        if self.status in (CounterStatus.CLOSED, CounterStatus.PAUSED):
            return self.status.value
        if self.presence is Presence.PRESENT:
            return self.status.value
        if self.presence is Presence.AWAY or self.current is not None:
            return "away"
        return CounterStatus.CLOSED.value

    def release(self, undo_until: datetime | None = None) -> None:
        """The current ticket is done with: the counter is free (undoable until a moment)."""
        ticket = self.serving("release")
        self.apply(CounterAction.RELEASE)
        self.undo_ticket_id = ticket.id if undo_until else None
        self.undo_until = undo_until
        self.current_ticket_id, self.current = None, None

    def resume_service(self, ticket: Ticket) -> None:
        """Undo: the ticket just finished here is this counter's current one again."""
        self.apply(CounterAction.UNDO)
        self.current_ticket_id, self.current = ticket.id, ticket
        self.undo_ticket_id = self.undo_until = None

    @property
    def can_undo(self) -> bool:
        """Whether the last end of service here may still be undone (until `undo_until`)."""
        return self.undo_ticket_id is not None and self.current is None
