"""Keypads: the adapter the server wires in (workers, handle(), health())."""
from __future__ import annotations

import logging
import queue
import time
from typing import Callable

import serial

from devices.adapter import ActionResult, DeviceStatus, HealthReporter, Report
from devices.serial_link import SerialLink
from devices.worker import Spawn, Workers

from .bus import RESULT, Bus, BusDeps
from .keys import KeyAction
from .messages import screen_text
from .settings import KeypadBus, KeypadSettings

log = logging.getLogger(__name__)

HANDLED_EVENTS = frozenset({"counter_updated", "ticket_called", "queue_updated",
                            "ticket_updated", "ticket_rated"})


class Keypads:
    """Counter keypads on one or more ports; key actions go to `on_action`.

    Each port has its own worker (polling, screens, reconnect). `on_action` runs
    in one separate action worker, in key order, so a slow database transaction
    never delays polling; its result comes back to the bus and, when it carries a
    message (always on failure), shows on that keypad's screen.
    """

    def __init__(self, settings: KeypadSettings, on_action: Callable[[KeyAction], ActionResult],
                 report: Report | None = None, spawn: Spawn | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 opener: Callable = serial.serial_for_url) -> None:
        self.settings = settings
        self._on_action = on_action
        self._reporter = HealthReporter(report, settings.device_ids)
        self._workers = Workers(spawn)
        self._monotonic, self._opener = monotonic, opener
        self._actions: queue.Queue = queue.Queue()
        self.buses = [self._make_bus(bus) for bus in settings.buses]

    def _make_bus(self, cfg: KeypadBus) -> Bus:
        deps = BusDeps(submit=self._submit, report=self._reporter.set,
                       monotonic=self._monotonic, settings=self.settings.timing)
        link = SerialLink(cfg.url, cfg.baudrate, opener=self._opener, monotonic=self._monotonic)
        return Bus(link, list(cfg.keypads), deps)

    def start(self) -> None:
        """Start one worker per port and the action worker."""
        if not self.buses:
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
        if name not in HANDLED_EVENTS:
            return
        for bus in self.buses:
            bus.post(name, payload)

    def show_result(self, counter: int, result: ActionResult) -> None:
        """Show another device's result (a scan at that counter) on the clerk's keypad."""
        for bus in self.buses:
            for state in bus.keypads.values():
                if state.counter == counter and state.kind == "clerk":
                    bus.post(RESULT, (state.address, result))

    def health(self) -> list[DeviceStatus]:
        """Each keypad's latest status ('keypad-<counter>', 'rating-keypad-<counter>')."""
        return self._reporter.health()

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
            return ActionResult(False, "Lỗi hệ thống", "system_error", screen_text("system_error"),
                                "System error")
        return result if result is not None else ActionResult(True)
