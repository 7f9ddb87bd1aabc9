"""ESC/POS byte stream for one ticket, built with python-escpos's Dummy printer. Sans-I/O."""

from __future__ import annotations

import copy

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from kiosk.printer.layout import QrBlock, RasterBlock, TextBlock, ticket_blocks
from kiosk.printer.raster import to_1bit
from kiosk.printer.ticket import TicketPrint

# Rows per GS v 0 command: small enough for the receive buffer of cheap printers.
RASTER_FRAGMENT_ROWS = 512


def _dummy(width_px: int) -> Dummy:
    printer = Dummy()
    data = copy.deepcopy(printer.profile.profile_data)
    data["media"]["width"]["pixels"] = width_px  # instance copy: silences the profile warning
    printer.profile.profile_data = data
    return printer


def _raster(p: Dummy, block: RasterBlock) -> None:
    p.set(align="left")
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


def build_job(ticket: TicketPrint, width_px: int = 576, mode: str = "image",
              qr: str = "image") -> bytes:
    """ESC @, the ticket blocks (GS v 0 raster, native text, GS ( k QR), feed and cut."""
    p = _dummy(width_px)
    p.hw("INIT")
    draw = {RasterBlock: _raster, TextBlock: _text, QrBlock: _qr}
    for block in ticket_blocks(ticket, width_px, mode, qr):
        draw[type(block)](p, block)
    p.cut()
    return p.output
