"""Barcode readers in serial (USB-CDC) mode: one worker per reader port."""
from __future__ import annotations

import logging
import time
from typing import Callable

import serial

from devices.adapter import OFFLINE, OK, ActionResult, DeviceStatus, HealthReporter, Report
from devices.serial_link import LinkDown, SerialLink
from devices.worker import Spawn, Workers

from .scan import LineParser, Scan, classify
from .settings import ReaderSettings

log = logging.getLogger(__name__)

OnScan = Callable[[int, Scan], ActionResult]


class BarcodeReaders:
    """One worker per reader port; every scan goes to `on_scan(counter, scan)`."""

    def __init__(self, readers: tuple[ReaderSettings, ...], on_scan: OnScan,
                 report: Report | None = None, spawn: Spawn | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 opener: Callable = serial.serial_for_url) -> None:
        self.readers = readers
        self._on_scan = on_scan
        self._reporter = HealthReporter(report, [r.device_id for r in readers])
        self._monotonic, self._opener = monotonic, opener
        self._workers = Workers(spawn)

    def start(self) -> None:
        """Start one worker per configured reader."""
        for reader in self.readers:
            self._workers.start(lambda r=reader: self._run(r), f"barcode {reader.url}")

    def stop(self) -> None:
        """Stop the workers and close the ports (waits up to ~2 s)."""
        self._workers.stop()

    def handle(self, name: str, payload: dict) -> None:
        """Readers need no hall events."""

    def health(self) -> list[DeviceStatus]:
        """Each reader's latest status ('barcode-<counter>')."""
        return self._reporter.health()

    def _run(self, reader: ReaderSettings) -> None:
        link = SerialLink(reader.url, reader.baudrate, read_timeout=0.1,
                          opener=self._opener, monotonic=self._monotonic)
        parser = LineParser()
        stopping = self._workers.stopping
        try:
            while not stopping.is_set():
                if not link.open():
                    self._report(reader, OFFLINE, link.last_error)
                    stopping.wait(min(link.retry_in(), 0.25) or 0.01)
                    continue
                self._report(reader, OK, "")
                try:
                    chunk = link.read()
                except LinkDown as exc:
                    parser = LineParser()
                    self._report(reader, OFFLINE, str(exc))
                    continue
                for line in parser.feed(chunk):
                    self._scan(reader.counter, classify(line))
        finally:
            link.close()

    def _scan(self, counter: int, scan: Scan) -> None:
        try:
            result = self._on_scan(counter, scan)
        except Exception:
            log.exception("on_scan failed for counter %d: %s", counter, scan)
            return
        if result is not None and not result.ok:
            log.info("scan refused at counter %d: %s", counter, result.message)

    def _report(self, reader: ReaderSettings, status: str, detail: str) -> None:
        """Report a change of status (a new detail alone is not news while offline)."""
        if self._reporter.get(reader.device_id).status != status:
            self._reporter.set(reader.device_id, status, detail)
