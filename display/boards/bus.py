"""One worker per serial bus: a command queue, ACK/retry, offline probing, reconnect.

`show`/`blink` only enqueue and return. The worker owns the port and the per-board records;
it coalesces displays (only the newest is sent), keeps every blink (each sent after the
display it blinks, sent again), serves boards round robin, pings an offline board only every
`probe_interval`, and re-sends the desired state when a board (or the whole port) comes
back, or when a health ping says the board restarted.
"""
from __future__ import annotations

import logging
import queue
import time
from collections import deque
from dataclasses import dataclass, field

import serial

from devices.adapter import ERROR, OFFLINE, OK, UNKNOWN, DeviceStatus, HealthReporter
from devices.serial_link import SerialLink
from devices.worker import Workers
from display.boards.driver import Blink, BoardDriver, Display, Reply

log = logging.getLogger(__name__)
READ_TIMEOUT = 0.02


@dataclass
class BusOptions:
    """Timing knobs of one bus."""

    baudrate: int = 9600
    ack_timeout: float = 0.15
    retries: int = 2
    probe_interval: float = 3.0
    health_interval: float = 10.0
    reconnect_min: float = 0.5
    reconnect_max: float = 10.0


@dataclass
class BoardSlot:
    """One board on the bus: where it is, what it should show, and how it is doing."""

    id: str
    counter: int
    address: int
    brightness: int | None = None
    display: Display | None = None      # None: untouched until the first event says what to show
    display_dirty: bool = False
    brightness_dirty: bool = False
    blinks: deque = field(default_factory=lambda: deque(maxlen=8))
    status: str = UNKNOWN
    last_ok: float | None = None
    next_probe: float = 0.0


class BoardBus:
    """Drives the boards on one serial port (`url` for serial_for_url) from one worker."""

    def __init__(self, url: str, driver: BoardDriver, slots: list[BoardSlot], options: BusOptions | None = None,
                 report=None, spawn=None, monotonic=time.monotonic, opener=None) -> None:
        self.url = url
        self.driver = driver
        self.slots = list(slots)
        self.options = options or BusOptions()
        self._by_address = {slot.address: slot for slot in self.slots}
        self._reporter = HealthReporter(report, [slot.id for slot in self.slots])
        self._workers = Workers(spawn)
        self._stopping = self._workers.stopping
        self._now = monotonic
        self._inbox: queue.Queue = queue.Queue()
        self._link = SerialLink(url, self.options.baudrate, read_timeout=READ_TIMEOUT,
                                backoff_min=self.options.reconnect_min,
                                backoff_max=self.options.reconnect_max,
                                opener=opener or serial.serial_for_url, monotonic=monotonic)
        self._decoder = driver.reply_decoder()
        self._next_slot = 0

    # -- called from other threads: enqueue only ------------------------------------
    def start(self) -> None:
        """Start the background worker."""
        self._workers.start(self._run, f"LED bus {self.url}")

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the worker to stop and wait up to `timeout` seconds for it."""
        self._workers.stop(timeout, wake=lambda: self._inbox.put(None))

    def show(self, address: int, display: Display) -> None:
        """Queue a new display for a board (a newer one replaces it if not yet sent)."""
        self._inbox.put((address, display))

    def blink(self, address: int, blink: Blink) -> None:
        """Queue a blink for a board (always sent while the board is online)."""
        self._inbox.put((address, blink))

    def health(self) -> list[DeviceStatus]:
        """Each board's latest status."""
        return self._reporter.health()

    # -- the worker -------------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                self._step()
        finally:
            self._close()

    def _step(self) -> None:
        if not self._link.is_open and not self._connect():
            return
        self._drain(0)
        job = self._next_job(self._now())
        if job is None:
            self._drain(self._idle_wait())
            return
        try:
            self._execute(*job)
        except Exception as exc:  # SerialException, OSError, termios.error: the port is gone
            self._port_lost(f"Mất kết nối cổng {self.url}: {exc}")

    def _drain(self, wait: float) -> None:
        """Apply queued commands to the board records, waiting up to `wait` for the first."""
        try:
            item = self._inbox.get(timeout=wait) if wait > 0 else self._inbox.get_nowait()
            while True:
                self._apply(item)
                item = self._inbox.get_nowait()
        except queue.Empty:
            pass

    def _apply(self, item) -> None:
        if item is None:
            return
        address, command = item
        slot = self._by_address.get(address)
        if slot is None:
            return
        if isinstance(command, Blink):
            if slot.status in (OK, UNKNOWN):
                slot.blinks.append(command)
                slot.display_dirty = slot.display is not None   # a blink re-sends what it blinks
        elif command != slot.display:
            slot.display, slot.display_dirty = command, True

    def _idle_wait(self) -> float:
        now = self._now()
        dues = [s.next_probe for s in self.slots if s.status != OK]
        if self.options.health_interval > 0:
            dues += [(s.last_ok or now) + self.options.health_interval for s in self.slots if s.status == OK]
        return min([1.0] + [max(0.01, due - now) for due in dues])

    def _next_job(self, now: float):
        count = len(self.slots)
        for step in range(count):
            index = (self._next_slot + step) % count
            job = self._job_for(self.slots[index], now)
            if job is not None:
                self._next_slot = (index + 1) % count
                return (self.slots[index], *job)
        return None

    def _job_for(self, slot: BoardSlot, now: float):
        address, driver = slot.address, self.driver
        if slot.status != OK:
            return ("probe", driver.encode_ping(address)) if now >= slot.next_probe else None
        if slot.brightness_dirty:
            return "brightness", driver.encode_brightness(address, slot.brightness)
        if slot.display_dirty:
            return "display", driver.encode_display(address, slot.display)
        if slot.blinks:
            blink = slot.blinks[0]
            return "blink", driver.encode_blink(address, blink.times, blink.duration_ms)
        due = (slot.last_ok or now) + self.options.health_interval
        if self.options.health_interval > 0 and now >= due:
            return "ping", driver.encode_ping(address)
        return None

    def _execute(self, slot: BoardSlot, kind: str, frame: bytes) -> None:
        attempts = 1 if kind == "probe" else 1 + self.options.retries
        reply = self._transact(slot.address, frame, attempts)
        now = self._now()
        if reply is None:
            slot.blinks.clear()
            slot.next_probe = now + self.options.probe_interval
            self._set_status(slot, OFFLINE, f"Bảng LED quầy {slot.counter} không phản hồi "
                                             f"(địa chỉ {slot.address}, {self.url})")
            return
        slot.last_ok = now
        if kind == "probe":
            self._mark_for_resend(slot)
            self._set_status(slot, OK, "")
            return
        self._done_with(slot, kind)
        if kind == "ping" and reply.lost(slot.display):
            log.info("board %s restarted: sending its display again", slot.id)
            self._mark_for_resend(slot)
        if reply.ok:
            self._set_status(slot, OK, "")
        else:
            self._set_status(slot, ERROR, f"Bảng LED quầy {slot.counter} từ chối lệnh: {reply.detail}")
            slot.next_probe = now + self.options.probe_interval

    @staticmethod
    def _mark_for_resend(slot: BoardSlot) -> None:
        slot.display_dirty = slot.display is not None
        slot.brightness_dirty = slot.brightness is not None

    @staticmethod
    def _done_with(slot: BoardSlot, kind: str) -> None:
        if kind == "display":
            slot.display_dirty = False
        elif kind == "brightness":
            slot.brightness_dirty = False
        elif kind == "blink" and slot.blinks:
            slot.blinks.popleft()

    def _transact(self, address: int, frame: bytes, attempts: int) -> Reply | None:
        """Write `frame` until the board ACKs, at most `attempts` times; the last reply or None."""
        reply = None
        for _ in range(attempts):
            if self._stopping.is_set():
                break
            self._link.discard_input()
            self._decoder = self.driver.reply_decoder()
            self._link.write(frame)
            reply = self._await_reply(address, self._now() + self.options.ack_timeout) or reply
            if reply is not None and reply.ok:
                return reply
        return reply

    def _await_reply(self, address: int, deadline: float) -> Reply | None:
        while self._now() < deadline and not self._stopping.is_set():
            data = self._link.read()
            for reply in self._decoder.feed(data):
                if reply.address == address:
                    return reply
        return None

    def _set_status(self, slot: BoardSlot, status: str, detail: str) -> None:
        slot.status = status
        self._reporter.set(slot.id, status, detail)

    # -- the port -----------------------------------------------------------------------
    def _connect(self) -> bool:
        if not self._link.open():
            self._mark_all_offline(self._link.last_error or f"Không mở được cổng {self.url}")
            while not self._stopping.is_set() and self._link.retry_in() > 0:
                self._drain(min(0.2, self._link.retry_in()) or 0.001)
            return False
        now = self._now()
        for slot in self.slots:
            slot.next_probe = now
            self._mark_for_resend(slot)
        return True

    def _port_lost(self, detail: str) -> None:
        log.warning("%s", detail, exc_info=True)
        self._close()
        self._mark_all_offline(detail)

    def _mark_all_offline(self, detail: str) -> None:
        for slot in self.slots:
            slot.blinks.clear()
            self._set_status(slot, OFFLINE, detail)

    def _close(self) -> None:
        self._link.close()
