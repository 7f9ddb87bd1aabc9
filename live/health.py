"""Device health: every adapter reports here; watchers get `device_status` (outside seq)."""
from __future__ import annotations

import logging
import threading
from typing import Callable, Iterable

from devices.adapter import DeviceStatus
from hall.clock import Clock, iso

log = logging.getLogger(__name__)


class DeviceHealth:
    """The latest status of every device, for the manager and the screens."""

    def __init__(self, clock: Clock, emit: Callable[[str, dict], None] | None = None):
        self.clock, self._emit = clock, emit
        self._entries: dict[str, dict] = {}
        self._lock = threading.Lock()

    def register(self, statuses: Iterable[DeviceStatus]) -> None:
        """List configured devices not heard from yet (before their adapters start)."""
        with self._lock:
            for status in statuses:
                self._entries.setdefault(status.id, self._entry(status))

    def report(self, status: DeviceStatus) -> None:
        """Record a device's status; announce it when it changed."""
        entry = self._entry(status)
        with self._lock:
            previous = self._entries.get(status.id)
            changed = previous is None or (previous["status"], previous["detail"]) \
                != (status.status, status.detail)
            if changed:
                self._entries[status.id] = entry
        if not changed:
            return
        (log.info if status.status == "ok" else log.warning)(
            "device %s: %s %s", status.id, status.status, status.detail)
        if self._emit:
            try:
                self._emit("device_status", {"device": entry})
            except Exception:  # noqa: BLE001
                log.exception("could not emit device status")

    def entries(self) -> list[dict]:
        """Every device as {id, status, detail, since}, by id (GET /api/v1/devices)."""
        with self._lock:
            return sorted(self._entries.values(), key=lambda e: e["id"])

    def entry(self, device_id: str) -> dict | None:
        """One device's entry, or None when it never reported."""
        with self._lock:
            return self._entries.get(device_id)

    def _entry(self, status: DeviceStatus) -> dict:
        return {"id": status.id, "status": status.status, "detail": status.detail,
                "since": iso(self.clock.now())}
