"""Text mode: the ticket as lines of text on the printer's Vietnamese code page, a raster
strip only for a line the code page cannot print (and for the QR unless `qr = "native"`).

At 9600 baud a hybrid ticket takes most of a minute; a text ticket is a few hundred bytes.
Lines are wrapped to the printer's character grid: font A is 12 dots wide, so 48 columns on
80 mm paper (576 dots) and 32 on 58 mm, fewer for double-width text.
"""
from __future__ import annotations

from kiosk.printer import raster as r
from kiosk.printer.codepages import CodePage
from kiosk.printer.layout import (FONT_A_WIDTH, QR_CAPTION, TITLE, Block, QrBlock, RasterBlock,
                                  TextBlock, native_number_mult)
from kiosk.printer.ticket import TicketPrint

RASTER_FONT_PX = 22       # the raster stand-in for a line: about font A's 24-dot height


def columns(width_px: int, width_mult: int = 1) -> int:
    """Characters of font A across the paper at this width multiplier."""
    return width_px // (FONT_A_WIDTH * width_mult)


def wrap_columns(text: str, width: int) -> list[str]:
    """Greedy word wrap to `width` characters (a longer word is split)."""
    lines: list[str] = []
    for word in text.split():
        while len(word) > width:
            lines, word = lines + [word[:width]], word[width:]
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


class TextTicket:
    """Builds the blocks of a text-mode ticket for one paper width and code page."""

    def __init__(self, width_px: int, code_page: CodePage) -> None:
        self.width, self.code_page = width_px, code_page
        self.blocks: list[Block] = []

    def line(self, text: str, width_mult: int = 1, height_mult: int = 1, bold: bool = False,
             reverse: bool = False) -> None:
        """Add text wrapped to the grid, or drawn as a raster paragraph when the code page
        cannot print all of it."""
        if not self.code_page.can_print(text):
            self.blocks.append(RasterBlock(self._drawn(text, max(width_mult, height_mult),
                                                       bold, reverse)))
            return
        for part in wrap_columns(text, columns(self.width, width_mult)):
            self.blocks.append(TextBlock(part, width_mult, height_mult, bold, reverse))

    def rule(self) -> None:
        """A line of dashes across the paper."""
        self.blocks.append(TextBlock("-" * columns(self.width)))

    def _drawn(self, text: str, scale: int, bold: bool, reverse: bool):
        fnt = r.font(r.FONT_BOLD if bold else r.FONT_REGULAR, RASTER_FONT_PX * scale)
        margin = r.sizes_for(self.width).margin
        if reverse:
            return r.badge(text, fnt, self.width, margin)
        return r.paragraph(text, fnt, self.width, margin)


def text_blocks(t: TicketPrint, width_px: int, code_page: CodePage,
                qr: str = "image") -> list[Block]:
    """Blocks of the text-mode ticket, top to bottom."""
    ticket = TextTicket(width_px, code_page)
    if t.centre_name:
        ticket.line(t.centre_name, bold=True)
    ticket.rule()
    ticket.line(TITLE, 2, 2, bold=True)
    mult = native_number_mult(t.number, width_px)
    ticket.blocks.append(TextBlock(t.number, mult, mult, bold=True))
    ticket.line(t.area_name, 1, 2, bold=True)
    if t.priority_text:
        ticket.line(t.priority_text, bold=True, reverse=True)
    ticket.rule()
    for text in (t.ahead_text, t.wait_text, t.counters_text):
        if text:
            ticket.line(text)
    ticket.line(f"{t.date_text}  {t.time_text}", 1, 2, bold=True)
    ticket.line(t.session_label)
    if t.tracking_url:
        ticket.rule()
        ticket.blocks.append(_qr(t.tracking_url, width_px, qr))
        ticket.line(QR_CAPTION)
    ticket.line(t.footer)
    return ticket.blocks


def _qr(url: str, width_px: int, qr: str) -> Block:
    module = r.qr_module_px(url, r.sizes_for(width_px).qr_px)
    if qr == "native":
        return QrBlock(url, module)
    return RasterBlock(r.qr_image(url, module), centred=True)
