"""The hall's queries: a ticket, a counter, call-back candidates, the snapshot."""
from __future__ import annotations

from datetime import timedelta

from .clock import iso
from .errors import NotFound
from .runner import ServiceBase, _Ctx
from .views import area_view, counter_view, ticket_view


class HallQueries(ServiceBase):
    """Read-only views of the hall, each from one consistent read."""

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

    def areas(self) -> list[dict]:
        """Every area with its queue, availability and estimated wait."""
        def query(ctx: _Ctx):
            counters = ctx.tx.counters()
            return [area_view(self.config, ctx.tx, a, ctx.day, ctx.now, counters)
                    for a in self.config.areas]
        return self._read(query)

    def counters(self) -> list[dict]:
        """Every counter with its state and current ticket."""
        return self._read(lambda ctx: [counter_view(self.config, c) for c in ctx.tx.counters()])

    def last_seq(self) -> int:
        """The hall's latest event number (a cheap read: the health check)."""
        with self.store.read() as tx:
            return tx.last_seq()

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
