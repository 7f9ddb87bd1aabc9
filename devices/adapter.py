"""What every device adapter is: four methods, one status type, one result type.

An adapter is a hall-event subscriber with its own background workers:

    start()              start the workers (returns at once)
    stop()               stop them, waiting about two seconds at most
    handle(name, payload)  take a hall event: returns quickly and never raises
    health()             the latest DeviceStatus of each device the adapter drives

Adapters report every change of a device's status through one callback taking a
DeviceStatus (`report`); `HealthReporter` keeps the latest ones and reports changes only.
Each adapter has a fake with the same interface (tests, `--fake-devices`).
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol

log = logging.getLogger(__name__)

OK, OFFLINE, ERROR, NO_PAPER, UNKNOWN = "ok", "offline", "error", "no_paper", "unknown"


@dataclass(frozen=True)
class DeviceStatus:
    """One device's health; `id` as in GET /api/v1/devices ("printer", "board-3", …)."""

    id: str
    status: str = UNKNOWN     # ok | offline | error | no_paper | unknown
    detail: str = ""          # Vietnamese, for the manager


Report = Callable[[DeviceStatus], None]


def ignore_report(status: DeviceStatus) -> None:
    """The default `report`: nobody listens."""


@dataclass(frozen=True)
class ActionResult:
    """The hall's answer to a keypad key or a scan.

    `message` / `message_en` tell people (the console); `code` is the domain error code or a
    device result code (`no_clerk`, `called`, ...); `screen` is the line a 16-character
    ASCII keypad screen shows; `subject` the ticket number called or dossier code attached.
    """

    ok: bool
    message: str = ""
    code: str = ""
    screen: str = ""
    message_en: str = ""
    subject: str = ""


class Adapter(Protocol):
    """The interface the wiring drives (see the module docstring)."""

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def handle(self, name: str, payload: dict) -> None: ...
    def health(self) -> list[DeviceStatus]: ...


class HealthReporter:
    """The latest status of one adapter's devices; reports each change once, never raises."""

    def __init__(self, report: Report | None = None, ids: Iterable[str] = ()) -> None:
        self._report = report if report is not None else ignore_report
        self._latest = {device_id: DeviceStatus(device_id) for device_id in ids}
        self._lock = threading.Lock()

    def set(self, device_id: str, status: str, detail: str = "") -> bool:
        """Record a device's status; report it when it changed (True then)."""
        current = DeviceStatus(device_id, status, detail)
        with self._lock:
            if self._latest.get(device_id) == current:
                return False
            self._latest[device_id] = current
        try:
            self._report(current)
        except Exception:  # noqa: BLE001 - a listener never breaks a device worker
            log.exception("reporting %s failed", device_id)
        return True

    def get(self, device_id: str) -> DeviceStatus:
        """The latest status of one device (unknown when never set)."""
        with self._lock:
            return self._latest.get(device_id) or DeviceStatus(device_id)

    def health(self) -> list[DeviceStatus]:
        """Every device's latest status, in the order they were first known."""
        with self._lock:
            return list(self._latest.values())


class FakeAdapter:
    """Lifecycle of a device fake: start() reports every device ok, stop() forgets running."""

    running = False

    def __init__(self, report: Report | None, ids: Iterable[str]) -> None:
        self.reporter = HealthReporter(report, ids)

    def start(self) -> None:
        """Mark started; every device is ok."""
        self.running = True
        for status in self.reporter.health():
            self.reporter.set(status.id, OK)

    def stop(self) -> None:
        """Mark stopped."""
        self.running = False

    def handle(self, name: str, payload: dict) -> None:
        """Ignore hall events (fakes that care override this)."""

    def health(self) -> list[DeviceStatus]:
        """The devices' latest statuses."""
        return self.reporter.health()
