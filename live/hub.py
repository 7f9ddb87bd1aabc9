"""Socket.IO for watchers: a snapshot on connect and on resync, then each command's events
as one frame; staff and public screens in separate rooms with what each may know."""
from __future__ import annotations

import logging

from flask import request
from flask_socketio import SocketIO, emit, join_room

from api.auth import STAFF_ROLES
from hall.public import public_event, public_snapshot

log = logging.getLogger(__name__)



class Rooms:
    """The Socket.IO rooms of one hall: staff get every detail, public screens what they show."""

    def __init__(self, hall_id: str):
        self.staff, self.public = f"hall:{hall_id}:staff", f"hall:{hall_id}:public"

    def of(self, principal) -> str:
        """The room for a watcher: staff for clerks, managers and admins, else public."""
        return self.staff if principal is not None and principal.role in STAFF_ROLES else self.public


class LiveHub:
    """Subscriber that broadcasts each command's events to the hall's watchers, in order, as
    one frame per watcher (`events`): the full payloads to staff, the public view to the rest.

    Broadcasting to hundreds of watchers takes a while; it runs in one background task fed
    by a queue, so the clerk's request returns at once and commands keep their order.
    """

    def __init__(self, socketio: SocketIO, config, rooms: Rooms):
        self.socketio, self.config, self.rooms = socketio, config, rooms
        self._queue = socketio.server.eio.create_queue()   # right kind for the async mode
        self._started = False

    def handle_batch(self, events: list[tuple[str, dict]]) -> None:
        """Queue one command's committed events for broadcast (to every process via the
        message queue, when there is one)."""
        if not self._started:
            self._started = True
            self.socketio.start_background_task(self._run)
        self._queue.put(events)

    def _run(self) -> None:
        while True:
            events = self._queue.get()
            try:
                staff = [[name, payload] for name, payload in events]
                public = [[name, public_event(self.config, name, payload)]
                          for name, payload in events]
                self.socketio.emit("events", {"events": staff}, to=self.rooms.staff)
                self.socketio.emit("events", {"events": public}, to=self.rooms.public)
            except Exception:  # noqa: BLE001 - one failed broadcast must not stop the next
                log.exception("broadcast of %s failed", [name for name, _ in events])
            # Let every watcher's writer send this command's frame before the next command's
            # is queued, so a call never waits behind a burst of later updates.
            self.socketio.sleep(0)


def register_watchers(socketio: SocketIO, luot) -> None:
    """Socket handlers for the default namespace: anyone may watch; staff (a signed-in clerk or
    manager, or a clerk/manager token in `auth.token`) get the full view."""
    seen: dict[str, str] = {}       # sid -> room (`luot` is the hall of each socket)

    def snapshot_for(room: str) -> dict:
        full = luot.queries.snapshot()
        return full if room == luot.rooms.staff else public_snapshot(luot.config, full)

    @socketio.on("connect")
    def on_connect(auth=None):
        """Sent by any watcher on connect; it receives `snapshot`, then `events` frames."""
        room = luot.rooms.of(luot.socket_principal(auth))
        seen[request.sid] = room
        join_room(room)
        emit("snapshot", snapshot_for(room))

    @socketio.on("resync")
    def on_resync(data=None):
        """Sent by a watcher that saw a gap in `seq`; it receives a fresh `snapshot`."""
        log.debug("resync requested by %s", request.sid)
        emit("snapshot", snapshot_for(seen.get(request.sid, luot.rooms.public)))

    @socketio.on("disconnect")
    def on_disconnect(*_args):
        """A watcher left."""
        seen.pop(request.sid, None)
        luot.audio_players.left(request.sid)


def register_counter_presence(socketio: SocketIO, luot) -> None:
    """`counter_presence` over Socket.IO: a clerk's open console keeps the counter staffed.
    (Counter commands go over HTTP: POST /api/v1/counters/<n>/<command>.)"""
    from api.errors import STATUS_BY_KIND
    from api.inputs import check_document
    from hall.errors import DomainError, InvalidInput, Unauthorized

    def _counter_of(data) -> int:
        if not isinstance(data, dict) or isinstance(data.get("counter"), bool) \
                or not isinstance(data.get("counter"), int):
            raise InvalidInput("Cần {counter} (bad request)", code="invalid_input")
        check_document(data)
        return data["counter"]

    def _refusal(error: DomainError) -> dict:
        return {"ok": False, "status": STATUS_BY_KIND.get(error.kind, 400),
                "error": {"code": error.code, "message": error.message}}

    @socketio.on("counter_presence")
    def on_counter_presence(data=None):
        """Sent by a clerk's console every ~20 s while open: {counter}; keeps the counter
        staffed (the ack says whether this person still holds it)."""
        try:
            principal = luot.session_principal() if luot.session_principal else None
            if principal is None or principal.kind != "user":
                raise Unauthorized("Cần đăng nhập (log in first)", code="unauthorized")
            counter = luot.service.heartbeat(_counter_of(data), principal.id)
            return {"ok": True, "seated": counter is not None}
        except DomainError as error:
            return _refusal(error)


def register_audio_players(socketio: SocketIO, luot) -> None:
    """`claim_audio`, for the hall of the socket."""

    @socketio.on("claim_audio")
    def on_claim(data=None):
        """Sent by a display opened with ?audio=1; the ack says whether it is the player."""
        return luot.audio_players.claim(request.sid)


class AudioPlayers:
    """One display plays the announcements: the first `?audio=1` display to claim it.

    Others wait in a room; when the player disconnects they are told and claim again, so
    the hall never hears a call twice and never goes silent while a candidate is connected.
    (Per server process: with several processes, give the audio display one process.)
    """

    def __init__(self, socketio: SocketIO, hall_id: str = "hall"):
        self.socketio = socketio
        self.player: str | None = None
        self.candidates = f"hall:{hall_id}:audio-candidates"

    def claim(self, sid: str) -> dict:
        """A display asks to be the player; the answer says whether it is."""
        join_room(self.candidates)
        if self.player in (None, sid):
            self.player = sid
            return {"player": True}
        return {"player": False}

    def left(self, sid: str) -> None:
        """A watcher left: if it was the player, let the candidates claim again."""
        if sid == self.player:
            self.player = None
            self.socketio.emit("audio_released", {}, to=self.candidates)

    def publish(self, announcement: dict) -> None:
        """Send an announcement to the player only (nothing plays it when none is connected)."""
        if self.player is None:
            raise RuntimeError("Không có màn hình nào phát loa (no display with ?audio=1)")
        self.socketio.emit("announcement", announcement, to=self.player)
