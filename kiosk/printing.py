"""What a printed ticket shows: the ticket, the hall's name, the printer's footer, the
tracking URL, the counters serving the area and the estimated wait. Used by the print
queue, the ticket preview (`ticket.png`) and the kiosk's QR code."""
from __future__ import annotations

from hall.config import HallConfig
from kiosk.printer.settings import PrinterSettings
from kiosk.printer.ticket import TicketPrint, ticket_print

TRACK_PATH = "/t/"


def tracking_url(base_url: str, ticket_id: str) -> str:
    """The public address of a ticket's tracking page under `base_url`."""
    return f"{base_url.rstrip('/')}{TRACK_PATH}{ticket_id}"


class TicketContent:
    """Turns a ticket payload (docs/events.md) into what the printer prints."""

    def __init__(self, hall: HallConfig, printer: PrinterSettings, base_url: str) -> None:
        self.hall, self.printer = hall, printer
        self.base_url = hall.public_url or base_url

    def __call__(self, ticket: dict) -> TicketPrint:
        """The TicketPrint of one ticket."""
        info = {"centre_name": self.hall.name, "footer": self.printer.footer,
                "counters": [c.number for c in self.hall.counters_for(ticket["area"])],
                "estimated_wait_min": ticket.get("estimated_wait_min"),
                "tracking_url": tracking_url(self.base_url, ticket["id"])}
        return ticket_print(ticket, info)
