"""ESC/POS stream decoder — the printer's side, for the simulator and tests. Sans-I/O.

`EscposDecoder.feed(bytes)` returns events: `StatusQuery(n)` for DLE EOT n (the caller
answers it) and `Printed(image)` at each cut. Covers what ticket printing uses: ESC @,
ESC !, ESC E, ESC M, ESC a, ESC d, ESC J, ESC t (code page), GS !, GS B (reverse),
GS v 0, GS ( k (QR), GS V, text on the selected code page (`pages`: Epson's numbers for
CP437, CP1252, TCVN-3 small and capitals, CP1258 by default); other common commands are
skipped by length.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from kiosk.printer.codepages import decode
from kiosk.printer.paper import LINE_SPACING, Paper, Style

ESC, GS, DLE, FS, LF = 0x1B, 0x1D, 0x10, 0x1C, 0x0A
# ESC x commands with one argument byte that only change looks we do not simulate.
ESC_ONE_ARG = set(b"-GV{ R=3%U")
GS_ONE_ARG = set(b"bHhwfaIrTPk")
# ESC t number -> what that page is (the printer's manual says; these are Epson's).
PAGES = {0: "cp437", 16: "cp1252", 30: "tcvn3", 31: "tcvn3-capitals", 52: "cp1258"}


@dataclass(frozen=True)
class StatusQuery:
    """DLE EOT n received; the printer must answer one status byte."""

    n: int


@dataclass(frozen=True)
class Printed:
    """A ticket was cut off; `image` is the paper (mode '1')."""

    image: Image.Image


Event = StatusQuery | Printed


class EscposDecoder:
    """Incremental decoder: feed chunks as they arrive; incomplete commands wait."""

    def __init__(self, width_px: int = 576, pages: dict[int, str] | None = None):
        self.width_px = width_px
        self.pages = {**PAGES, **(pages or {})}
        self.reset()

    def reset(self) -> None:
        """Forget buffered bytes, styles and the pending page (new connection)."""
        self.buf = bytearray()
        self.paper = Paper(self.width_px)
        self.style = Style()
        self.page = 0
        self.qr = {"data": b"", "module": 3, "ec": 48}

    def feed(self, data: bytes) -> list[Event]:
        """Consume bytes; return the events they complete."""
        self.buf += data
        events: list[Event] = []
        while self.buf:
            used = self._step(events)
            if used == 0:
                break
            del self.buf[:used]
        return events

    def _step(self, events: list[Event]) -> int:
        b = self.buf[0]
        if b == ESC:
            return self._esc()
        if b == GS:
            return self._gs(events)
        if b == DLE:
            return self._dle(events)
        if b == FS:
            return 2 if len(self.buf) >= 2 else 0
        if b == LF:
            self.paper.newline()
            return 1
        if b < 0x20:
            return 1
        return self._text()

    def _text(self) -> int:
        end = 0
        while end < len(self.buf) and self.buf[end] >= 0x20:
            end += 1
        self.paper.text(decode(self.pages.get(self.page, "cp437"), bytes(self.buf[:end])),
                        self.style)
        return end

    def _dle(self, events: list[Event]) -> int:
        if len(self.buf) < 3:
            return 0
        if self.buf[1] == 0x04:
            events.append(StatusQuery(self.buf[2]))
            return 3
        return 1

    def _esc(self) -> int:
        if len(self.buf) < 2:
            return 0
        cmd = self.buf[1]
        if cmd == ord("@"):
            self.style, self.qr["data"], self.page = Style(), b"", 0
            return 2
        if cmd in (ord("2"),):
            return 2
        if len(self.buf) < 3:
            return 0
        n = self.buf[2]
        if cmd == ord("*"):
            return self._esc_star()
        handler = {
            ord("!"): lambda: self._set(font_b=bool(n & 1), bold=bool(n & 8),
                                        height_mult=2 if n & 16 else 1,
                                        width_mult=2 if n & 32 else 1, underline=bool(n & 128)),
            ord("E"): lambda: self._set(bold=bool(n & 1)),
            ord("M"): lambda: self._set(font_b=bool(n & 1)),
            ord("a"): lambda: self._set(align=n % 48 if n >= 48 else n),
            ord("d"): lambda: (self.paper.flush(), self.paper.feed(n * LINE_SPACING)),
            ord("J"): lambda: (self.paper.flush(), self.paper.feed(n)),
            ord("t"): lambda: setattr(self, "page", n),
        }.get(cmd)
        if handler:
            handler()
            return 3
        if cmd in (ord("p"), ord("c")):  # ESC p m t1 t2, ESC c x n
            size = 5 if cmd == ord("p") else 4
            return size if len(self.buf) >= size else 0
        return 3 if cmd in ESC_ONE_ARG else 2

    def _esc_star(self) -> int:
        if len(self.buf) < 5:
            return 0
        m, count = self.buf[2], self.buf[3] | self.buf[4] << 8
        total = 5 + count * (3 if m in (32, 33) else 1)
        return total if len(self.buf) >= total else 0

    def _set(self, **changes) -> None:
        self.style = self.style.with_(**changes)

    def _gs(self, events: list[Event]) -> int:
        if len(self.buf) < 3:
            return 0
        cmd, n = self.buf[1], self.buf[2]
        if cmd == ord("!"):
            self._set(width_mult=(n >> 4) + 1, height_mult=(n & 15) + 1)
            return 3
        if cmd == ord("B"):
            self._set(reverse=bool(n & 1))
            return 3
        if cmd == ord("v"):
            return self._raster()
        if cmd == ord("("):
            return self._gs_paren()
        if cmd == ord("V"):
            return self._cut(events, 4 if n in (65, 66, 97, 98, 103, 104) else 3)
        if cmd in (ord("L"), ord("W")):
            return 4 if len(self.buf) >= 4 else 0
        return 3 if cmd in GS_ONE_ARG else 2

    def _cut(self, events: list[Event], size: int) -> int:
        if len(self.buf) < size:
            return 0
        events.append(Printed(self.paper.cut()))
        return size

    def _raster(self) -> int:
        if len(self.buf) < 8:
            return 0
        wb = self.buf[4] | self.buf[5] << 8
        h = self.buf[6] | self.buf[7] << 8
        total = 8 + wb * h
        if len(self.buf) < total:
            return 0
        self.paper.raster(wb, h, bytes(self.buf[8:total]), self.style.align)
        return total

    def _gs_paren(self) -> int:
        if len(self.buf) < 5:
            return 0
        total = 5 + (self.buf[3] | self.buf[4] << 8)
        if len(self.buf) < total:
            return 0
        if self.buf[2] == ord("k") and total >= 7 and self.buf[5] == ord("1"):
            self._qr_function(self.buf[6], bytes(self.buf[7:total]))
        return total

    def _qr_function(self, fn: int, args: bytes) -> None:
        if fn == 67 and args:
            self.qr["module"] = args[0]
        elif fn == 69 and args:
            self.qr["ec"] = args[0]
        elif fn == 80:
            self.qr["data"] = args[1:]  # after m = '0'
        elif fn == 81 and self.qr["data"]:
            self.paper.qr(self.qr["data"], self.qr["module"], self.qr["ec"], self.style.align)
