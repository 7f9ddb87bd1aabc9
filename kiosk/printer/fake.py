"""FakeTicketPrinter: same interface as TicketPrinter, prints into a list (tests, dev mode)."""

from __future__ import annotations

from typing import Callable

from kiosk.printer.ticket import TicketPrint, ticket_print


class FakeTicketPrinter:
    """Records what would be printed; status is set by the test."""

    def __init__(self, config: dict | None = None, hall_info: dict | None = None,
                 on_status: Callable[[str, str, str], None] | None = None,
                 spawn: Callable | None = None, monotonic: Callable[[], float] | None = None,
                 enrich: Callable[[dict], TicketPrint] | None = None, **_ignored):
        self.hall_info = dict(hall_info or {})
        self._on_status = on_status or (lambda device, status, detail: None)
        self._enrich = enrich or (lambda ticket: ticket_print(ticket, self.hall_info))
        self.printed: list[TicketPrint] = []
        self.started = False
        self._status = ("ok", "")

    def start(self) -> None:
        """Mark started."""
        self.started = True

    def stop(self) -> None:
        """Mark stopped."""
        self.started = False

    def handle(self, name: str, payload: dict) -> None:
        """On `ticket_issued`, 'print' the ticket at once."""
        if name == "ticket_issued":
            self.reprint(payload["ticket"])

    def reprint(self, ticket_payload: dict) -> None:
        """'Print' a ticket."""
        self.printed.append(self._enrich(ticket_payload))

    def set_status(self, status: str, detail: str = "") -> None:
        """Simulate a status change (reported through on_status)."""
        self._status = (status, detail)
        self._on_status("printer", status, detail)

    def status(self) -> dict:
        """{status, detail, queue_length, last_printed}."""
        return {"status": self._status[0], "detail": self._status[1], "queue_length": 0,
                "last_printed": self.printed[-1].number if self.printed else None}
