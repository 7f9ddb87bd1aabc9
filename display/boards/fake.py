"""FakeLedBoards: same interface as LedBoards, no ports; records what each board would show."""
from __future__ import annotations

from devices.adapter import FakeAdapter
from display.boards.driver import Blink, Display
from display.boards.intents import intents
from display.boards.settings import BoardsSettings, board_id


class FakeLedBoards(FakeAdapter):
    """For tests and the `fake devices` mode: every configured board is 'ok' and obeys at once."""

    def __init__(self, settings: BoardsSettings | None = None, report=None,
                 counters: list[int] | None = None, **_ignored) -> None:
        self.settings = settings or BoardsSettings()
        self.counters = counters if counters is not None else self.settings.counters
        super().__init__(report, [board_id(c) for c in self.counters])
        self.shown: dict[int, Display] = {}
        self.blinks: list[tuple[int, Blink]] = []

    def handle(self, name: str, payload: dict) -> None:
        """Apply an event to the recorded boards."""
        for counter, command in intents(name, payload, **self.settings.looks):
            if counter not in self.counters:
                continue
            if isinstance(command, Blink):
                self.blinks.append((counter, command))
            else:
                self.shown[counter] = command
