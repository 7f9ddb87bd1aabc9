"""The [printer] table of the hall file -> typed settings (docs/protocols/printer.md)."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from kiosk.printer.codepages import CodePage, code_page
from kiosk.printer.layout import MODES, paper_width_px
from kiosk.printer.ticket import DEFAULT_FOOTER

DEVICE_ID = "printer"
QR_MODES = ("image", "native")


@dataclass(frozen=True)
class PrinterSettings:
    """Where the ticket printer is, how tickets look on it, how hard to retry."""

    enabled: bool = False
    url: str = "dummy"
    baudrate: int = 115200
    paper_width_mm: int = 80
    mode: str = "hybrid"
    qr: str = "image"
    code_page: str = "cp1258"         # text mode: "cp1258" or "tcvn3"
    tone_marks: str = "composed"      # cp1258: "composed" or "decomposed"
    code_page_number: int = 0         # the printer's ESC t number for it; 0 = Epson's (52, 30)
    capitals_page_number: int = 31    # tcvn3: the page with its capitals; 0 = none (raster)
    status_query: bool = True
    timeout_s: float = 1.0
    retry_initial_s: float = 1.0
    retry_max_s: float = 30.0
    max_job_age_s: float = 600.0
    poll_interval_s: float = 30.0
    footer: str = DEFAULT_FOOTER

    @property
    def width_px(self) -> int:
        """Printable dots across the paper."""
        return paper_width_px(self.paper_width_mm)

    @property
    def text_code_page(self) -> CodePage:
        """The Vietnamese code page text mode prints on."""
        return code_page(self.code_page, self.tone_marks, self.code_page_number,
                         self.capitals_page_number)


def parse_printer(table: dict | None) -> PrinterSettings:
    """Type and check the [printer] table; ValueError names the bad key."""
    table = dict(table or {})
    kinds = {f.name: type(getattr(PrinterSettings(), f.name)) for f in fields(PrinterSettings)}
    unknown = sorted(set(table) - set(kinds))
    if unknown:
        raise ValueError(f"unknown keys {', '.join(unknown)}")
    values = {key: _typed(key, value, kinds[key]) for key, value in table.items()}
    settings = replace(PrinterSettings(), **values)
    if settings.mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {settings.mode!r}")
    if settings.qr not in QR_MODES:
        raise ValueError(f"qr must be one of {QR_MODES}, not {settings.qr!r}")
    settings.text_code_page   # raises ValueError naming a wrong code_page or tone_marks
    return settings


def _typed(key: str, value, kind: type):
    """`value` as `kind` (an int is a fine float); ValueError naming `key` otherwise."""
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{key} must be a {kind.__name__}, not {value!r}")
    return value
