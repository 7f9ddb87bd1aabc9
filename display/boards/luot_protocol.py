"""The Lượt LED board protocol (docs/protocols/led-board.md), sans-I/O.

Frame: STX | ADDR | CMD | LEN | DATA[LEN] | CHK | ETX, CHK = XOR of ADDR..DATA.
Framing is by length, so STX/ETX bytes inside ADDR, DATA or CHK need no escaping.
"""
from __future__ import annotations

from dataclasses import dataclass

from display.boards.driver import (
    CLOSED, MAX_BRIGHTNESS, MIN_BRIGHTNESS, PAUSED, BoardDriver, Reply,
    check_range, check_text,
)

STX, ETX = 0x02, 0x03
MAX_DATA = 32
HEADER = 4          # STX ADDR CMD LEN
OVERHEAD = 6        # HEADER + CHK + ETX

SHOW, BLINK, CODE, CLEAR, BRIGHTNESS, QUERY = b"S", b"B", b"C", b"X", b"L", b"Q"
ACK, NAK = 0x06, 0x15
BLINK_TIMES, BLINK_TENTHS = b"N", b"T"
CODES = {PAUSED: b"P", CLOSED: b"C"}
NAK_CHECKSUM, NAK_COMMAND, NAK_DATA = 0x01, 0x02, 0x03
NAK_REASONS = {NAK_CHECKSUM: "checksum", NAK_COMMAND: "unknown command", NAK_DATA: "bad data"}
FLAG_FRESH = 0x01   # in the ACK to QUERY: nothing shown since power-up


@dataclass(frozen=True)
class Frame:
    """A well-formed frame from the line."""

    address: int
    command: int
    data: bytes = b""


@dataclass(frozen=True)
class Corrupt:
    """STX..ETX in place but the checksum is wrong (a board NAKs it)."""

    address: int


@dataclass(frozen=True)
class Garbage:
    """Bytes skipped while looking for a frame."""

    data: bytes


def checksum(body: bytes) -> int:
    """XOR of ADDR, CMD, LEN and DATA."""
    value = 0
    for byte in body:
        value ^= byte
    return value


def encode_frame(address: int, command: bytes | int, data: bytes = b"") -> bytes:
    """Build one frame; `command` is one byte."""
    check_range("address", address, 0, 255)
    if len(data) > MAX_DATA:
        raise ValueError(f"data longer than {MAX_DATA} bytes")
    cmd = command if isinstance(command, int) else command[0]
    body = bytes([address, cmd, len(data)]) + data
    return bytes([STX]) + body + bytes([checksum(body), ETX])


def encode_ack(address: int, flags: int | None = None) -> bytes:
    """A board's ACK; the ACK to QUERY carries the status `flags` byte."""
    return encode_frame(address, ACK, b"" if flags is None else bytes([flags]))


def encode_nak(address: int, reason: int) -> bytes:
    """A board's NAK with a reason byte."""
    return encode_frame(address, NAK, bytes([reason]))


class FrameDecoder:
    """Fed arbitrary chunks, yields Frame, Corrupt and Garbage events in line order."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def reset(self) -> None:
        """Forget any partial frame."""
        self._buffer.clear()

    def feed(self, data: bytes) -> list:
        """Add bytes; return the events completed so far."""
        self._buffer += data
        events: list = []
        while self._buffer:
            event = self._next_event()
            if event is None:
                break
            events.append(event)
        return events

    def _next_event(self):
        buf = self._buffer
        if buf[0] != STX:
            end = buf.find(STX)
            return self._skip(len(buf) if end < 0 else end)
        if len(buf) < HEADER:
            return None
        length = buf[3]
        if length > MAX_DATA:
            return self._skip(1)
        if len(buf) < OVERHEAD + length:
            return None
        body, chk, etx = bytes(buf[1:HEADER + length]), buf[HEADER + length], buf[HEADER + length + 1]
        if etx != ETX:
            return self._skip(1)
        if chk != checksum(body):
            self._skip(1)
            return Corrupt(body[0])
        del buf[:OVERHEAD + length]
        return Frame(body[0], body[1], body[3:])

    def _skip(self, count: int) -> Garbage:
        skipped = bytes(self._buffer[:count])
        del self._buffer[:count]
        return Garbage(skipped)


class LuotReplyDecoder:
    """Replies (ACK/NAK) from a stream; other frames (e.g. a bus echo) and garbage are skipped."""

    def __init__(self) -> None:
        self._frames = FrameDecoder()

    def feed(self, data: bytes) -> list[Reply]:
        """Add bytes; return the replies completed so far."""
        replies = []
        for event in self._frames.feed(data):
            if isinstance(event, Frame) and event.command == ACK:
                fresh = bool(event.data and event.data[0] & FLAG_FRESH)
                replies.append(Reply(event.address, True, fresh=fresh))
            elif isinstance(event, Frame) and event.command == NAK:
                reason = event.data[0] if event.data else 0
                replies.append(Reply(event.address, False, "NAK " + NAK_REASONS.get(reason, hex(reason))))
        return replies


class LuotDriver(BoardDriver):
    """Our own protocol, for boards we program or buy to spec."""

    name = "luot"
    max_address = 32

    def _frame(self, address: int, command: bytes, data: bytes = b"") -> bytes:
        return encode_frame(check_range("address", address, 1, self.max_address), command, data)

    def encode_show(self, address: int, text: str, counter: int | None = None) -> bytes:
        """SHOW: counter byte (0 = none) then the text."""
        number = 0 if counter is None else check_range("counter", counter, 1, 99)
        return self._frame(address, SHOW, bytes([number]) + check_text(text))

    def encode_blink(self, address: int, times: int = 3, duration_ms: int = 0) -> bytes:
        """BLINK: 'N' + u16 times, or 'T' + u16 tenths of a second."""
        if duration_ms:
            tenths = check_range("duration_ms", -(-duration_ms // 100), 1, 0xFFFF)
            return self._frame(address, BLINK, BLINK_TENTHS + tenths.to_bytes(2, "big"))
        return self._frame(address, BLINK, BLINK_TIMES + check_range("times", times, 1, 0xFFFF).to_bytes(2, "big"))

    def encode_clear(self, address: int) -> bytes:
        """CLEAR: no data."""
        return self._frame(address, CLEAR)

    def encode_brightness(self, address: int, level: int) -> bytes:
        """BRIGHTNESS: one byte 1-8."""
        return self._frame(address, BRIGHTNESS, bytes([check_range("level", level, MIN_BRIGHTNESS, MAX_BRIGHTNESS)]))

    def encode_status_code(self, address: int, code: str) -> bytes:
        """CODE: 'P' paused or 'C' closed."""
        if code not in CODES:
            raise ValueError(f"status code must be one of {sorted(CODES)}: {code!r}")
        return self._frame(address, CODE, CODES[code])

    def encode_ping(self, address: int) -> bytes:
        """QUERY: no data; the board ACKs with its status flags (FRESH after power-up)."""
        return self._frame(address, QUERY)

    def reply_decoder(self) -> LuotReplyDecoder:
        """A fresh reply decoder."""
        return LuotReplyDecoder()
