"""LedBoards: the hall-event subscriber that keeps every counter's LED board up to date."""
from __future__ import annotations

import logging
import time

from display.boards.bus import BoardSlot, BusWorker
from display.boards.driver import Blink
from display.boards.drivers import make_driver
from display.boards.intents import intents
from display.boards.settings import BoardsSettings, parse_settings

log = logging.getLogger(__name__)


def board_id(counter: int) -> str:
    """Device id of the board above `counter`."""
    return f"board-{counter}"


class LedBoards:
    """Maps events to board commands and hands them to one BusWorker per serial bus."""

    def __init__(self, config: dict, on_status=None, spawn=None, monotonic=time.monotonic, opener=None) -> None:
        self.settings: BoardsSettings = parse_settings(config)
        self._buses: list[BusWorker] = []
        self._routes: dict[int, tuple[BusWorker, int]] = {}
        for bus in self.settings.buses:
            slots = [BoardSlot(board_id(b.counter), b.counter, b.address, b.brightness) for b in bus.boards]
            worker = BusWorker(bus.url, make_driver(bus.driver), slots, bus.options,
                               on_status=on_status, spawn=spawn, monotonic=monotonic, opener=opener)
            self._buses.append(worker)
            self._routes.update({b.counter: (worker, b.address) for b in bus.boards})

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
            commands = intents(name, payload, idle=self.settings.idle,
                               show_counter=self.settings.show_counter, blink=self.settings.blink)
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

    def status(self) -> list[dict]:
        """One dict per board: id, counter, bus, address, status, last_ok."""
        return [row for bus in self._buses for row in bus.status()]
