"""ESC/POS byte stream for one ticket, built with python-escpos's Dummy printer. Sans-I/O.

Text mode writes its lines itself (`TextWriter`): each on the configured Vietnamese code
page, with a style command only where the style changes, so a ticket is a few hundred bytes.
"""

from __future__ import annotations

import copy

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from kiosk.printer.codepages import CodePage
from kiosk.printer.layout import QrBlock, RasterBlock, TextBlock, ticket_blocks
from kiosk.printer.raster import to_1bit
from kiosk.printer.text_layout import text_blocks
from kiosk.printer.ticket import TicketPrint

ESC, GS = b"\x1b", b"\x1d"

# Rows per GS v 0 command: small enough for the receive buffer of cheap printers.
RASTER_FRAGMENT_ROWS = 512


def _dummy(width_px: int) -> Dummy:
    printer = Dummy()
    data = copy.deepcopy(printer.profile.profile_data)
    data["media"]["width"]["pixels"] = width_px  # instance copy: silences the profile warning
    printer.profile.profile_data = data
    return printer


def _raster(p: Dummy, block: RasterBlock) -> None:
    p.set(align="center" if block.centred else "left")
    p.image(to_1bit(block.image), impl="bitImageRaster", fragment_height=RASTER_FRAGMENT_ROWS)


def _text(p: Dummy, block: TextBlock) -> None:
    p.set(align="center", bold=block.bold, custom_size=True,
          width=block.width_mult, height=block.height_mult)
    p.text(block.text + "\n")
    p.set(align="left", bold=False, normal_textsize=True)


def _qr(p: Dummy, block: QrBlock) -> None:
    p.set(align="center")
    p.qr(block.data, ec=QR_ECLEVEL_M, size=min(16, block.module_px), native=True)
    p.text("\n")
    p.set(align="left")


class TextWriter:
    """Writes text-mode lines: ESC t, GS !, ESC E, GS B and ESC a only when they change."""

    AFTER_INIT = {"align": ESC + b"a\x00", "size": GS + b"!\x00", "bold": ESC + b"E\x00",
                  "reverse": GS + b"B\x00"}

    def __init__(self, printer: Dummy, code_page: CodePage) -> None:
        self.printer, self.code_page = printer, code_page
        self.state = dict(self.AFTER_INIT)

    def line(self, block: TextBlock) -> None:
        """One centred line, its runs each on their code page."""
        runs = self.code_page.runs(block.text)
        if runs is None:
            raise ValueError(f"not on code page {self.code_page.name}: {block.text!r}")
        self._set("align", ESC + b"a\x01")
        self._set("size", GS + b"!" + bytes([(block.width_mult - 1) << 4 | (block.height_mult - 1)]))
        self._set("bold", ESC + b"E" + bytes([block.bold]))
        self._set("reverse", GS + b"B" + bytes([block.reverse]))
        for page, data in runs:
            self._set("page", ESC + b"t" + bytes([page]))
            self.printer._raw(data)
        self.printer._raw(b"\n")

    def forget(self) -> None:
        """python-escpos wrote something (a raster, a QR): its alignment and page are unknown."""
        self.state.pop("align", None)
        self.state.pop("page", None)

    def _set(self, key: str, command: bytes) -> None:
        if self.state.get(key) != command:
            self.printer._raw(command)
            self.state[key] = command


def build_job(ticket: TicketPrint, width_px: int = 576, mode: str = "image",
              qr: str = "image", code_page: CodePage | None = None) -> bytes:
    """ESC @, the ticket blocks (GS v 0 raster, native text, GS ( k QR), feed and cut;
    text mode writes its lines on `code_page` (CP1258 composed, Epson numbering, by default)."""
    p = _dummy(width_px)
    p.hw("INIT")
    draw = {RasterBlock: _raster, TextBlock: _text, QrBlock: _qr}
    if mode == "text":
        writer = TextWriter(p, code_page or CodePage())
        for block in text_blocks(ticket, width_px, writer.code_page, qr):
            if isinstance(block, TextBlock):
                writer.line(block)
            else:
                draw[type(block)](p, block)
                writer.forget()
    else:
        for block in ticket_blocks(ticket, width_px, mode, qr):
            draw[type(block)](p, block)
    p.cut()
    return p.output
