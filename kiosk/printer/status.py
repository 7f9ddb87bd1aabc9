"""ESC/POS real-time status (DLE EOT n): query bytes and reply parsing. Sans-I/O.

Every reply is one byte with bits 1 and 4 set and bits 0 and 7 clear (0x12 when all is
well). Bits used here (Epson ESC/POS reference, supported by most clones):
  n=1 printer status:  bit 3 offline
  n=2 offline cause:   bit 2 cover open, bit 5 stopped by paper end, bit 6 error
  n=4 paper sensor:    bits 2+3 roll near end, bits 5+6 roll end
"""

from __future__ import annotations

from dataclasses import dataclass

QUERY_PRINTER = b"\x10\x04\x01"
QUERY_OFFLINE_CAUSE = b"\x10\x04\x02"
QUERY_PAPER = b"\x10\x04\x04"

OK, NO_PAPER, OFFLINE, ERROR = "ok", "no_paper", "offline", "error"

DETAIL_NO_REPLY = "Máy in không phản hồi"
DETAIL_BAD_REPLY = "Máy in trả lời trạng thái không hợp lệ"
DETAIL_PAPER_END = "Hết giấy"
DETAIL_NEAR_END = "Sắp hết giấy"
DETAIL_COVER_OPEN = "Nắp máy in đang mở"
DETAIL_ERROR = "Máy in báo lỗi"
DETAIL_OFFLINE = "Máy in đang tạm ngừng (offline)"


def is_status_byte(b: int) -> bool:
    """True when b has the fixed bits of a DLE EOT reply."""
    return b & 0x93 == 0x12


@dataclass(frozen=True)
class PrinterState:
    """Decoded real-time status flags."""

    offline: bool = False
    paper_end: bool = False
    paper_near_end: bool = False
    cover_open: bool = False
    error: bool = False


def parse_printer(b: int) -> bool:
    """DLE EOT 1 reply -> offline flag."""
    return bool(b & 0x08)


def parse_offline_cause(b: int) -> dict:
    """DLE EOT 2 reply -> cover_open / paper_end / error flags."""
    return {"cover_open": bool(b & 0x04), "paper_end": bool(b & 0x20), "error": bool(b & 0x40)}


def parse_paper(b: int) -> dict:
    """DLE EOT 4 reply -> paper_end / paper_near_end flags."""
    return {"paper_end": bool(b & 0x60), "paper_near_end": bool(b & 0x0C)}


def decode(printer: int, paper: int, offline_cause: int | None = None) -> PrinterState:
    """Combine the replies to DLE EOT 1, 4 and (if offline) 2 into one state."""
    flags = {"offline": parse_printer(printer), **parse_paper(paper)}
    if offline_cause is not None:
        cause = parse_offline_cause(offline_cause)
        flags["paper_end"] = flags["paper_end"] or cause["paper_end"]
        flags["cover_open"], flags["error"] = cause["cover_open"], cause["error"]
    return PrinterState(**flags)


def classify(state: PrinterState) -> tuple[str, str]:
    """(status, Vietnamese detail) for a decoded state; status in ok|no_paper|error."""
    if state.paper_end:
        return NO_PAPER, DETAIL_PAPER_END
    if state.cover_open:
        return ERROR, DETAIL_COVER_OPEN
    if state.error:
        return ERROR, DETAIL_ERROR
    if state.offline:
        return ERROR, DETAIL_OFFLINE
    if state.paper_near_end:
        return OK, DETAIL_NEAR_END
    return OK, ""


def status_reply(state: PrinterState, n: int) -> bytes:
    """The byte a printer in `state` answers to DLE EOT n (used by the simulator)."""
    b = 0x12
    if n == 1 and (state.offline or state.paper_end or state.cover_open or state.error):
        b |= 0x08
    elif n == 2:
        b |= (0x04 if state.cover_open else 0) | (0x20 if state.paper_end else 0)
        b |= 0x40 if state.error else 0
    elif n == 4:
        b |= (0x60 if state.paper_end else 0) | (0x0C if state.paper_near_end else 0)
    return bytes([b])
