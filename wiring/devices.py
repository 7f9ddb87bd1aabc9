"""The hall's devices, wired: build the enabled adapters (or their fakes) from the typed
DeviceConfig, feed them the hall's events (wiring/feed.py: every process's, in the order of
the record, while this process leads the hall), start them, tell them the current state,
and stop them. Keypads and scanners act through `counter.acting.ActingClerk`; a scan's
result shows on that counter's keypad and goes to the staff's screens (`publish_scan`); the
printer prints what `kiosk.printing.TicketContent` says.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from devices.adapter import Adapter, DeviceStatus, Report
from wiring.device_config import DeviceConfig
from wiring.feed import DeviceFeed, Read

log = logging.getLogger(__name__)


class Devices:
    """The enabled device adapters of one hall, built and run together."""

    def __init__(self, config: DeviceConfig, *, fake: bool, report: Report) -> None:
        self.config, self.fake, self.report = config, fake, report
        self.adapters: list[Adapter] = []
        self.printer = self.announcer = self.keypads = None
        self.feed: DeviceFeed | None = None

    def build(self, hall, *, subscribe: Callable, content: Callable, voice_dir: Path,
              publish_audio: Callable[[dict], None], read: Read,
              publish_scan: Callable[[dict], None] | None = None,
              audio_present: Callable[[], bool] | None = None,
              print_cursor=None, share_announcements=None) -> "Devices":
        """Build every enabled adapter (the fake one with `fake`) and feed them the hall's
        events (`read` reads the record between two sequence numbers); returns self.
        `publish_scan` tells staff screens each scan's result; the printer keeps its place
        in the record with `print_cursor` (store.record.PrintCursor); the announcer shares its
        recent list with `share_announcements` (store.record.AnnouncementLog.save)."""
        from counter.acting import ActingClerk
        clerk = ActingClerk(hall)
        if self.config.printer.enabled:
            self.printer = self._add(self._printer(content, print_cursor))
        if self.config.boards.enabled:
            self._add(self._boards())
        if self.config.keypads.enabled:
            self.keypads = self._add(self._keypads(clerk))
        if self.config.barcode:
            self._add(self._barcode(self._scanned(clerk, publish_scan)))
        if self.config.announce is not None:
            self.announcer = self._add(self._announcer(voice_dir, publish_audio, audio_present,
                                                       share_announcements))
        self.feed = DeviceFeed(self.adapters, read)
        subscribe(self.feed)
        return self

    def _add(self, adapter):
        self.adapters.append(adapter)
        return adapter

    def _printer(self, content, print_cursor):
        from kiosk.printer import FakeTicketPrinter, TicketPrinter
        cls = FakeTicketPrinter if self.fake else TicketPrinter
        return cls(self.config.printer, content, report=self.report, cursor=print_cursor)

    def _boards(self):
        from display.boards.fake import FakeLedBoards
        from display.boards.manager import LedBoards
        cls = FakeLedBoards if self.fake else LedBoards
        return cls(self.config.boards, report=self.report)

    def _keypads(self, clerk):
        from counter.keypad import FakeKeypads, Keypads
        cls = FakeKeypads if self.fake else Keypads
        return cls(self.config.keypads, clerk.key, report=self.report)

    def _barcode(self, on_scan):
        from counter.barcode import BarcodeReaders, FakeBarcodeReaders
        cls = FakeBarcodeReaders if self.fake else BarcodeReaders
        return cls(self.config.barcode, on_scan, report=self.report)

    def _scanned(self, clerk, publish_scan):
        """A scan acts as the seated clerk; its result shows on the counter's keypad and is
        published to the staff (a failing listener never fails the scan)."""
        from counter.acting import scan_report

        def on_scan(counter, scan):
            result = clerk.scan(counter, scan)
            try:
                if self.keypads is not None:
                    self.keypads.show_result(counter, result)
                if publish_scan is not None:
                    publish_scan(scan_report(counter, scan, result))
            except Exception:  # noqa: BLE001 - telling people never undoes the scan
                log.exception("could not tell the result of a scan at counter %s", counter)
            return result
        return on_scan

    def _announcer(self, voice_dir: Path, publish_audio, audio_present, share):
        from announce.announcer import Announcer
        from announce.sinks import NullSink
        return Announcer(self.config.announce, voice_dir, report=self.report,
                         sink=NullSink() if self.fake else None, publish=publish_audio,
                         audio_present=audio_present, share=share)

    def health(self) -> list[DeviceStatus]:
        """Every wired device's latest status."""
        return [status for adapter in self.adapters for status in adapter.health()]

    def start(self, snapshot: dict) -> None:
        """Start every adapter, tell each the hall's current state (`snapshot`), then feed
        them every event after it."""
        for adapter in self.adapters:
            try:
                adapter.start()
            except Exception:  # noqa: BLE001 - a device never stops the hall
                log.exception("could not start %r", adapter)
        for adapter in self.adapters:
            for counter in snapshot["counters"]:
                adapter.handle("counter_updated", {"seq": snapshot["seq"], "counter": counter})
            for area in snapshot["areas"]:
                adapter.handle("queue_updated", {"seq": snapshot["seq"], "area": area})
        if self.feed is not None:
            self.feed.start(snapshot["seq"])

    def stop(self) -> None:
        """Stop feeding and stop every adapter (each within about two seconds)."""
        if self.feed is not None:
            self.feed.stop()
        for adapter in self.adapters:
            try:
                adapter.stop()
            except Exception:  # noqa: BLE001
                log.exception("could not stop %r", adapter)
