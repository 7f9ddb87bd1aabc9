"""Barcode readers in serial (USB-CDC) mode: sans-I/O line parser, scan classifier, worker."""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Callable

import serial

from counter.keypad.actions import ActionResult
from devicelink.link import LinkDown, SerialLink
from devicelink.workers import FakeLifecycle, Workers

log = logging.getLogger(__name__)

MAX_LINE = 512
AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
TRACKING_URL = re.compile(r"^https?://\S*/t/([A-Za-z0-9_-]{8,64})/?(?:[?#]\S*)?$")
TICKET_ID = re.compile(r"^[A-Za-z0-9_-]{16,40}$")
DOSSIER_CODE = re.compile(r"^[A-Za-z0-9._/-]{4,64}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f\ufffd]")   # controls and undecodable bytes


@dataclass(frozen=True)
class Scan:
    """One classified scan: kind is ticket|dossier|unknown; `raw` is the cleaned text."""

    kind: str
    value: str = ""
    raw: str = ""


class LineParser:
    """Bytes -> text lines ended by CR, LF or CRLF; garbage and non-UTF-8 tolerated."""

    def __init__(self, max_line: int = MAX_LINE) -> None:
        self._buf = bytearray()
        self._max = max_line

    def feed(self, chunk: bytes) -> list[str]:
        """Add bytes; return the complete non-empty lines."""
        self._buf += chunk
        *complete, rest = re.split(rb"[\r\n]", bytes(self._buf))
        self._buf = bytearray(rest if len(rest) <= self._max else b"")
        lines = (_clean(raw) for raw in complete if len(raw) <= self._max)
        return [line for line in lines if line]


def _clean(raw: bytes) -> str:
    text = CONTROL.sub("", raw.decode("utf-8", "replace")).strip()
    return AIM_PREFIX.sub("", text, count=1).strip()


def classify(text: str) -> Scan:
    """Tell a ticket (tracking URL or bare id), a dossier code and anything else apart.

    A bare ticket id is 16–40 URL-safe characters with both a lower- and an
    upper-case letter (our ids are random); dossier codes are 4–64 characters
    of [A-Za-z0-9._/-].
    """
    text = AIM_PREFIX.sub("", text.strip(), count=1)
    if match := TRACKING_URL.match(text):
        return Scan("ticket", match.group(1), text)
    if _looks_like_ticket_id(text):
        return Scan("ticket", text, text)
    if DOSSIER_CODE.match(text):
        return Scan("dossier", text, text)
    return Scan("unknown", "", text)


def _looks_like_ticket_id(text: str) -> bool:
    return bool(TICKET_ID.match(text)) and any(c.islower() for c in text) \
        and any(c.isupper() for c in text)


@dataclass(frozen=True)
class ReaderConfig:
    """One `[[barcode]]` entry."""

    url: str
    baudrate: int
    counter: int


def parse_config(config) -> list[ReaderConfig]:
    """Read `[[barcode]]` (a list, or the hall config holding it); raise ValueError when wrong."""
    entries = config.get("barcode", []) if isinstance(config, dict) else (config or [])
    readers = []
    for raw in entries:
        if not raw.get("url") or "counter" not in raw:
            raise ValueError("[[barcode]] cần url và counter")
        readers.append(ReaderConfig(raw["url"], int(raw.get("baudrate", 9600)),
                                    int(raw["counter"])))
    return readers


class BarcodeReaders:
    """One worker per reader port; every scan goes to `on_scan(counter, scan)`."""

    def __init__(self, config, on_scan: Callable[[int, Scan], ActionResult],
                 on_status: Callable[[str, str, str], None] = lambda *a: None,
                 spawn: Callable | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 opener: Callable = serial.serial_for_url) -> None:
        self.readers = parse_config(config)
        self._on_scan, self._on_status = on_scan, on_status
        self._monotonic, self._opener = monotonic, opener
        self._workers = Workers(spawn)
        self._status = {f"barcode-{r.counter}": {"status": "unknown", "detail": "",
                                                 "counter": r.counter, "url": r.url}
                        for r in self.readers}

    def start(self) -> None:
        """Start one worker per configured reader."""
        for reader in self.readers:
            self._workers.start(lambda r=reader: self._run(r), f"barcode {reader.url}")

    def stop(self) -> None:
        """Stop the workers and close the ports (waits up to ~2 s)."""
        self._workers.stop()

    def handle(self, name: str, payload: dict) -> None:
        """Readers need no hall events (present for the common adapter interface)."""

    def status(self) -> dict[str, dict]:
        """Health per reader: {'barcode-<counter>': {status, detail, counter, url}}."""
        return {device: dict(info) for device, info in self._status.items()}

    def _run(self, reader: ReaderConfig) -> None:
        link = SerialLink(reader.url, reader.baudrate, read_timeout=0.1,
                          opener=self._opener, monotonic=self._monotonic)
        parser = LineParser()
        stopping = self._workers.stopping
        try:
            while not stopping.is_set():
                if not link.open():
                    self._report(reader, "offline", link.last_error)
                    stopping.wait(min(link.retry_in(), 0.25) or 0.01)
                    continue
                self._report(reader, "ok", "")
                try:
                    chunk = link.read()
                except LinkDown as exc:
                    parser = LineParser()
                    self._report(reader, "offline", str(exc))
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
        if result is not None and not getattr(result, "ok", True):
            log.info("scan refused at counter %d: %s", counter, getattr(result, "message", ""))

    def _report(self, reader: ReaderConfig, status: str, detail: str) -> None:
        info = self._status[f"barcode-{reader.counter}"]
        if info["status"] == status:
            return
        info.update(status=status, detail=detail)
        try:
            self._on_status(f"barcode-{reader.counter}", status, detail)
        except Exception:
            log.exception("on_status failed for barcode-%d", reader.counter)


class FakeBarcodeReaders(FakeLifecycle):
    """Same interface as BarcodeReaders, without ports: `scan()` injects text."""

    def __init__(self, config, on_scan: Callable[[int, Scan], ActionResult],
                 on_status: Callable[[str, str, str], None] = lambda *a: None,
                 spawn: Callable | None = None, **_) -> None:
        self.readers = parse_config(config)
        self._on_scan = on_scan

    def handle(self, name: str, payload: dict) -> None:
        """Ignore hall events."""

    def status(self) -> dict[str, dict]:
        """Every configured reader reported ok."""
        return {f"barcode-{r.counter}": {"status": "ok", "detail": "", "counter": r.counter,
                                         "url": r.url} for r in self.readers}

    def scan(self, counter: int, text: str) -> ActionResult | None:
        """Pretend `text` was scanned at `counter`; return on_scan's result."""
        return self._on_scan(counter, classify(text))
