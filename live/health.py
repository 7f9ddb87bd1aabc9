"""Device health: every adapter reports here; watchers get `device_status` (outside seq).

Only the process that leads a hall drives its devices, so a status change is also written to
the database (`shared`, store.record.DeviceStatuses) and every process answers from there:
the manager page, the kiosk's printer warning and the province overview tell the same truth
whichever process serves them.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable, Iterable

from devices.adapter import DeviceStatus
from hall.clock import Clock, iso

log = logging.getLogger(__name__)


class DeviceHealth:
    """The latest status of every device, for the manager and the screens."""

    def __init__(self, clock: Clock, emit: Callable[[str, dict], None] | None = None,
                 shared=None):
        self.clock, self._emit, self._shared = clock, emit, shared
        self._entries: dict[str, dict] = {}
        self._reported: dict[str, object] = {}    # id -> when this process last heard it
        self._lock = threading.Lock()

    def register(self, statuses: Iterable[DeviceStatus]) -> None:
        """List configured devices not heard from yet (before their adapters start)."""
        with self._lock:
            for status in statuses:
                self._entries.setdefault(status.id, self._entry(status))

    def report(self, status: DeviceStatus) -> None:
        """Record a device's status; announce it when it changed."""
        entry, now = self._entry(status), self.clock.now()
        with self._lock:
            self._reported[status.id] = now
            previous = self._entries.get(status.id)
            changed = previous is None or (previous["status"], previous["detail"]) \
                != (status.status, status.detail)
            if changed:
                self._entries[status.id] = entry
        if not changed:
            return
        (log.info if status.status == "ok" else log.warning)(
            "device %s: %s %s", status.id, status.status, status.detail)
        if self._shared is not None:
            try:
                self._shared.save(status.id, status.status, status.detail, now)
            except Exception:  # noqa: BLE001 - the database away: this process still knows
                log.exception("could not share the status of device %s", status.id)
        if self._emit:
            try:
                self._emit("device_status", {"device": entry})
            except Exception:  # noqa: BLE001
                log.exception("could not emit device status")

    def entries(self) -> list[dict]:
        """Every device as {id, status, detail, since}, by id (GET /api/v1/devices)."""
        return sorted(self._current().values(), key=lambda e: e["id"])

    def entry(self, device_id: str) -> dict | None:
        """One device's entry, or None when it never reported."""
        return self._current().get(device_id)

    def _current(self) -> dict[str, dict]:
        """The configured devices, each as last reported by whichever process drives it (the
        newer of what this process heard and what the database holds)."""
        with self._lock:
            entries, reported = dict(self._entries), dict(self._reported)
        if self._shared is None:
            return entries
        try:
            shared = self._shared.load()
        except Exception:  # noqa: BLE001 - the database away: what this process knows
            log.exception("could not read the devices' shared status")
            return entries
        for device_id, (status, detail, since) in shared.items():
            if device_id in entries and (device_id not in reported
                                         or since > reported[device_id]):
                entries[device_id] = {"id": device_id, "status": status, "detail": detail,
                                      "since": iso(since)}
        return entries

    def _entry(self, status: DeviceStatus) -> dict:
        return {"id": status.id, "status": status.status, "detail": status.detail,
                "since": iso(self.clock.now())}
