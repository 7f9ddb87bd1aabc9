"""LedBoards: the hall-event subscriber that keeps every counter's LED board up to date."""
from __future__ import annotations

import logging
import time

from devices.adapter import DeviceStatus
from display.boards.bus import BoardBus, BoardSlot
from display.boards.driver import Blink
from display.boards.drivers import make_driver
from display.boards.intents import intents
from display.boards.settings import BoardsSettings, board_id

log = logging.getLogger(__name__)


class LedBoards:
    """Maps events to board commands and hands them to one BoardBus per serial bus."""

    def __init__(self, settings: BoardsSettings, report=None, spawn=None, monotonic=time.monotonic,
                 opener=None) -> None:
        self.settings = settings
        self._buses: list[BoardBus] = []
        self._routes: dict[int, tuple[BoardBus, int]] = {}
        for bus in settings.buses:
            slots = [BoardSlot(board_id(b.counter), b.counter, b.address, b.brightness) for b in bus.boards]
            board_bus = BoardBus(bus.url, make_driver(bus.driver), slots, bus.options,
                                 report=report, spawn=spawn, monotonic=monotonic, opener=opener)
            self._buses.append(board_bus)
            self._routes.update({b.counter: (board_bus, b.address) for b in bus.boards})

    def start(self) -> None:
        """Start one worker per bus."""
        for bus in self._buses:
            bus.start()

    def stop(self) -> None:
        """Stop all workers (each joins within ~2 s)."""
        for bus in self._buses:
            bus.stop()

    def handle(self, name: str, payload: dict) -> None:
        """Enqueue the board commands for one hall event; never raises, never blocks."""
        try:
            commands = intents(name, payload, **self.settings.looks)
        except (KeyError, TypeError, ValueError, AttributeError):
            log.exception("LED boards: cannot read event %s", name)
            return
        for counter, command in commands:
            route = self._routes.get(counter)
            if route is None:
                continue
            bus, address = route
            if isinstance(command, Blink):
                bus.blink(address, command)
            else:
                bus.show(address, command)

    def health(self) -> list[DeviceStatus]:
        """Each board's latest status ('board-<counter>'), bus by bus."""
        return [status for bus in self._buses for status in bus.health()]
