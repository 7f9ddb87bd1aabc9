"""Modbus RTU numeric boards (register map in docs/protocols/led-board.md), sans-I/O.

Commands are function 0x10 (write multiple registers); the ping reads register 0 (0x03).
Frames are found in a byte stream by their function-specific length and CRC-16/MODBUS.
"""
from __future__ import annotations

import struct

from display.boards.driver import (
    CLOSED, MAX_BRIGHTNESS, MAX_TEXT, MIN_BRIGHTNESS, PAUSED, BoardDriver, Reply,
    check_range, check_text,
)

READ_HOLDING, WRITE_MULTIPLE = 0x03, 0x10
REG_MODE, REG_TEXT, REG_COUNTER, REG_BLINK_COUNT, REG_BLINK_TENTHS, REG_BRIGHTNESS = 0, 1, 4, 5, 6, 7
MODE_BLANK, MODE_TEXT, MODE_PAUSED, MODE_CLOSED = 0, 1, 2, 3
MODES = {PAUSED: MODE_PAUSED, CLOSED: MODE_CLOSED}
MODE_NAMES = {MODE_BLANK: "blank", MODE_TEXT: "text", MODE_PAUSED: PAUSED, MODE_CLOSED: CLOSED}
EXCEPTIONS = {1: "illegal function", 2: "illegal data address", 3: "illegal data value",
              4: "server device failure", 6: "server device busy"}


def crc16(data: bytes) -> int:
    """CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def with_crc(body: bytes) -> bytes:
    """`body` followed by its CRC, low byte first."""
    return body + crc16(body).to_bytes(2, "little")


def write_registers(address: int, start: int, values: list[int]) -> bytes:
    """Function 0x10 request."""
    count = len(values)
    head = struct.pack(">BBHHB", address, WRITE_MULTIPLE, start, count, 2 * count)
    return with_crc(head + struct.pack(f">{count}H", *values))


def read_registers(address: int, start: int, count: int) -> bytes:
    """Function 0x03 request."""
    return with_crc(struct.pack(">BBHH", address, READ_HOLDING, start, count))


def text_registers(text: str) -> list[int]:
    """Six ASCII characters, space padded on the right, two per register, high byte first."""
    raw = check_text(text).ljust(MAX_TEXT, b" ")
    return list(struct.unpack(f">{MAX_TEXT // 2}H", raw))


def reply_length(buf: bytes) -> int | None:
    """Length of the reply starting at buf[0], 0 if it cannot be one, None if more is needed."""
    if len(buf) < 2:
        return None
    function = buf[1]
    if function & 0x80:
        return 5
    if function == WRITE_MULTIPLE:
        return 8
    if function == READ_HOLDING:
        return None if len(buf) < 3 else 5 + buf[2]
    return 0


def request_length(buf: bytes) -> int | None:
    """Length of the request starting at buf[0], 0 if it cannot be one, None if more is needed."""
    if len(buf) < 2:
        return None
    if buf[1] == READ_HOLDING:
        return 8
    if buf[1] == WRITE_MULTIPLE:
        return None if len(buf) < 7 else 9 + buf[6]
    return 0


class RtuFramer:
    """Finds CRC-checked RTU frames in a byte stream; `length_of` decides frame sizes.

    RTU has no start byte, so the earliest offset holding a complete frame with a valid CRC
    wins: a false start (noise that looks like a long frame) cannot hide a real frame.
    """

    MAX_BUFFER = 256

    def __init__(self, length_of=reply_length) -> None:
        self._length_of = length_of
        self._buffer = bytearray()
        self.skipped = 0

    def feed(self, data: bytes) -> list[bytes]:
        """Add bytes; return the complete frames (CRC stripped off) found so far."""
        self._buffer += data
        frames = []
        found = self._find()
        while found is not None:
            start, length = found
            frames.append(bytes(self._buffer[start:start + length - 2]))
            self.skipped += start
            del self._buffer[:start + length]
            found = self._find()
        excess = len(self._buffer) - self.MAX_BUFFER
        if excess > 0:
            self.skipped += excess
            del self._buffer[:excess]
        return frames

    def _find(self) -> tuple[int, int] | None:
        buf = self._buffer
        for start in range(max(0, len(buf) - 3)):
            length = self._length_of(bytes(buf[start:start + 7]))
            end = start + (length or 0)
            if length and buf[start] and end <= len(buf) and crc16(buf[start:end]) == 0:
                return start, length
        return None


class ModbusReplyDecoder:
    """Replies from a stream: normal responses are ACKs, exception responses NAKs."""

    def __init__(self) -> None:
        self._framer = RtuFramer(reply_length)

    def feed(self, data: bytes) -> list[Reply]:
        """Add bytes; return the replies completed so far."""
        replies = []
        for frame in self._framer.feed(data):
            address, function = frame[0], frame[1]
            if function & 0x80:
                code = frame[2]
                detail = f"exception {code:#04x} {EXCEPTIONS.get(code, 'unknown')}"
                replies.append(Reply(address, False, detail))
            elif function == READ_HOLDING and frame[2] >= 2:
                mode = MODE_NAMES.get(int.from_bytes(frame[3:5], "big"), "blank")
                replies.append(Reply(address, True, mode=mode))
            else:
                replies.append(Reply(address, True))
        return replies


class ModbusDriver(BoardDriver):
    """Numeric boards that speak Modbus RTU with the register map in the protocol doc."""

    name = "modbus"
    max_address = 247

    def _write(self, address: int, start: int, values: list[int]) -> bytes:
        return write_registers(check_range("address", address, 1, self.max_address), start, values)

    def encode_show(self, address: int, text: str, counter: int | None = None) -> bytes:
        """Write MODE=1, TEXT (3 registers), COUNTER."""
        number = 0 if counter is None else check_range("counter", counter, 1, 99)
        return self._write(address, REG_MODE, [MODE_TEXT, *text_registers(text), number])

    def encode_blink(self, address: int, times: int = 3, duration_ms: int = 0) -> bytes:
        """Write BLINK_COUNT and BLINK_TENTHS (one of them 0)."""
        if duration_ms:
            tenths = check_range("duration_ms", -(-duration_ms // 100), 1, 0xFFFF)
            return self._write(address, REG_BLINK_COUNT, [0, tenths])
        return self._write(address, REG_BLINK_COUNT, [check_range("times", times, 1, 0xFFFF), 0])

    def encode_clear(self, address: int) -> bytes:
        """Write MODE=0."""
        return self._write(address, REG_MODE, [MODE_BLANK])

    def encode_brightness(self, address: int, level: int) -> bytes:
        """Write BRIGHTNESS 1-8."""
        return self._write(address, REG_BRIGHTNESS, [check_range("level", level, MIN_BRIGHTNESS, MAX_BRIGHTNESS)])

    def encode_status_code(self, address: int, code: str) -> bytes:
        """Write MODE=2 (paused) or 3 (closed)."""
        if code not in MODES:
            raise ValueError(f"status code must be one of {sorted(MODES)}: {code!r}")
        return self._write(address, REG_MODE, [MODES[code]])

    def encode_ping(self, address: int) -> bytes:
        """Read the MODE register (the reply tells what the board shows: a restarted board is blank)."""
        return read_registers(check_range("address", address, 1, self.max_address), REG_MODE, 1)

    def reply_decoder(self) -> ModbusReplyDecoder:
        """A fresh reply decoder."""
        return ModbusReplyDecoder()
