"""A serial link that (re)opens with backoff; shared by keypads, barcode readers and LED boards."""
from __future__ import annotations

import logging
import time
from typing import Callable

import serial

try:
    from termios import error as _TermiosError
except ImportError:  # not POSIX
    class _TermiosError(Exception):
        """Placeholder: termios does not exist here."""

log = logging.getLogger(__name__)
IO_ERRORS = (serial.SerialException, OSError, TypeError, _TermiosError)


class LinkDown(Exception):
    """The port is closed, could not be opened, or failed during I/O."""


class SerialLink:
    """One port opened with `serial_for_url` (device path, pty, loop://, socket://).

    `open()` tries at most once per backoff delay (doubling from `backoff_min`
    to `backoff_max`); I/O errors close the port and raise LinkDown.
    """

    def __init__(self, url: str, baudrate: int = 9600, *, read_timeout: float = 0.02,
                 write_timeout: float = 1.0, backoff_min: float = 0.2, backoff_max: float = 5.0,
                 opener: Callable = serial.serial_for_url,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.url, self.baudrate = url, baudrate
        self._read_timeout, self._write_timeout = read_timeout, write_timeout
        self._backoff_min, self._backoff_max = backoff_min, backoff_max
        self._delay = backoff_min
        self._opener, self._monotonic = opener, monotonic
        self._port = None
        self._next_try = 0.0
        self.last_error = ""

    @property
    def is_open(self) -> bool:
        """True while the port is open."""
        return self._port is not None

    def retry_in(self) -> float:
        """Seconds until the next open attempt is allowed."""
        return max(0.0, self._next_try - self._monotonic())

    def open(self) -> bool:
        """Open the port if closed and the backoff delay has passed; True when open."""
        if self._port is not None:
            return True
        if self.retry_in() > 0:
            return False
        try:
            self._port = self._opener(self.url, baudrate=self.baudrate,
                                      timeout=self._read_timeout,
                                      write_timeout=self._write_timeout)
        except IO_ERRORS + (ValueError,) as exc:
            self._failed(f"không mở được cổng {self.url}: {exc}")
            return False
        self._delay = self._backoff_min
        self.last_error = ""
        log.info("opened %s", self.url)
        return True

    def write(self, data: bytes) -> None:
        """Write all bytes or raise LinkDown."""
        port = self._require()
        try:
            port.write(data)
        except IO_ERRORS as exc:
            self._broken(f"lỗi ghi {self.url}: {exc}")

    def read(self) -> bytes:
        """Return what arrives within the read timeout (maybe b"") or raise LinkDown."""
        port = self._require()
        try:
            return port.read(max(1, port.in_waiting))
        except IO_ERRORS as exc:
            self._broken(f"lỗi đọc {self.url}: {exc}")
        return b""

    def discard_input(self) -> None:
        """Drop unread input (stale replies, echo)."""
        port = self._require()
        try:
            port.reset_input_buffer()
        except IO_ERRORS as exc:
            self._broken(f"lỗi cổng {self.url}: {exc}")

    def close(self) -> None:
        """Close the port (no error if already closed)."""
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except IO_ERRORS:
                log.debug("error closing %s", self.url, exc_info=True)

    def _require(self):
        if self._port is None:
            raise LinkDown(self.last_error or f"{self.url} chưa mở")
        return self._port

    def _broken(self, message: str) -> None:
        self.close()
        self._delay = self._backoff_min
        self._failed(message)
        raise LinkDown(message)

    def _failed(self, message: str) -> None:
        log.log(logging.DEBUG if message == self.last_error else logging.WARNING, "%s", message)
        self.last_error = message
        self._next_try = self._monotonic() + self._delay
        self._delay = min(self._delay * 2, self._backoff_max)
