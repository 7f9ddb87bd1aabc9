"""Socket.IO for watchers: a snapshot on connect and on resync, then every hall event."""
from __future__ import annotations

import logging

from flask import request
from flask_socketio import SocketIO, emit, join_room

log = logging.getLogger(__name__)

HALL_ROOM = "hall"


class LiveHub:
    """Subscriber that broadcasts hall events to every watcher of the hall, in order.

    Broadcasting to hundreds of watchers takes a while; it runs in one background task fed
    by a queue, so the clerk's request returns at once and events keep their order.
    """

    def __init__(self, socketio: SocketIO):
        self.socketio = socketio
        self._queue = socketio.server.eio.create_queue()   # right kind for the async mode
        self._started = False

    def handle(self, name: str, payload: dict) -> None:
        """Queue one committed event for broadcast (to every process via the message queue)."""
        if not self._started:
            self._started = True
            self.socketio.start_background_task(self._run)
        self._queue.put((name, payload))

    def _run(self) -> None:
        while True:
            name, payload = self._queue.get()
            try:
                self.socketio.emit(name, payload, to=HALL_ROOM)
            except Exception:  # noqa: BLE001 - one failed broadcast must not stop the next
                log.exception("broadcast of %s failed", name)


def register_watchers(socketio: SocketIO, snapshot) -> None:
    """Socket handlers for the default namespace; watching needs no login."""

    @socketio.on("connect")
    def on_connect(auth=None):
        """Sent by any watcher on connect; it receives `snapshot`, then every event."""
        join_room(HALL_ROOM)
        emit("snapshot", snapshot())

    @socketio.on("resync")
    def on_resync(data=None):
        """Sent by a watcher that saw a gap in `seq`; it receives a fresh `snapshot`."""
        log.debug("resync requested by %s", request.sid)
        emit("snapshot", snapshot())
