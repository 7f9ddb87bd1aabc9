"""FakeBarcodeReaders: same interface as BarcodeReaders, without ports."""
from __future__ import annotations

from devices.adapter import ActionResult, FakeAdapter, Report

from .reader import OnScan
from .scan import classify
from .settings import ReaderSettings


class FakeBarcodeReaders(FakeAdapter):
    """For tests and `fake devices` mode: `scan()` injects text as if read at a counter."""

    def __init__(self, readers: tuple[ReaderSettings, ...], on_scan: OnScan,
                 report: Report | None = None, **_ignored) -> None:
        super().__init__(report, [r.device_id for r in readers])
        self.readers = readers
        self._on_scan = on_scan

    def scan(self, counter: int, text: str) -> ActionResult | None:
        """Pretend `text` was scanned at `counter`; return on_scan's result."""
        return self._on_scan(counter, classify(text))
