"""The business day: the rollover at local midnight, and areas opening or closing by the clock.

The rollover runs at the start of whichever unit of work first notices the new day (a
command, a query, or the server's ticker), inside that work's transaction: unfinished
tickets of earlier days expire, counters return to their start-of-day state.
"""
from __future__ import annotations

from datetime import timedelta

from . import events as ev
from .config import HallConfig
from .opening import availability
from .states import CounterStatus, Presence, TicketAction
from .views import open_counter_count


def start_day(config: HallConfig, work) -> None:
    """Start a new business day if the work's moment has crossed local midnight."""
    tx = work.tx
    hall_day = tx.hall_date()
    if hall_day is not None and hall_day >= work.day:
        return
    tx.advance_date(hall_day, work.day)
    if hall_day is None:
        return
    for ticket in tx.unfinished_before(work.day):
        ticket.finish(TicketAction.EXPIRE, work.now)
        tx.save_ticket(ticket)
        work.record.ticket(ev.TICKET_UPDATED, ticket)
    status = CounterStatus.IDLE if config.counters_open_by_default else CounterStatus.CLOSED
    for state in tx.counters():
        state.start_day(status)
        tx.save_counter(state)
        work.record.counter(state)
    work.record.event(ev.DAY_CHANGED, {"business_date": work.day.isoformat(),
                                       "previous_date": hall_day.isoformat()})


class DayKeeper:
    """What the server's ticker asks every few seconds."""

    def __init__(self, config: HallConfig, uow):
        self.config, self.uow = config, uow
        self._openings: dict[str, bool] | None = None

    def tick(self) -> bool:
        """Roll the day over if midnight has passed; True when it did."""
        if self.uow.day_is_current():
            return False
        self.uow.run("system", lambda work: None)
        return True

    def check_presence(self) -> list[int]:
        """Counters whose clerk has been quiet for `away_after_minutes` become away (or
        unstaffed when driven by a token); returns their numbers."""
        after = timedelta(minutes=self.config.away_after_minutes)

        def op(work) -> list[int]:
            gone = []
            for state in work.tx.counters():
                if state.gone_quiet(work.now, after):
                    work.tx.save_counter(state)
                    work.record.counter(state)
                    work.record.queue(self.config.counter(state.number).areas)
                    gone.append(state.number)
            return gone
        quiet = self.uow.read(lambda work: any(
            s.presence is Presence.PRESENT and s.last_seen_at is not None
            and work.now - s.last_seen_at > after for s in work.tx.counters()))
        return self.uow.run("system", op) if quiet else []

    def refresh_openings(self) -> list[str]:
        """Announce areas that opened or closed by the clock (a session began or ended)."""
        self.tick()

        def query(work) -> dict[str, bool]:
            counters = work.tx.counters()
            return {a.id: availability(self.config, a, work.now,
                                       work.tx.issued_count(a.id, work.day),
                                       open_counter_count(self.config, a, counters)).open
                    for a in self.config.areas}
        state = self.uow.read(query)
        known, self._openings = self._openings, state
        changed = [a for a, is_open in state.items() if known is not None and known.get(a) != is_open]
        if changed:
            self.uow.run("system", lambda work: work.record.queue(changed))
        return changed
