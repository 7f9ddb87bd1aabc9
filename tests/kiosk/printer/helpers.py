"""Shared test helpers: sample tickets, image search, waiting for a condition."""

from __future__ import annotations

import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = Path(__file__).resolve().parents[3] / "static" / "fonts"

TICKET = {
    "id": "hJ3k9xQmZ2pL7rT4vW8yBc", "number": "1023", "area": "dat-dai",
    "area_name": "Đất đai", "priority": "elderly", "priority_label": "Người cao tuổi",
    "status": "waiting", "issued_at": "2026-11-28T08:01:00.000+07:00", "called_at": None,
    "counter": None, "business_date": "2026-11-28", "session": "morning", "ahead": 3,
    "dossier_code": None,
}
HALL = {
    "centre_name": "Trung tâm Phục vụ hành chính công phường Ba Đình",
    "tracking_url": "http://192.168.1.10/t/{id}",
    "footer": "Vui lòng giữ phiếu và chờ đến lượt. Xin cảm ơn!",
}
INFO = {**HALL, "ahead": 3, "estimated_wait_min": 15, "counters": [2, 3]}


def printer_settings(**table):
    """Typed [printer] settings of an enabled printer with some keys set."""
    from kiosk.printer.settings import parse_printer
    return parse_printer({"enabled": True, **table})


def hall_content(ticket_payload: dict):
    """What the sample hall prints for a ticket (centre name, footer, tracking URL)."""
    from kiosk.printer.ticket import ticket_print
    return ticket_print(ticket_payload, HALL)


def ticket(number: str = "1023", **changes) -> dict:
    """A ticket payload (docs/events.md) with some fields changed."""
    return {**TICKET, "number": number, **changes}


def issued(number: str = "1023", seq: int = 1) -> dict:
    """A ticket_issued event payload."""
    return {"seq": seq, "at": TICKET["issued_at"], "ticket": ticket(number)}


def reference_line(text: str, size: int, bold: bool = False) -> Image.Image:
    """Text rendered on its own from the bundled font, thresholded and cropped (mode 'L')."""
    fnt = ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")),
                             size)
    img = Image.new("L", (int(fnt.getlength(text)) + 40, size * 2 + 20), 255)
    ImageDraw.Draw(img).text((20, 10), text, font=fnt, fill=0)
    img = img.point(lambda v: 255 if v >= 128 else 0)
    return img.crop(Image.eval(img, lambda v: 255 - v).getbbox())


def find_subimage(haystack: Image.Image, needle: Image.Image) -> tuple[int, int] | None:
    """Top-left position where needle appears pixel for pixel in haystack, or None."""
    hay, ndl = haystack.convert("L"), needle.convert("L")
    hw, nw, nh = hay.width, ndl.width, ndl.height
    hay_rows = [hay.tobytes()[y * hw:(y + 1) * hw] for y in range(hay.height)]
    nbytes = ndl.tobytes()
    needle_rows = [nbytes[y * nw:(y + 1) * nw] for y in range(nh)]
    for y in range(hay.height - nh + 1):
        x = hay_rows[y].find(needle_rows[0])
        while x != -1:
            if all(hay_rows[y + i][x:x + nw] == needle_rows[i] for i in range(1, nh)):
                return x, y
            x = hay_rows[y].find(needle_rows[0], x + 1)
    return None


def print_one(sim, path: str, **table) -> None:
    """Ticket 1023 through the real print queue to the simulator on `path`; waits for it."""
    from kiosk.printer import TicketPrinter
    printer = TicketPrinter(printer_settings(url=path, retry_initial_s=0.05, **table),
                            hall_content)
    printer.start()
    try:
        printer.handle("ticket_issued", issued("1023"))
        assert sim.printed.wait(5)
    finally:
        printer.stop()


def wait_until(predicate, timeout: float = 5.0) -> bool:
    """Poll predicate until true or timeout; returns its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return bool(predicate())


class SimLink:
    """An in-process link to a PrinterSimulator (no pty): writes go in, replies come back."""

    bidirectional = True

    def __init__(self, sim):
        self.sim, self.replies, self.writes, self.closed = sim, b"", [], False

    def write(self, data: bytes) -> None:
        self.writes.append(data)
        self.replies += self.sim.receive(data)

    def read(self, n: int, timeout: float) -> bytes:
        out, self.replies = self.replies[:n], self.replies[n:]
        return out

    def close(self) -> None:
        self.closed = True
