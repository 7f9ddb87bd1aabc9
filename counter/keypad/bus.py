"""The bus master: one worker per port polls its keypads and keeps their screens current."""
from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass, field
from typing import Callable

from devices.adapter import OFFLINE, OK, ActionResult
from devices.serial_link import LinkDown, SerialLink

from . import protocol as p
from .keys import KeyAction, KeyInterpreter
from .messages import FAILED, ascii_line
from .rating import Invitations, RatingKeys, compose_rating
from .screen import HallView, compose
from .settings import BusSettings, KeypadEntry

log = logging.getLogger(__name__)

RESULT = "__result__"      # inbox item carrying an ActionResult back to the bus
BYTE_SECONDS = 10          # bits per byte on 8N1; divided by the baud rate
MAX_WAIT = 0.25            # longest idle wait, so stop() is noticed quickly


@dataclass
class KeypadState:
    """What the master knows about one keypad on its bus."""

    address: int
    counter: int
    interpreter: KeyInterpreter | RatingKeys
    kind: str = "clerk"
    last_seq: int = 0
    fresh_seen: bool = False
    misses: int = 0
    online: bool | None = None
    shown: bytes | None = None
    message: str = ""
    result_code: str = ""
    message_until: float = 0.0
    next_poll: float = 0.0

    @classmethod
    def of(cls, entry: KeypadEntry) -> "KeypadState":
        """The master's record of a configured keypad."""
        keys = RatingKeys if entry.kind == "rating" else KeyInterpreter
        return cls(entry.address, entry.counter, keys(entry.counter), entry.kind)

    @property
    def device_id(self) -> str:
        """The id used for device status."""
        return KeypadEntry(self.address, self.counter, self.kind).device_id


@dataclass
class BusDeps:
    """What a bus needs from its owner."""

    submit: Callable[["Bus", int, KeyAction], None]
    report: Callable[[str, str, str], object]   # HealthReporter.set
    monotonic: Callable[[], float]
    settings: BusSettings = field(default_factory=BusSettings)


class Bus:
    """Master of one serial port (an RS-485 bus or a single keypad's port)."""

    def __init__(self, link: SerialLink, keypads: list[KeypadEntry], deps: BusDeps) -> None:
        self.link = link
        self.keypads = {entry.address: KeypadState.of(entry) for entry in keypads}
        self.inbox: queue.Queue = queue.Queue()
        self.hall = HallView()
        self.invitations = Invitations(deps.settings.invite_seconds, deps.monotonic)
        for state in self.keypads.values():
            self.hall.counter(state.counter)
        self._deps = deps
        self._set = deps.settings
        self._decoder = p.FrameDecoder()

    def post(self, name: str, payload) -> None:
        """Hand a hall event (or an action result) to the worker; never blocks."""
        self.inbox.put((name, payload))

    def run(self, stop: threading.Event) -> None:
        """Worker loop: open the port, poll every keypad, refresh screens, until `stop`."""
        try:
            while not stop.is_set():
                self._drain()
                if not self.link.open():
                    self._all_offline(self.link.last_error)
                    self._wait(self.link.retry_in())
                    continue
                try:
                    self._cycle(stop)
                except LinkDown as exc:
                    self._all_offline(str(exc))
                    continue
                except Exception as exc:  # keep serving the other keypads
                    log.exception("keypad bus %s: unexpected error", self.link.url)
                    self.link.close()
                    self._all_offline(f"lỗi: {exc}")
                    self._wait(self._set.offline_poll_interval)
                self._wait(self._set.poll_interval)
        finally:
            self.link.close()

    # ---- inbox -----------------------------------------------------------

    def _wait(self, seconds: float) -> None:
        try:
            self._apply(*self.inbox.get(timeout=min(max(seconds, 0.001), MAX_WAIT)))
        except queue.Empty:
            return
        self._drain()

    def _drain(self) -> None:
        while True:
            try:
                self._apply(*self.inbox.get_nowait())
            except queue.Empty:
                return

    def _apply(self, name: str, payload) -> None:
        if name == RESULT:
            address, result = payload
            self._show_result(self.keypads[address], result)
            return
        try:
            self.hall.apply(name, payload)
            self.invitations.apply(name, payload)
        except (TypeError, ValueError, KeyError, AttributeError):
            log.warning("keypads: ignored malformed %s event", name, exc_info=True)

    def _show_result(self, state: KeypadState, result: ActionResult) -> None:
        message = result.screen or ascii_line(result.message) or ("" if result.ok else FAILED)
        if message:
            state.message, state.result_code = message, result.code
            state.message_until = self._deps.monotonic() + self._set.message_seconds

    # ---- polling -----------------------------------------------------------

    def _cycle(self, stop: threading.Event) -> None:
        for state in self.keypads.values():
            if stop.is_set():
                return
            if state.online is False and self._deps.monotonic() < state.next_poll:
                continue
            self._poll(state)
            if state.online:
                self._refresh(state)

    def _poll(self, state: KeypadState) -> None:
        reply = self._transact(state, p.encode_poll(state.address))
        if reply is None or reply.command not in (p.CMD_KEY, p.CMD_IDLE, p.CMD_NAK):
            self._miss(state)
            return
        self._seen(state)
        if reply.command == p.CMD_NAK:
            return
        self._check_fresh(state, p.reply_flags(reply))
        if reply.command == p.CMD_KEY:
            self._key_event(state, reply)

    def _check_fresh(self, state: KeypadState, flags: int) -> None:
        """A (re)started keypad restarts its sequence numbers and needs its screen."""
        fresh = bool(flags & p.FLAG_FRESH)
        if fresh and not state.fresh_seen:
            state.last_seq, state.shown = 0, None
        state.fresh_seen = fresh

    def _key_event(self, state: KeypadState, reply: p.Frame) -> None:
        try:
            event = p.parse_key(reply)
        except ValueError:
            log.warning("keypad %d: malformed KEY %r", state.address, reply.data)
            return
        if event.seq != state.last_seq:
            state.last_seq = event.seq
            self._key(state, event.key)
        self.link.write(p.encode_ack_key(state.address, event.seq))

    def _key(self, state: KeypadState, key: int) -> None:
        paused = self.hall.counter(state.counter).status == "paused"
        step = state.interpreter.feed(key, paused=paused)
        if step.action is not None:
            state.message = ""
            self._deps.submit(self, state.address, step.action)

    def _refresh(self, state: KeypadState) -> None:
        payload = p.display_payload(self._desired(state))
        if payload == state.shown:
            return
        reply = self._transact(state, p.encode_frame(state.address, p.CMD_DISPLAY, payload))
        if reply is not None and reply.command in (p.CMD_ACK, p.CMD_NAK):
            self._seen(state)
            if reply.command == p.CMD_ACK:
                state.shown = payload
        else:
            self._miss(state)

    def _desired(self, state: KeypadState) -> p.Display:
        message = state.interpreter.prompt
        if not message and self._deps.monotonic() < state.message_until:
            message = state.message
        if state.kind == "rating":
            invitation = self.invitations.current(state.counter)
            return compose_rating(state.counter, invitation, message, state.result_code)
        view = self.hall.counter(state.counter)
        return compose(view, self.hall.waiting_for(state.counter), message)

    def _transact(self, state: KeypadState, frame: bytes) -> p.Frame | None:
        """Send one request; return the addressed keypad's first good reply (None on timeout)."""
        self.link.discard_input()
        self._decoder.reset()
        self.link.write(frame)
        airtime = (len(frame) + 8) * BYTE_SECONDS / self.link.baudrate
        deadline = self._deps.monotonic() + self._set.reply_timeout + airtime
        while self._deps.monotonic() < deadline:
            for reply in self._decoder.feed(self.link.read()):
                if reply.valid and reply.address == state.address \
                        and reply.command in p.KEYPAD_COMMANDS:
                    return reply
        return None

    # ---- health ------------------------------------------------------------

    def _miss(self, state: KeypadState) -> None:
        state.misses += 1
        if state.online is False:
            state.next_poll = self._deps.monotonic() + self._set.offline_poll_interval
        elif state.misses >= self._set.offline_after:
            detail = f"Bàn phím quầy {state.counter} không phản hồi ({self.link.url})"
            self._offline(state, detail)
            state.next_poll = self._deps.monotonic() + self._set.offline_poll_interval

    def _seen(self, state: KeypadState) -> None:
        state.misses = 0
        if state.online is not True:
            state.online, state.shown = True, None
            self._deps.report(state.device_id, OK, "")

    def _offline(self, state: KeypadState, detail: str) -> None:
        state.online, state.shown, state.misses = False, None, 0
        self._deps.report(state.device_id, OFFLINE, detail)

    def _all_offline(self, detail: str) -> None:
        for state in self.keypads.values():
            state.next_poll = 0.0
            if state.online is not False:
                self._offline(state, detail)
