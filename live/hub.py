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
            if name == "ticket_called":
                # Let every watcher's writer send the call before the updates that follow it
                # are queued: otherwise each writer drains all of a command's events at once
                # and the call waits behind hundreds of counter and queue updates.
                self.socketio.sleep(0)


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


def register_counter_actions(socketio: SocketIO, luot) -> None:
    """`counter_action` over Socket.IO for signed-in clerks (same rules as the HTTP API)."""
    from api.auth import check_counter_access, counter_holder
    from api.errors import STATUS_BY_KIND
    from api.inputs import check_document
    from hall.commands import dispatch
    from hall.errors import DomainError, InvalidInput, Unauthorized

    @socketio.on("counter_action")
    def on_counter_action(data=None):
        """Sent by a clerk's console: {counter, action, ...}; the ack is the counter or an error."""
        try:
            principal = luot.session_principal() if luot.session_principal else None
            if principal is None:
                raise Unauthorized("Cần đăng nhập (log in first)", code="unauthorized")
            if not isinstance(data, dict) or isinstance(data.get("counter"), bool) \
                    or not isinstance(data.get("counter"), int):
                raise InvalidInput("Cần {counter, action} (bad request)", code="invalid_input")
            check_document(data)
            n = data["counter"]
            check_counter_access(principal, n, counter_holder(n))
            counter = dispatch(luot.service, n, data.get("action"), data, principal.label)
            return {"ok": True, "counter": counter}
        except DomainError as error:
            return {"ok": False, "status": STATUS_BY_KIND.get(error.kind, 400),
                    "error": {"code": error.code, "message": error.message}}


class AudioPlayers:
    """One display plays the announcements: the first `?audio=1` display to claim it.

    Others wait in a room; when the player disconnects they are told and claim again, so
    the hall never hears a call twice and never goes silent while a candidate is connected.
    (Per server process: with several processes, give the audio display one process.)
    """

    CANDIDATES = "audio-candidates"

    def __init__(self, socketio: SocketIO):
        self.socketio = socketio
        self.player: str | None = None

    def register(self) -> None:
        @self.socketio.on("claim_audio")
        def on_claim(data=None):
            """Sent by a display opened with ?audio=1; the ack says whether it is the player."""
            join_room(self.CANDIDATES)
            if self.player in (None, request.sid):
                self.player = request.sid
                return {"player": True}
            return {"player": False}

        @self.socketio.on("disconnect")
        def on_disconnect(*_args):
            """A watcher left: if it was the player, let the candidates claim again."""
            if request.sid == self.player:
                self.player = None
                self.socketio.emit("audio_released", {}, to=self.CANDIDATES)

    def publish(self, announcement: dict) -> None:
        """Send an announcement to the player only (nothing plays it when none is connected)."""
        if self.player is None:
            raise RuntimeError("Không có màn hình nào phát loa (no display with ?audio=1)")
        self.socketio.emit("announcement", announcement, to=self.player)
