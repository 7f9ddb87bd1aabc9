"""Simulated thermal paper: draws decoded ESC/POS output (native text, rasters, QR) as a PNG.

Used by the printer simulator (tools/printer_sim.py) and tests. Native text is drawn in a
monospace font on the printer's character grid (font A 12x24, font B 9x17 dots) and
scaled by the ESC ! / GS ! multipliers, like a real printer does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import qrcode
from PIL import Image, ImageDraw, ImageFont, ImageOps

from kiosk.printer.raster import FONT_MONO, FONT_REGULAR, font

LINE_SPACING = 30  # dots, the usual default (ESC 2)
CELLS = {False: (12, 24), True: (9, 17)}  # font B? -> (width, height)
QR_EC = {48: qrcode.constants.ERROR_CORRECT_L, 49: qrcode.constants.ERROR_CORRECT_M,
         50: qrcode.constants.ERROR_CORRECT_Q, 51: qrcode.constants.ERROR_CORRECT_H}


@dataclass(frozen=True)
class Style:
    """Character style set by ESC ! / GS ! / ESC E / ESC M / ESC a / GS B."""

    font_b: bool = False
    bold: bool = False
    underline: bool = False
    width_mult: int = 1
    height_mult: int = 1
    align: int = 0  # 0 left, 1 centre, 2 right
    reverse: bool = False   # GS B: white on black

    def with_(self, **changes) -> "Style":
        """A copy with some fields changed."""
        return replace(self, **changes)


@lru_cache(maxsize=1024)
def in_mono_font(char: str, size: int) -> bool:
    """Whether the monospace font draws `char` itself (it lacks 46 Vietnamese letters, ố ầ ể...)."""
    mono = ImageFont.truetype(str(FONT_MONO), size, layout_engine=ImageFont.Layout.BASIC)
    return bytes(mono.getmask(char)) != bytes(mono.getmask("\U000E0001"))


def draw_segment(text: str, style: Style) -> Image.Image:
    """Native text on the character grid, scaled by the size multipliers ('L'); a letter the
    monospace font lacks is drawn from DejaVu Sans, centred in its cell."""
    cw, ch = CELLS[style.font_b]
    size = 20 if not style.font_b else 14
    img = Image.new("L", (max(1, cw * len(text)), ch), 255)
    draw = ImageDraw.Draw(img)
    for i, c in enumerate(text):
        mono = in_mono_font(c, size)
        fnt, x, anchor = (font(FONT_MONO, size), i * cw, "lm") if mono else \
            (font(FONT_REGULAR, size - 2), i * cw + cw // 2, "mm")
        for dx in ((0, 1) if style.bold else (0,)):
            draw.text((x + dx, ch // 2), c, font=fnt, fill=0, anchor=anchor)
    if style.underline:
        draw.line((0, ch - 1, img.width, ch - 1), fill=0, width=2)
    if style.reverse:
        img = ImageOps.invert(img)
    size = (img.width * style.width_mult, img.height * style.height_mult)
    return img.resize(size, Image.Resampling.NEAREST)


class Paper:
    """Accumulates printed strips until the cut."""

    def __init__(self, width_px: int = 576):
        self.width = width_px
        self.strips: list[Image.Image] = []
        self.line: list[Image.Image] = []
        self.line_align = 0

    def text(self, text: str, style: Style) -> None:
        """Add text to the current line."""
        if not self.line:
            self.line_align = style.align
        self.line.append(draw_segment(text, style))

    def newline(self) -> None:
        """LF: print the current line (or feed one empty line)."""
        if not self.line:
            self.feed(LINE_SPACING)
            return
        height = max(max(s.height for s in self.line), LINE_SPACING)
        width = sum(s.width for s in self.line)
        strip = Image.new("L", (self.width, height), 255)
        x = self._x(width, self.line_align)
        for seg in self.line:
            strip.paste(seg, (x, height - seg.height))
            x += seg.width
        self.strips.append(strip)
        self.line = []

    def flush(self) -> None:
        """Print a pending partial line (before graphics or the cut)."""
        if self.line:
            self.newline()

    def feed(self, dots: int) -> None:
        """Blank paper."""
        if dots > 0:
            self.strips.append(Image.new("L", (self.width, dots), 255))

    def raster(self, width_bytes: int, height: int, data: bytes, align: int) -> None:
        """GS v 0 image: bit 1 = black dot, MSB first."""
        self.flush()
        bits = Image.frombytes("1", (width_bytes * 8, height), bytes(data))
        self._place(ImageOps.invert(bits.convert("L")), align)

    def qr(self, data: bytes, module: int, ec: int, align: int) -> None:
        """Print the stored QR symbol (GS ( k fn 81)."""
        self.flush()
        code = qrcode.QRCode(error_correction=QR_EC.get(ec, QR_EC[48]), box_size=module,
                             border=0)
        code.add_data(data.decode("utf-8", "replace"))
        code.make(fit=True)
        self._place(code.make_image().get_image().convert("L"), align)

    def cut(self) -> Image.Image:
        """End of ticket: the page as a 1-bit image; the paper starts empty again."""
        self.flush()
        page = Image.new("L", (self.width, sum(s.height for s in self.strips) or 1), 255)
        y = 0
        for strip in self.strips:
            page.paste(strip, (0, y))
            y += strip.height
        self.strips = []
        return page.convert("1", dither=Image.Dither.NONE)

    def _x(self, width: int, align: int) -> int:
        return {0: 0, 1: (self.width - width) // 2, 2: self.width - width}.get(align, 0)

    def _place(self, img: Image.Image, align: int) -> None:
        strip = Image.new("L", (self.width, img.height), 255)
        strip.paste(img, (max(0, self._x(img.width, align)), 0))
        self.strips.append(strip)
