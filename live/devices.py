"""Device health: every adapter reports here; watchers get `device_status` (outside seq)."""
from __future__ import annotations

import logging
import threading
from typing import Callable

from hall.clock import Clock, iso

log = logging.getLogger(__name__)


class DeviceRegistry:
    """The latest status of every device, for the manager and the screens."""

    def __init__(self, clock: Clock, emit: Callable[[str, dict], None] | None = None):
        self.clock, self._emit = clock, emit
        self._status: dict[str, dict] = {}
        self._lock = threading.Lock()
        self._adapters: list = []

    def attach(self, adapter) -> None:
        """Remember an adapter so `status()` can include its own detail."""
        self._adapters.append(adapter)

    def report(self, device_id: str, status: str, detail: str = "") -> None:
        """Record a device's status; announce it when it changed."""
        entry = {"id": device_id, "status": status, "detail": detail, "since": iso(self.clock.now())}
        with self._lock:
            previous = self._status.get(device_id)
            changed = previous is None or previous["status"] != status or previous["detail"] != detail
            if changed:
                self._status[device_id] = entry
        if not changed:
            return
        (log.info if status == "ok" else log.warning)("device %s: %s %s", device_id, status, detail)
        if self._emit:
            try:
                self._emit("device_status", {"device": entry})
            except Exception:  # noqa: BLE001
                log.exception("could not emit device status")

    def status(self) -> list[dict]:
        with self._lock:
            return sorted(self._status.values(), key=lambda e: e["id"])
