"""FakeLedBoards: same interface as LedBoards, no ports; records what each board would show."""
from __future__ import annotations

import time

from display.boards.driver import Blink, Display
from display.boards.intents import intents
from display.boards.manager import board_id
from display.boards.settings import parse_settings


class FakeLedBoards:
    """For tests and the `fake devices` mode: every configured board is 'ok' and obeys at once."""

    def __init__(self, config: dict | None = None, on_status=None, spawn=None, monotonic=time.monotonic,
                 counters: list[int] | None = None) -> None:
        self.settings = parse_settings(config or {})
        configured = [b.counter for bus in self.settings.buses for b in bus.boards]
        self.counters = counters if counters is not None else configured
        self.shown: dict[int, Display] = {}
        self.blinks: list[tuple[int, Blink]] = []
        self._on_status = on_status or (lambda *_: None)
        self._now = monotonic
        self._last_ok: float | None = None

    def start(self) -> None:
        """Report every board ok."""
        self._last_ok = self._now()
        for counter in self.counters:
            self._on_status(board_id(counter), "ok", "")

    def stop(self) -> None:
        """Nothing to stop."""

    def handle(self, name: str, payload: dict) -> None:
        """Apply an event to the recorded boards."""
        for counter, command in intents(name, payload, idle=self.settings.idle,
                                        show_counter=self.settings.show_counter, blink=self.settings.blink):
            if counter not in self.counters:
                continue
            if isinstance(command, Blink):
                self.blinks.append((counter, command))
            else:
                self.shown[counter] = command

    def status(self) -> list[dict]:
        """Every board ok."""
        return [{"id": board_id(c), "counter": c, "bus": "fake", "address": c, "status": "ok",
                 "last_ok": self._last_ok} for c in self.counters]
