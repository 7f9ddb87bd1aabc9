"""Drawing primitives for thermal paper: Vietnamese text, rules, the big number, QR codes.

Everything is drawn in greyscale ('L', white background) and thresholded to 1-bit at the
end, without dithering, so glyph edges stay crisp on a 203 dpi thermal head.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT_MONO = FONT_DIR / "DejaVuSansMono.ttf"

WHITE, BLACK = 255, 0


@dataclass(frozen=True)
class Sizes:
    """Font sizes and spacing (pixels) for one paper width."""

    margin: int
    centre: int
    title: int
    number: int
    area: int
    body: int
    small: int
    gap: int
    qr_px: int


def sizes_for(width_px: int) -> Sizes:
    """Sizes scaled from the 80 mm (576 dot) design."""
    s = width_px / 576

    def px(v: float) -> int:
        return max(1, round(v * s))

    return Sizes(margin=px(12), centre=px(24), title=px(30), number=px(170), area=px(30),
                 body=px(24), small=px(19), gap=px(10), qr_px=px(200))


@lru_cache(maxsize=64)
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """A cached TrueType font."""
    return ImageFont.truetype(str(path), size)


def to_1bit(img: Image.Image) -> Image.Image:
    """Threshold a greyscale image to mode '1' (no dithering)."""
    return img.convert("L").convert("1", dither=Image.Dither.NONE)


def wrap(text: str, fnt: ImageFont.FreeTypeFont, max_px: int) -> list[str]:
    """Greedy word wrap so each line fits in max_px."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and fnt.getlength(candidate) > max_px:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def text_line(text: str, fnt: ImageFont.FreeTypeFont, width: int, invert: bool = False,
              pad: int = 2) -> Image.Image:
    """One centred line of text on a strip `width` wide.

    Stacked Vietnamese marks on capitals (Ố, Ỗ) rise above the font's ascent: the strip
    grows to the text's real bounding box so no tone mark is clipped.
    """
    ascent, descent = fnt.getmetrics()
    _, top, _, bottom = fnt.getbbox(text)
    top, bottom = min(0, top), max(ascent + descent, bottom)
    bg, fg = (BLACK, WHITE) if invert else (WHITE, BLACK)
    img = Image.new("L", (width, bottom - top + 2 * pad), bg)
    x = (width - round(fnt.getlength(text))) // 2
    ImageDraw.Draw(img).text((x, pad - top), text, font=fnt, fill=fg)
    return img


def paragraph(text: str, fnt: ImageFont.FreeTypeFont, width: int, margin: int) -> Image.Image:
    """Centred, word-wrapped text."""
    return stack([text_line(line, fnt, width) for line in wrap(text, fnt, width - 2 * margin)],
                 width)


def badge(text: str, fnt: ImageFont.FreeTypeFont, width: int, margin: int) -> Image.Image:
    """White text on a black bar (used for the priority label)."""
    inner = text_line(text, fnt, round(fnt.getlength(text)) + 4 * margin, invert=True,
                      pad=margin // 2 + 2)
    if inner.width > width - 2 * margin:
        return paragraph(text, fnt, width, margin)
    img = Image.new("L", (width, inner.height), WHITE)
    img.paste(inner, ((width - inner.width) // 2, 0))
    return img


def rule(width: int, margin: int, thickness: int = 2, gap: int = 8) -> Image.Image:
    """A horizontal rule with some air above and below."""
    img = Image.new("L", (width, thickness + 2 * gap), WHITE)
    ImageDraw.Draw(img).rectangle((margin, gap, width - margin - 1, gap + thickness - 1),
                                  fill=BLACK)
    return img


def spacer(width: int, height: int) -> Image.Image:
    """Blank paper."""
    return Image.new("L", (width, max(1, height)), WHITE)


def big_number(number: str, width: int, sizes: Sizes) -> Image.Image:
    """The ticket number, bold and as large as fits the paper."""
    size = sizes.number
    while size > 20 and font(FONT_BOLD, size).getlength(number) > width - 2 * sizes.margin:
        size -= 4
    fnt = font(FONT_BOLD, size)
    left, top, right, bottom = fnt.getbbox(number)
    pad = sizes.gap
    img = Image.new("L", (width, bottom - top + 2 * pad), WHITE)
    x = (width - (right - left)) // 2 - left
    ImageDraw.Draw(img).text((x, pad - top), number, font=fnt, fill=BLACK)
    return img


def qr_modules(data: str) -> list[list[bool]]:
    """QR matrix (no quiet zone), error correction M."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def qr_image(data: str, module_px: int, quiet: int = 2) -> Image.Image:
    """QR code drawn with square modules of module_px dots and a quiet zone of `quiet` modules."""
    matrix = qr_modules(data)
    side = (len(matrix) + 2 * quiet) * module_px
    img = Image.new("L", (side, side), WHITE)
    draw = ImageDraw.Draw(img)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                x, y = (c + quiet) * module_px, (r + quiet) * module_px
                draw.rectangle((x, y, x + module_px - 1, y + module_px - 1), fill=BLACK)
    return img


def qr_module_px(data: str, target_px: int) -> int:
    """Largest module size (>= 2 dots) keeping the QR within target_px."""
    return max(2, target_px // (len(qr_modules(data)) + 4))


def centred(img: Image.Image, width: int) -> Image.Image:
    """Paste img centred on a strip `width` wide."""
    strip = Image.new("L", (width, img.height), WHITE)
    strip.paste(img.convert("L"), ((width - img.width) // 2, 0))
    return strip


def stack(parts: list[Image.Image], width: int) -> Image.Image:
    """Stack strips vertically into one greyscale image."""
    img = Image.new("L", (width, sum(p.height for p in parts) or 1), WHITE)
    y = 0
    for part in parts:
        img.paste(part.convert("L"), (0, y))
        y += part.height
    return img
