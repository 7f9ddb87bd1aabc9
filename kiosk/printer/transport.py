"""Links to the printer: one tiny "write bytes" seam, chosen by a URL-ish string.

  "/dev/ttyUSB0", "/dev/pts/5", "socket://h:p", "loop://", "rfc2217://..."  -> pyserial
  "tcp://10.0.0.5:9100"       -> raw TCP (pyserial socket://), the usual LAN port 9100
  "usb:0x0416:0x5011"         -> python-escpos Usb (needs pyusb; write only)
  "file:/dev/usb/lp0"         -> append bytes to a file / Linux printer device (write only)
  "dummy"                     -> keep bytes in memory (development, tests)

Serial and TCP links are bidirectional, so DLE EOT status queries work on them.
"""

from __future__ import annotations

from typing import Protocol

import serial

from kiosk.printer import status as st

DEFAULT_BAUDRATE = 115200


class Link(Protocol):
    """What the print queue needs from a printer connection."""

    bidirectional: bool

    def write(self, data: bytes) -> None: ...
    def read(self, n: int, timeout: float) -> bytes: ...
    def close(self) -> None: ...


class SerialPrinterLink:
    """A pyserial port (serial device, pty, socket://, loop://)."""

    bidirectional = True

    def __init__(self, url: str, baudrate: int = DEFAULT_BAUDRATE, timeout: float = 1.0):
        self.baudrate = baudrate
        self.port = serial.serial_for_url(url, baudrate=baudrate, timeout=timeout,
                                          write_timeout=timeout)

    def write(self, data: bytes) -> None:
        """Write all bytes; the timeout grows with the time the baud rate needs."""
        self.port.write_timeout = 2.0 + len(data) * 10 / self.baudrate * 1.5
        self.port.write(data)
        self.port.flush()

    def read(self, n: int, timeout: float) -> bytes:
        """Read up to n bytes, waiting at most timeout seconds."""
        self.port.timeout = timeout
        return self.port.read(n)

    def discard_input(self) -> None:
        """Drop unread bytes (stale status replies)."""
        self.port.reset_input_buffer()

    def close(self) -> None:
        """Close the port."""
        self.port.close()


class FileLink:
    """Append to a file or a character device such as /dev/usb/lp0."""

    bidirectional = False

    def __init__(self, path: str):
        self.path = path

    def write(self, data: bytes) -> None:
        """Append bytes."""
        with open(self.path, "ab") as f:
            f.write(data)

    def read(self, n: int, timeout: float) -> bytes:
        """Files do not answer."""
        return b""

    def close(self) -> None:
        """Nothing to close."""


class DummyLink:
    """In-memory printer: `jobs` holds every write."""

    bidirectional = False

    def __init__(self) -> None:
        self.jobs: list[bytes] = []

    def write(self, data: bytes) -> None:
        """Remember bytes."""
        self.jobs.append(bytes(data))

    def read(self, n: int, timeout: float) -> bytes:
        """Never answers."""
        return b""

    def close(self) -> None:
        """Nothing to close."""


class UsbLink:
    """USB printer through python-escpos (requires pyusb; untested here)."""

    bidirectional = False

    def __init__(self, vendor_id: int, product_id: int):
        from escpos.printer import Usb  # lazy: pyusb is optional

        self.printer = Usb(vendor_id, product_id)
        self.printer.open()

    def write(self, data: bytes) -> None:
        """Send bytes to the OUT endpoint."""
        self.printer._raw(data)

    def read(self, n: int, timeout: float) -> bytes:
        """Status over USB is not used."""
        return b""

    def close(self) -> None:
        """Release the device."""
        self.printer.close()


def open_link(url: str, baudrate: int = DEFAULT_BAUDRATE, timeout: float = 1.0) -> Link:
    """Open the link described by url (see module docstring)."""
    if url == "dummy":
        return DummyLink()
    if url.startswith("file:"):
        return FileLink(url.removeprefix("file://").removeprefix("file:"))
    if url.startswith("usb:"):
        vendor, product = url.split(":")[1:3]
        return UsbLink(int(vendor, 16), int(product, 16))
    if url.startswith("tcp://"):
        url = "socket://" + url.removeprefix("tcp://")
    return SerialPrinterLink(url, baudrate, timeout)


def _ask(link: Link, query: bytes, timeout: float) -> int | None:
    link.write(query)
    reply = link.read(1, timeout)
    return reply[0] if reply else None


def query_status(link: Link, timeout: float = 1.0) -> tuple[str, str]:
    """Ask DLE EOT 1 and 4 (and 2 when offline); (status, detail) for the device status."""
    if not link.bidirectional:
        return st.OK, ""
    getattr(link, "discard_input", lambda: None)()
    printer = _ask(link, st.QUERY_PRINTER, timeout)
    if printer is None:
        return st.OFFLINE, st.DETAIL_NO_REPLY
    paper = _ask(link, st.QUERY_PAPER, timeout)
    if paper is None:
        return st.OFFLINE, st.DETAIL_NO_REPLY
    if not (st.is_status_byte(printer) and st.is_status_byte(paper)):
        return st.ERROR, st.DETAIL_BAD_REPLY
    cause = _ask(link, st.QUERY_OFFLINE_CAUSE, timeout) if st.parse_printer(printer) else None
    if cause is not None and not st.is_status_byte(cause):
        cause = None
    return st.classify(st.decode(printer, paper, cause))
