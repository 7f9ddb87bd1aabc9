"""Ticket layout: a TicketPrint becomes a list of blocks (raster strips, native text, QR).

Mode "image": the whole ticket is one raster (what `render_ticket_png` returns).
Mode "hybrid": Vietnamese lines are raster; the big number and the date/time are native
ESC/POS text (ASCII only, so no code page is involved).
Mode "text" (kiosk/printer/text_layout.py): lines of text on a Vietnamese code page.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from kiosk.printer import raster as r
from kiosk.printer.ticket import TicketPrint

MODES = ("image", "hybrid", "text")
QR_CAPTION = "Quét mã để theo dõi lượt của bạn"
TITLE = "SỐ THỨ TỰ"
FONT_A_WIDTH = 12  # dots per character of ESC/POS font A


@dataclass(frozen=True)
class RasterBlock:
    """A greyscale image printed as a GS v 0 raster: a strip as wide as the paper, or
    (`centred`) a narrower image the printer centres, which sends fewer bytes."""

    image: Image.Image
    centred: bool = False


@dataclass(frozen=True)
class TextBlock:
    """Text printed natively, centred, with GS ! multipliers: ASCII in hybrid mode, any text
    of the code page in text mode (where it may also be reversed, white on black)."""

    text: str
    width_mult: int = 1
    height_mult: int = 1
    bold: bool = False
    reverse: bool = False


@dataclass(frozen=True)
class QrBlock:
    """A QR code printed by the printer itself (GS ( k)."""

    data: str
    module_px: int


Block = RasterBlock | TextBlock | QrBlock


def paper_width_px(paper_width_mm: int) -> int:
    """Printable dots for a paper width: 80 mm -> 576, 58 mm -> 384."""
    return 384 if int(paper_width_mm) <= 58 else 576


def native_number_mult(number: str, width_px: int) -> int:
    """GS ! multiplier for the big native number (1..6), so it fits the paper."""
    return max(1, min(6, width_px // (FONT_A_WIDTH * max(1, len(number)))))


def _head(t: TicketPrint, w: int, z: r.Sizes) -> list[Image.Image]:
    parts = [r.spacer(w, z.gap)]
    if t.centre_name:
        parts.append(r.paragraph(t.centre_name, r.font(r.FONT_BOLD, z.centre), w, z.margin))
    parts += [r.rule(w, z.margin), r.text_line(TITLE, r.font(r.FONT_BOLD, z.title), w)]
    return parts


def _middle(t: TicketPrint, w: int, z: r.Sizes) -> list[Image.Image]:
    parts = [r.paragraph(t.area_name, r.font(r.FONT_BOLD, z.area), w, z.margin)]
    if t.priority_text:
        parts += [r.spacer(w, z.gap // 2),
                  r.badge(t.priority_text, r.font(r.FONT_BOLD, z.body), w, z.margin)]
    parts.append(r.rule(w, z.margin))
    body = r.font(r.FONT_REGULAR, z.body)
    for line in (t.ahead_text, t.wait_text, t.counters_text):
        if line:
            parts.append(r.paragraph(line, body, w, z.margin))
    return parts


def _qr(t: TicketPrint, w: int, z: r.Sizes, raster_qr: bool) -> list[Image.Image]:
    parts = [r.rule(w, z.margin)]
    if t.tracking_url and raster_qr:
        module = r.qr_module_px(t.tracking_url, z.qr_px)
        parts.append(r.centred(r.qr_image(t.tracking_url, module), w))
    return parts


def _footer(t: TicketPrint, w: int, z: r.Sizes) -> list[Image.Image]:
    parts = []
    if t.tracking_url:
        parts.append(r.text_line(QR_CAPTION, r.font(r.FONT_REGULAR, z.small), w))
    return parts + [r.spacer(w, z.gap),
                    r.paragraph(t.footer, r.font(r.FONT_REGULAR, z.small), w, z.margin),
                    r.spacer(w, z.gap)]


def _when(t: TicketPrint) -> str:
    return f"{t.date_text} – {t.time_text} – {t.session_label}"


def image_parts(t: TicketPrint, w: int) -> list[Image.Image]:
    """All strips of the image-mode ticket, top to bottom."""
    z = r.sizes_for(w)
    return (_head(t, w, z) + [r.big_number(t.number, w, z)] + _middle(t, w, z)
            + [r.paragraph(_when(t), r.font(r.FONT_REGULAR, z.body), w, z.margin)]
            + _qr(t, w, z, raster_qr=True) + _footer(t, w, z))


def render_ticket_png(ticket: TicketPrint, width_px: int = 576) -> Image.Image:
    """The full ticket as ONE 1-bit raster (image mode): exactly what the printer receives."""
    return r.to_1bit(r.stack(image_parts(ticket, width_px), width_px))


def hybrid_blocks(t: TicketPrint, w: int, qr: str = "image") -> list[Block]:
    """Blocks of the hybrid ticket: raster Vietnamese, native number and date/time."""
    z = r.sizes_for(w)
    mult = native_number_mult(t.number, w)
    native_qr = qr == "native" and bool(t.tracking_url)
    session = r.paragraph(t.session_label, r.font(r.FONT_REGULAR, z.body), w, z.margin)
    blocks: list[Block] = [
        RasterBlock(r.stack(_head(t, w, z), w)),
        TextBlock(t.number, mult, mult, bold=True),
        RasterBlock(r.stack(_middle(t, w, z), w)),
        TextBlock(f"{t.date_text}  {t.time_text}", 1, 2, bold=True),
        RasterBlock(r.stack([session] + _qr(t, w, z, raster_qr=not native_qr), w)),
    ]
    if native_qr:
        blocks.append(QrBlock(t.tracking_url, r.qr_module_px(t.tracking_url, z.qr_px)))
    blocks.append(RasterBlock(r.stack(_footer(t, w, z), w)))
    return blocks


def ticket_blocks(t: TicketPrint, width_px: int, mode: str = "image",
                  qr: str = "image") -> list[Block]:
    """Blocks for the printer in the given mode ("image" or "hybrid")."""
    if mode not in MODES or mode == "text":
        raise ValueError(f"unknown printer mode {mode!r}; expected one of {MODES}")
    if mode == "image":
        return [RasterBlock(r.stack(image_parts(t, width_px), width_px))]
    return hybrid_blocks(t, width_px, qr)
