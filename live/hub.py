"""Socket.IO for watchers: a snapshot on connect and on resync, then every hall event."""
from __future__ import annotations

import logging

from flask import request
from flask_socketio import SocketIO, emit, join_room

log = logging.getLogger(__name__)

HALL_ROOM = "hall"


class LiveHub:
    """Subscriber that broadcasts hall events to every watcher of the hall."""

    def __init__(self, socketio: SocketIO):
        self.socketio = socketio

    def handle(self, name: str, payload: dict) -> None:
        """Broadcast one committed event (to every server process via the message queue)."""
        self.socketio.emit(name, payload, to=HALL_ROOM)


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
