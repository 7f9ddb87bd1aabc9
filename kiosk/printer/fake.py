"""FakeTicketPrinter: same interface as TicketPrinter, prints into a list (tests, dev mode)."""

from __future__ import annotations

from typing import Callable

from devices.adapter import FakeAdapter, Report
from kiosk.printer.settings import DEVICE_ID, PrinterSettings
from kiosk.printer.ticket import TicketPrint, ticket_print


class FakeTicketPrinter(FakeAdapter):
    """Records what would be printed; a test sets the status."""

    def __init__(self, settings: PrinterSettings | None = None,
                 content: Callable[[dict], TicketPrint] = ticket_print,
                 report: Report | None = None, **_ignored):
        super().__init__(report, [DEVICE_ID])
        self.settings = settings or PrinterSettings(enabled=True)
        self._content = content
        self.printed: list[TicketPrint] = []

    def handle(self, name: str, payload: dict) -> None:
        """On `ticket_issued` or `ticket_reprint`, 'print' the ticket at once."""
        if name in ("ticket_issued", "ticket_reprint"):
            self.printed.append(self._content(payload["ticket"]))

    def set_status(self, status: str, detail: str = "") -> None:
        """Simulate a status change (reported like the real printer's)."""
        self.reporter.set(DEVICE_ID, status, detail)
