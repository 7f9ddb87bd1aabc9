"""Sans-I/O codec for the Lượt counter keypad protocol (see docs/protocols/keypad.md).

Frame: STX ADDR CMD LEN DATA[LEN] CHK ETX, where CHK makes the byte sum of
ADDR..CHK zero modulo 256. Frames are found by length, so DATA and CHK may
hold any byte, including STX and ETX.
"""
from __future__ import annotations

from dataclasses import dataclass

STX = 0x02
ETX = 0x03
MAX_DATA = 64
MIN_ADDRESS = 1
MAX_ADDRESS = 32

# Master -> keypad commands.
CMD_POLL = 0x50      # 'P'  no data; keypad answers KEY or IDLE
CMD_DISPLAY = 0x44   # 'D'  41 bytes of display; keypad answers ACK or NAK
CMD_ACK_KEY = 0x06   # ACK  [seq]; master accepted key event seq; no answer
# Keypad -> master replies.
CMD_KEY = 0x4B       # 'K'  [flags, seq, key]
CMD_IDLE = 0x49      # 'I'  [flags]
CMD_ACK = 0x06       # ACK  no data; display accepted
CMD_NAK = 0x15       # NAK  no data; frame for me had a bad checksum or length

MASTER_COMMANDS = frozenset({CMD_POLL, CMD_DISPLAY, CMD_ACK_KEY})
KEYPAD_COMMANDS = frozenset({CMD_KEY, CMD_IDLE, CMD_ACK, CMD_NAK})

FLAG_FRESH = 0x01    # keypad (re)started or lost its display: resend display, reset seq

# Key codes carried in a KEY reply.
KEY_NEXT = ord("N")
KEY_RECALL = ord("R")
KEY_NO_SHOW = ord("X")
KEY_DONE = ord("D")
KEY_TRANSFER = ord("T")
KEY_PAUSE = ord("P")
KEY_RESUME = ord("G")
KEY_PAUSE_TOGGLE = ord("S")
KEY_CALL = ord("C")
KEY_ENTER = 0x0D
KEY_CLEAR = 0x1B
DIGIT_KEYS = frozenset(range(ord("0"), ord("9") + 1))

# Display payload: state(1) waiting(2, big endian) number(6) line1(16) line2(16).
LINE_WIDTH = 16
NUMBER_WIDTH = 6
DISPLAY_SIZE = 1 + 2 + NUMBER_WIDTH + 2 * LINE_WIDTH
WAITING_UNKNOWN = 0xFFFF
STATE_CODES = {"idle": b"I", "serving": b"S", "paused": b"P", "closed": b"C", "away": b"A",
               "unknown": b"?",
               # rating keypads: invited to rate, thanks, already rated, nothing to rate
               "invite": b"R", "thanks": b"T", "rated": b"D", "nothing": b"N"}
STATE_NAMES = {code[0]: name for name, code in STATE_CODES.items()}


@dataclass(frozen=True)
class Frame:
    """One frame on the wire; `valid` is False when its checksum did not match."""

    address: int
    command: int
    data: bytes = b""
    valid: bool = True


@dataclass(frozen=True)
class Display:
    """What a keypad's small screen shows (ASCII only)."""

    state: str = "unknown"
    waiting: int | None = None
    number: str = ""
    line1: str = ""
    line2: str = ""


@dataclass(frozen=True)
class KeyEvent:
    """A KEY reply decoded: sequence number, key code and the keypad's flags."""

    seq: int
    key: int
    flags: int = 0


def checksum(body: bytes) -> int:
    """Return the byte that makes sum(body + chk) == 0 mod 256."""
    return (-sum(body)) & 0xFF


def encode_frame(address: int, command: int, data: bytes = b"") -> bytes:
    """Build a complete frame."""
    if not 0 <= address <= 0xFF or len(data) > MAX_DATA:
        raise ValueError(f"bad frame: address {address}, {len(data)} data bytes")
    body = bytes((address, command, len(data))) + bytes(data)
    return bytes((STX,)) + body + bytes((checksum(body), ETX))


# ---- master side -------------------------------------------------------------

def encode_poll(address: int) -> bytes:
    """POLL: ask a keypad for its oldest unacknowledged key event."""
    return encode_frame(address, CMD_POLL)


def encode_ack_key(address: int, seq: int) -> bytes:
    """ACK a key event by its sequence number."""
    return encode_frame(address, CMD_ACK_KEY, bytes((seq,)))


def encode_display(address: int, display: Display) -> bytes:
    """DISPLAY: write the keypad's screen."""
    return encode_frame(address, CMD_DISPLAY, display_payload(display))


def display_payload(display: Display) -> bytes:
    """The 41 data bytes of a DISPLAY frame."""
    waiting = WAITING_UNKNOWN if display.waiting is None else min(display.waiting, 0xFFFE)
    return (STATE_CODES.get(display.state, b"?")
            + waiting.to_bytes(2, "big")
            + _field(display.number, NUMBER_WIDTH)
            + _field(display.line1, LINE_WIDTH)
            + _field(display.line2, LINE_WIDTH))


def parse_key(frame: Frame) -> KeyEvent:
    """Decode a KEY reply's data; raise ValueError when malformed."""
    if frame.command != CMD_KEY or len(frame.data) != 3:
        raise ValueError(f"not a KEY reply: {frame}")
    flags, seq, key = frame.data
    return KeyEvent(seq=seq, key=key, flags=flags)


def reply_flags(frame: Frame) -> int:
    """The flags byte of a KEY or IDLE reply (0 for other frames)."""
    if frame.command in (CMD_KEY, CMD_IDLE) and frame.data:
        return frame.data[0]
    return 0


# ---- keypad side -------------------------------------------------------------

def encode_key(address: int, seq: int, key: int, flags: int = 0) -> bytes:
    """KEY reply: one queued key event."""
    return encode_frame(address, CMD_KEY, bytes((flags, seq, key)))


def encode_idle(address: int, flags: int = 0) -> bytes:
    """IDLE reply: nothing queued."""
    return encode_frame(address, CMD_IDLE, bytes((flags,)))


def encode_ack(address: int) -> bytes:
    """Keypad ACK of a DISPLAY frame."""
    return encode_frame(address, CMD_ACK)


def encode_nak(address: int) -> bytes:
    """Keypad NAK: the frame addressed to it was damaged."""
    return encode_frame(address, CMD_NAK)


def parse_display(data: bytes) -> Display:
    """Decode DISPLAY data bytes; raise ValueError when malformed."""
    if len(data) != DISPLAY_SIZE:
        raise ValueError(f"display data must be {DISPLAY_SIZE} bytes, got {len(data)}")
    waiting = int.from_bytes(data[1:3], "big")
    text = data[3:].decode("ascii", "replace")
    return Display(
        state=STATE_NAMES.get(data[0], "unknown"),
        waiting=None if waiting == WAITING_UNKNOWN else waiting,
        number=text[:NUMBER_WIDTH].rstrip(),
        line1=text[NUMBER_WIDTH:NUMBER_WIDTH + LINE_WIDTH].rstrip(),
        line2=text[NUMBER_WIDTH + LINE_WIDTH:].rstrip(),
    )


def _field(text: str, width: int) -> bytes:
    raw = text.encode("ascii", "replace")[:width]
    return raw.ljust(width, b" ")


# ---- stream decoder ----------------------------------------------------------

class FrameDecoder:
    """Turn arbitrary chunks of bytes into frames, skipping garbage.

    A frame whose ETX is in place but whose checksum is wrong comes out with
    `valid=False` (so a keypad can NAK it); anything else that does not parse
    is dropped byte by byte until the next STX.
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self.garbage = 0

    def reset(self) -> None:
        """Forget any partial frame."""
        self._buf.clear()

    def feed(self, chunk: bytes) -> list[Frame]:
        """Add bytes; return every complete frame found."""
        self._buf += chunk
        frames = []
        while (frame := self._next()) is not None:
            frames.append(frame)
        return frames

    def _next(self) -> Frame | None:
        start = self._buf.find(STX)
        while start != -1:
            status, frame, end = self._try(start)
            if status == "frame":
                self._consume(start, end)
                return frame
            if status == "partial":
                return self._skip_partial(start)
            start = self._buf.find(STX, start + 1)
        self._consume(len(self._buf), len(self._buf))
        return None

    def _skip_partial(self, start: int) -> Frame | None:
        """A partial frame hides nothing only if no later STX starts a good frame."""
        later = self._buf.find(STX, start + 1)
        while later != -1:
            status, frame, end = self._try(later)
            if status == "frame" and frame.valid:
                self._consume(later, end)
                return frame
            later = self._buf.find(STX, later + 1)
        self._consume(start, start)
        return None

    def _try(self, start: int) -> tuple[str, Frame | None, int]:
        buf = self._buf
        if len(buf) - start < 4:
            return "partial", None, 0
        length = buf[start + 3]
        if length > MAX_DATA:
            return "bad", None, 0
        end = start + 4 + length + 2
        if len(buf) < end:
            return "partial", None, 0
        if buf[end - 1] != ETX:
            return "bad", None, 0
        body = bytes(buf[start + 1:end - 1])
        frame = Frame(address=body[0], command=body[1], data=body[3:-1],
                      valid=sum(body) & 0xFF == 0)
        return "frame", frame, end

    def _consume(self, skipped: int, end: int) -> None:
        """Count `skipped` leading bytes as garbage and remove bytes up to `end`."""
        self.garbage += skipped
        del self._buf[:end]
