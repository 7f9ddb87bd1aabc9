"""Keypads: the adapter the server wires in (config, workers, handle(), status())."""
from __future__ import annotations

import logging
import queue
import time
from dataclasses import dataclass
from typing import Callable

import serial

from . import protocol as p
from .actions import ActionResult, KeyAction
from .bus import RESULT, Bus, BusDeps, BusSettings
from devicelink.link import SerialLink
from devicelink.workers import Workers

log = logging.getLogger(__name__)

HANDLED_EVENTS = frozenset({"counter_updated", "ticket_called", "queue_updated"})


@dataclass(frozen=True)
class BusConfig:
    """One port: its URL, baud rate and (address, counter) pairs."""

    url: str
    baudrate: int
    keypads: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class KeypadConfig:
    """The `[keypads]` section, validated."""

    enabled: bool
    buses: tuple[BusConfig, ...]
    settings: BusSettings


def parse_config(config: dict) -> KeypadConfig:
    """Read `[keypads]` (or the whole hall config holding it); raise ValueError when wrong."""
    section = config.get("keypads", config) if config else {}
    settings = BusSettings(
        poll_interval=section.get("poll_interval_ms", 50) / 1000,
        reply_timeout=section.get("reply_timeout_ms", 100) / 1000,
        offline_after=int(section.get("offline_after_missed", 3)),
        offline_poll_interval=section.get("offline_poll_ms", 1000) / 1000,
        message_seconds=float(section.get("message_seconds", 4)),
    )
    buses = tuple(_parse_bus(raw) for raw in section.get("bus", []))
    return KeypadConfig(bool(section.get("enabled", True)), buses, settings)


def _parse_bus(raw: dict) -> BusConfig:
    url = raw.get("url")
    if not url:
        raise ValueError("[[keypads.bus]] thiếu url")
    pairs = []
    for entry in raw.get("keypads", []):
        address, counter = int(entry["address"]), int(entry["counter"])
        if not p.MIN_ADDRESS <= address <= p.MAX_ADDRESS:
            raise ValueError(f"{url}: địa chỉ bàn phím {address} ngoài khoảng 1–32")
        if address in dict(pairs):
            raise ValueError(f"{url}: địa chỉ bàn phím {address} bị trùng")
        pairs.append((address, counter))
    return BusConfig(url, int(raw.get("baudrate", 9600)), tuple(pairs))


class Keypads:
    """Counter keypads on one or more ports; key actions go to `on_action`.

    Each port has its own worker (polling, screens, reconnect). `on_action` runs
    in one separate action worker, in key order, so a slow database transaction
    never delays polling; its result comes back to the bus and, when it carries a
    message (always on failure), shows on that keypad's screen.
    """

    def __init__(self, config: dict, on_action: Callable[[KeyAction], ActionResult],
                 on_status: Callable[[str, str, str], None] = lambda *a: None,
                 spawn: Callable | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 opener: Callable = serial.serial_for_url) -> None:
        self.config = parse_config(config)
        self._on_action, self._on_status = on_action, on_status
        self._workers = Workers(spawn)
        self._monotonic, self._opener = monotonic, opener
        self._actions: queue.Queue = queue.Queue()
        self._status: dict[str, dict] = {}
        self.buses = [self._make_bus(bus) for bus in self.config.buses]

    def _make_bus(self, cfg: BusConfig) -> Bus:
        deps = BusDeps(submit=self._submit, report=self._report,
                       monotonic=self._monotonic, settings=self.config.settings)
        link = SerialLink(cfg.url, cfg.baudrate, opener=self._opener, monotonic=self._monotonic)
        bus = Bus(link, list(cfg.keypads), deps)
        for state in bus.keypads.values():
            self._status[state.device_id] = {"status": "unknown", "detail": "",
                                             "counter": state.counter,
                                             "address": state.address, "url": cfg.url}
        return bus

    def start(self) -> None:
        """Start one worker per port and the action worker (no-op when disabled)."""
        if not self.config.enabled or not self.buses:
            return
        stopping = self._workers.stopping
        for bus in self.buses:
            self._workers.start(lambda bus=bus: bus.run(stopping), f"keypads {bus.link.url}")
        self._workers.start(self._action_worker, "keypad actions")

    def stop(self) -> None:
        """Stop the workers and close the ports (waits up to ~2 s)."""
        self._workers.stop()

    def handle(self, name: str, payload: dict) -> None:
        """Take a hall event; screens affected by it are rewritten by the bus workers."""
        if name not in HANDLED_EVENTS or not self.config.enabled:
            return
        for bus in self.buses:
            bus.post(name, payload)

    def status(self) -> dict[str, dict]:
        """Health per keypad: {'keypad-<counter>': {status, detail, counter, address, url}}."""
        return {device: dict(info) for device, info in self._status.items()}

    # ---- workers -------------------------------------------------------------

    def _submit(self, bus: Bus, address: int, action: KeyAction) -> None:
        self._actions.put((bus, address, action))

    def _action_worker(self) -> None:
        while not self._workers.stopping.is_set():
            try:
                bus, address, action = self._actions.get(timeout=0.2)
            except queue.Empty:
                continue
            bus.post(RESULT, (address, self._call(action)))

    def _call(self, action: KeyAction) -> ActionResult:
        try:
            result = self._on_action(action)
        except Exception:
            log.exception("on_action failed for %s", action)
            return ActionResult(False, "LOI HE THONG")
        if result is None:
            return ActionResult(True)
        return ActionResult(bool(getattr(result, "ok", True)), str(getattr(result, "message", "")))

    def _report(self, device_id: str, status: str, detail: str) -> None:
        self._status[device_id].update(status=status, detail=detail)
        try:
            self._on_status(device_id, status, detail)
        except Exception:
            log.exception("on_status failed for %s", device_id)
