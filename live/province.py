"""The province room: signed-in province accounts (or province tokens) watch every hall's row.

A socket opened with `auth: {watch: "province"}` joins the room and gets `province_snapshot`
(every hall) if its principal holds the province role; anyone else is refused at connect.
Then `province_hall` carries one hall's fresh row after that hall's events, at most once per
hall every few seconds (the row is computed when it is sent, so it is the newest).
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

log = logging.getLogger(__name__)

PROVINCE_ROOM = "province"


def wants_province(auth) -> bool:
    return isinstance(auth, dict) and auth.get("watch") == "province"


def join_province(principal, snapshot: Callable[[], dict]) -> bool:
    """Join the room (and receive the snapshot) if `principal` is a province account."""
    from flask_socketio import emit, join_room

    from api.auth import PROVINCE_ROLES
    if principal is None or principal.role not in PROVINCE_ROLES:
        return False
    join_room(PROVINCE_ROOM)
    emit("province_snapshot", snapshot())
    return True


class ProvincePush:
    """Send a hall's row to the province room after its changes, throttled per hall."""

    def __init__(self, socketio, row: Callable[[str], tuple[dict, float | None]],
                 seconds: float):
        # row(hall) -> (the row, None or the seconds after which to send a fresher one)
        self.socketio, self.row, self.seconds = socketio, row, seconds
        self._pending: set[str] = set()
        self._lock = threading.Lock()

    def changed(self, hall_id: str) -> None:
        """Hall `hall_id` changed: its row goes out within `seconds` (once for a burst)."""
        with self._lock:
            if hall_id in self._pending:
                return
            self._pending.add(hall_id)
        self.socketio.start_background_task(self._send, hall_id)

    def _send(self, hall_id: str) -> None:
        self.socketio.sleep(self.seconds)
        with self._lock:
            self._pending.discard(hall_id)
        try:
            row, again = self.row(hall_id)
            self.socketio.emit("province_hall", row, to=PROVINCE_ROOM)
        except Exception:  # noqa: BLE001 - the next change sends it again
            log.exception("province row of hall %s failed", hall_id)
            return
        if again is not None:
            self.socketio.start_background_task(self._later, hall_id, again)

    def _later(self, hall_id: str, seconds: float) -> None:
        self.socketio.sleep(seconds)
        self.changed(hall_id)
