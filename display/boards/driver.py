"""What every LED board driver offers: encode commands to bytes, decode replies from bytes.

A vendor's protocol is one module with one `BoardDriver` subclass; nothing here does I/O.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Protocol

from devices.text import strip_marks

MAX_TEXT = 6
ALLOWED = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ -")
PAUSED, CLOSED = "paused", "closed"
STATUS_CODES = (PAUSED, CLOSED)
MIN_BRIGHTNESS, MAX_BRIGHTNESS = 1, 8


@dataclass(frozen=True)
class Display:
    """What a board should show: kind is 'text', 'paused', 'closed' or 'blank'."""

    kind: str = "blank"
    text: str = ""
    counter: int | None = None


BLANK = Display()


@dataclass(frozen=True)
class Blink:
    """A one-shot blink of whatever the board shows: `times` blinks or `duration_ms`."""

    times: int = 3
    duration_ms: int = 0


@dataclass(frozen=True)
class Reply:
    """A board's answer: ok for ACK, not ok for NAK / exception, with a short detail.

    Ping replies may also say what the board knows of itself: `fresh` (it has shown nothing
    since it was powered up) or `mode` (what it shows now: blank, text, paused, closed).
    """

    address: int
    ok: bool
    detail: str = ""
    fresh: bool = False
    mode: str | None = None

    def lost(self, display: "Display | None") -> bool:
        """True when the board no longer shows what it was told (it restarted)."""
        if display is None:
            return False
        return self.fresh or (self.mode is not None and self.mode != display.kind)


class ReplyDecoder(Protocol):
    """Fed arbitrary byte chunks, returns the replies completed so far."""

    def feed(self, data: bytes) -> list[Reply]: ...


def board_text(text: str) -> str:
    """Return `text` as the board can show it: ASCII capitals, digits, space, '-'; max 6."""
    plain = strip_marks(text).upper()
    return "".join(c for c in plain if c in ALLOWED).strip()[-MAX_TEXT:]


def check_text(text: str) -> bytes:
    """Validate board text (1-6 allowed characters) and return it as ASCII bytes."""
    if not 1 <= len(text) <= MAX_TEXT or any(c not in ALLOWED for c in text):
        raise ValueError(f"board text must be 1-{MAX_TEXT} of [0-9A-Z -]: {text!r}")
    return text.encode("ascii")


def check_range(name: str, value: int, low: int, high: int) -> int:
    """Return `value` if low <= value <= high, else raise ValueError naming `name`."""
    if not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be {low}-{high}: {value!r}")
    return value


class BoardDriver(ABC):
    """One board protocol: pure functions from commands to frames and from bytes to replies."""

    name = ""
    max_address = 32

    @abstractmethod
    def encode_show(self, address: int, text: str, counter: int | None = None) -> bytes:
        """Frame that shows `text` (1-6 of [0-9A-Z -]), optionally with the counter number."""

    @abstractmethod
    def encode_blink(self, address: int, times: int = 3, duration_ms: int = 0) -> bytes:
        """Frame that blinks the current content `times` times, or for `duration_ms`."""

    @abstractmethod
    def encode_clear(self, address: int) -> bytes:
        """Frame that blanks the board."""

    @abstractmethod
    def encode_brightness(self, address: int, level: int) -> bytes:
        """Frame that sets brightness 1 (dim) - 8 (full)."""

    @abstractmethod
    def encode_status_code(self, address: int, code: str) -> bytes:
        """Frame that shows the paused ('----') or closed ('OFF') code."""

    @abstractmethod
    def encode_ping(self, address: int) -> bytes:
        """Frame asking the board to answer, to learn it is alive."""

    @abstractmethod
    def reply_decoder(self) -> ReplyDecoder:
        """A fresh stream decoder for the replies of this protocol."""

    def decode_reply(self, data: bytes) -> Reply | None:
        """The first reply found in `data`, or None."""
        replies = self.reply_decoder().feed(data)
        return replies[0] if replies else None

    def encode_display(self, address: int, display: Display) -> bytes:
        """Frame for a `Display` value."""
        if display.kind == "text":
            return self.encode_show(address, display.text, display.counter)
        if display.kind in STATUS_CODES:
            return self.encode_status_code(address, display.kind)
        return self.encode_clear(address)
