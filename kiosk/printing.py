"""What a printed ticket shows: the ticket, the hall's name, the printer's footer, the
tracking URL, the counters serving the area and the estimated wait. Used by the print
queue, the ticket preview (`ticket.png`) and the kiosk's QR code.

Where phones reach the hall is one rule for the printed QR code and the kiosk screen's one
(`public_base_url`): the hall's `public_url`, else this server at its address on the hall's
network — never a loopback address, which no phone can reach.
"""
from __future__ import annotations

import ipaddress
import socket

from hall.config import HallConfig
from kiosk.printer.settings import PrinterSettings
from kiosk.printer.ticket import TicketPrint, ticket_print

TRACK_PATH = "/t/"
ANY_ADDRESS = ("0.0.0.0", "::", "")
# Where a UDP socket "connects" to learn the address of the route out (nothing is sent):
# a documentation address (the default route), then private ranges (a hall without one).
ROUTE_PROBES = ("192.0.2.1", "10.255.255.255", "172.16.255.255", "192.168.255.255")


def tracking_url(base_url: str, ticket_id: str) -> str:
    """The public address of a ticket's tracking page under `base_url`."""
    return f"{base_url.rstrip('/')}{TRACK_PATH}{ticket_id}"


def _reachable(address: str) -> bool:
    """An address another machine could use: not loopback, not unspecified."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return bool(address) and address != "localhost"     # a host name
    return not (ip.is_loopback or ip.is_unspecified)


def lan_address() -> str | None:
    """This machine's IPv4 address on the hall's network, or None (no network at all).

    The address of the outbound interface (a UDP connect() picks a route and sends nothing),
    then the host name's addresses; a loopback address (Debian maps the host name to
    127.0.1.1) is never the answer.
    """
    for probe in ROUTE_PROBES:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))
                address = sock.getsockname()[0]
        except OSError:
            continue
        if _reachable(address):
            return address
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    return next((info[4][0] for info in infos if _reachable(info[4][0])), None)


def public_base_url(public_url: str, host: str, port: int) -> str:
    """Where phones reach this hall: `public_url` when configured; else this server (the
    address it listens on when that is a specific one, else its LAN address) and port."""
    if public_url:
        return public_url.rstrip("/")
    address = host if host not in ANY_ADDRESS and _reachable(host) else None
    address = address or lan_address() or socket.gethostname()
    if ":" in address:
        address = f"[{address}]"
    return f"http://{address}:{port}"


class TicketContent:
    """Turns a ticket payload (docs/events.md) into what the printer prints."""

    def __init__(self, hall: HallConfig, printer: PrinterSettings, base_url: str) -> None:
        self.hall, self.printer = hall, printer
        self.base_url = hall.public_url or base_url

    def tracking_url(self, ticket_id: str) -> str:
        """The address a ticket's QR code holds, printed or on the kiosk screen."""
        return tracking_url(self.base_url, ticket_id)

    def __call__(self, ticket: dict) -> TicketPrint:
        """The TicketPrint of one ticket."""
        info = {"centre_name": self.hall.name, "footer": self.printer.footer,
                "counters": [c.number for c in self.hall.counters_for(ticket["area"])],
                "estimated_wait_min": ticket.get("estimated_wait_min"),
                "tracking_url": self.tracking_url(ticket["id"])}
        return ticket_print(ticket, info)
