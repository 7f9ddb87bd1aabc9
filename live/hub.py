"""Socket.IO for watchers: a snapshot on connect and on resync, then each command's events
as one frame; staff and public screens in separate rooms with what each may know."""
from __future__ import annotations

import logging

from typing import Callable

from flask import request
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room

from api.auth import PROVINCE_ROLES, STAFF_ROLES, read_only_refusal
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


def client_address(environ: dict, trusted_proxies: int) -> str:
    """The client's address of a Socket.IO connection (whose environ never passes the app's
    ProxyFix): with `trusted_proxies` hops in front, taken from X-Forwarded-For like it."""
    if trusted_proxies:
        hops = [hop.strip() for hop in environ.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if hop.strip()]
        if len(hops) >= trusted_proxies:
            return hops[-trusted_proxies]
    return environ.get("REMOTE_ADDR") or "unknown"


class AddressCap:
    """Anonymous watchers per client address, in this process: beyond `limit` (0: no limit)
    a new one is refused, so one device on the LAN cannot exhaust the server. Watchers with
    a device token or a signed-in person are not counted."""

    def __init__(self, limit: int):
        self.limit = limit
        self.count: dict[str, int] = {}
        self.address_of: dict[str, str] = {}    # sid -> address, anonymous watchers only

    def admit(self, sid: str, address: str) -> bool:
        if self.limit and self.count.get(address, 0) >= self.limit:
            return False
        self.count[address] = self.count.get(address, 0) + 1
        self.address_of[sid] = address
        return True

    def left(self, sid: str) -> None:
        address = self.address_of.pop(sid, None)
        if address is not None:
            left = self.count[address] - 1
            if left:
                self.count[address] = left
            else:
                del self.count[address]


def register_watchers(socketio: SocketIO, luot, province_snapshot=None) -> None:
    """Socket handlers for the default namespace: anyone may watch; staff (a signed-in clerk or
    manager, or a clerk/manager token in `auth.token`) get the full view. Anonymous watchers
    per client address are capped (`connections_per_address`). A socket opened with
    `auth.watch = "province"` watches every hall's row instead (province accounts only;
    live/province.py)."""
    from .province import join_province, wants_province
    seen: dict[str, str] = {}       # sid -> room (`luot` is the hall of each socket)
    settings = luot.settings      # process-wide, the same for every hall
    cap = AddressCap(settings.connections_per_address)

    def snapshot_for(room: str) -> dict:
        full = luot.queries.snapshot()
        return full if room == luot.rooms.staff else public_snapshot(luot.config, full)

    @socketio.on("connect")
    def on_connect(auth=None):
        """Sent by any watcher on connect; it receives `snapshot`, then `events` frames."""
        principal = luot.socket_principal(auth)
        if wants_province(auth):
            return province_snapshot is not None and join_province(principal, province_snapshot)
        if principal is None and not cap.admit(
                request.sid, client_address(request.environ, settings.trusted_proxies)):
            log.warning("refused a watcher: %s anonymous connections from its address",
                        cap.limit)
            # the client's connect_error: {message, data: {code}}
            raise ConnectionRefusedError(
                "Quá nhiều kết nối từ địa chỉ này, vui lòng thử lại sau "
                "(too many connections from this address, try again later)",
                {"code": "too_many_connections", "limit": cap.limit})
        try:
            room = luot.rooms.of(principal)
            seen[request.sid] = room
            luot.audio_players.connected(request.sid, auth, principal)
            join_room(room)
            emit("snapshot", snapshot_for(room))
        except Exception:
            cap.left(request.sid)            # a failed connect has no disconnect
            seen.pop(request.sid, None)
            luot.audio_players.left(request.sid)
            raise

    @socketio.on("resync")
    def on_resync(data=None):
        """Sent by a watcher that saw a gap in `seq`; it receives a fresh `snapshot`."""
        log.debug("resync requested by %s", request.sid)
        emit("snapshot", snapshot_for(seen.get(request.sid, luot.rooms.public)))

    @socketio.on("disconnect")
    def on_disconnect(*_args):
        """A watcher left."""
        seen.pop(request.sid, None)
        cap.left(request.sid)
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
            if principal.role in PROVINCE_ROLES:
                raise read_only_refusal()
            counter = luot.service.heartbeat(_counter_of(data), principal.id)
            return {"ok": True, "seated": counter is not None}
        except DomainError as error:
            return _refusal(error)


def register_audio_players(socketio: SocketIO, luot) -> None:
    """`claim_audio`, for the hall of the socket."""

    @socketio.on("claim_audio")
    def on_claim(data=None):
        """Sent by an enrolled display (a `display` token in the socket's `auth.token`) opened
        with ?audio=1; the ack says whether it is the player. Anyone else is refused."""
        return luot.audio_players.claim(request.sid)


AUDIO_ROLES = ("display",)          # tokens that may play the hall's voice
REFUSED = {"code": "not_a_display",
           "message": "Chỉ màn hình đã đăng ký (mã thiết bị vai trò display) mới được phát loa "
                      "(only an enrolled display may play the announcements)"}


class AudioPlayers:
    """One display plays the announcements: the first enrolled `?audio=1` display to claim it,
    on whichever server process it is connected to.

    Only a socket opened with a `display` token may claim; the token is checked again before
    each announcement and whenever the announcer asks whether a speaker is there, so a
    revoked display stops playing (it is told `audio_revoked`, which shows nothing).
    The claim lives in the database (store/audio.py, with the player's token id), so displays
    on different processes agree on one player and any process can check the player's token.
    Others wait in a room (shared through the message queue); when the player leaves, or its
    process dies (noticed by the hall's leader at its next round, or by the next claim), they
    are told and claim again, so the hall never hears a call twice and never goes silent
    while a candidate is connected.
    """

    def __init__(self, socketio: SocketIO, hall_id: str = "hall",
                 principal_of: Callable[[dict], object] = lambda auth: None, *, engine,
                 process: str, alive: Callable[[str], bool], clock):
        self.socketio, self.hall_id, self.engine = socketio, hall_id, engine
        self.process, self.alive, self.clock = process, alive, clock
        self.candidates = f"hall:{hall_id}:audio-candidates"
        self.principal_of = principal_of      # socket auth -> principal (None when revoked)
        self.listeners: list[Callable[[], None]] = []    # told when the player changes
        self._displays: dict[str, tuple[dict, int]] = {}  # sid -> (auth, token id), local
        self._claimed: set[str] = set()      # this process's sockets that asked to play
        self._last_player: str | None = None  # what the listeners were last told about

    @property
    def player(self) -> str | None:
        """The player's Socket.IO session (on any process), or None."""
        from store.audio import audio_player
        current = audio_player(self.engine, self.hall_id)
        return current[0] if current else None

    def connected(self, sid: str, auth, principal) -> None:
        """A socket connected: remember the displays' credentials (to check them again)."""
        if principal is not None and getattr(principal, "role", None) in AUDIO_ROLES:
            self._displays[sid] = (dict(auth), principal.id)

    def claim(self, sid: str) -> dict:
        """A display asks to be the player; the answer says whether it is."""
        from store.audio import claim_audio
        if not self._is_display(sid):
            emit("audio_refused", {"error": REFUSED})
            return {"player": False, "error": REFUSED}
        join_room(self.candidates)
        self._claimed.add(sid)
        playing = claim_audio(self.engine, self.hall_id, sid, self.process, self.alive,
                              self.clock.now(), token_id=self._displays[sid][1])
        if playing:
            self._changed()
        return {"player": playing}

    def left(self, sid: str) -> None:
        """A watcher left: if it was the player, let the candidates claim again."""
        self._displays.pop(sid, None)
        if sid not in self._claimed:
            return
        self._claimed.discard(sid)
        from store.audio import drop_player
        if drop_player(self.engine, self.hall_id, sid):
            self.socketio.emit("audio_released", {}, to=self.candidates)
            self._changed()

    def check(self) -> None:
        """The hall's leader, each round: a player whose process died is freed (the candidates
        claim again), and the listeners here hear of a player that changed elsewhere."""
        from store.audio import audio_player, drop_player
        current = audio_player(self.engine, self.hall_id)
        if current and current[1] != self.process and not self.alive(current[1]) \
                and drop_player(self.engine, self.hall_id, current[0]):
            log.warning("the audio display's process %s is gone; candidates claim again",
                        current[1])
            self.socketio.emit("audio_released", {}, to=self.candidates)
        self._changed()

    def present(self) -> bool:
        """Whether an enrolled display plays the voice now (its token checked again)."""
        player = self.player
        if player is not None and not self._is_display(player):
            self._revoke(player)
        return self.player is not None

    def publish(self, announcement: dict) -> None:
        """Send an announcement to the player only (nothing plays it when none is connected);
        through the message queue it reaches the player on any process."""
        if not self.present():
            raise RuntimeError("Không có màn hình nào phát loa (no enrolled display with "
                               "?audio=1)")
        player = self.player
        if player is None:
            raise RuntimeError("Không có màn hình nào phát loa (no enrolled display with "
                               "?audio=1)")
        self.socketio.emit("announcement", announcement, to=player)

    def _is_display(self, sid: str) -> bool:
        """Whether `sid`'s token still allows audio: a socket of this process by its own
        credentials, the player on another process by the token id of its claim."""
        from store.audio import player_token_allows
        try:
            if sid in self._displays:
                principal = self.principal_of(self._displays[sid][0])
                return principal is not None and principal.role in AUDIO_ROLES
            if sid in self._claimed:
                return False
            return player_token_allows(self.engine, self.hall_id, sid, AUDIO_ROLES)
        except Exception:  # noqa: BLE001 - the database away: keep the player we have
            log.exception("could not check the audio display's token")
            return sid == self.player

    def _revoke(self, sid: str) -> None:
        """The player's token no longer allows audio: it stops, the others may claim."""
        from store.audio import drop_player
        log.warning("the audio display's token was revoked; it no longer plays")
        self._displays.pop(sid, None)
        drop_player(self.engine, self.hall_id, sid)
        try:
            self.socketio.server.leave_room(sid, self.candidates, namespace="/")
        except Exception:  # noqa: BLE001 - it may be gone already, or on another process
            pass
        self.socketio.emit("audio_revoked", {}, to=sid)
        self.socketio.emit("audio_released", {}, to=self.candidates)
        self._changed()

    def _changed(self) -> None:
        """Tell the listeners (the announcer's speaker) when the player is not the one they
        were last told about."""
        player = self.player
        if player == self._last_player:
            return
        self._last_player = player
        for listener in list(self.listeners):
            try:
                listener()
            except Exception:  # noqa: BLE001
                log.exception("audio player listener failed")
