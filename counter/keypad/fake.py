"""FakeKeypads: same interface as Keypads, no port; tests and `fake devices` mode press keys."""
from __future__ import annotations

from typing import Callable

from .actions import ActionResult, KeyAction
from .driver import HANDLED_EVENTS, parse_config
from .keys import KeyInterpreter
from .screen import HallView
from devicelink.workers import FakeLifecycle


class FakeKeypads(FakeLifecycle):
    """Records hall events and turns `press()` calls into `on_action` calls."""

    def __init__(self, config: dict, on_action: Callable[[KeyAction], ActionResult],
                 on_status: Callable[[str, str, str], None] = lambda *a: None,
                 spawn: Callable | None = None, monotonic: Callable | None = None) -> None:
        self.config = parse_config(config)
        self._on_action, self._on_status = on_action, on_status
        self.hall = HallView()
        self.events: list[tuple[str, dict]] = []
        self.results: list[tuple[KeyAction, ActionResult]] = []
        self._interpreters: dict[int, KeyInterpreter] = {}

    def handle(self, name: str, payload: dict) -> None:
        """Record and apply a hall event."""
        if name in HANDLED_EVENTS:
            self.events.append((name, payload))
            self.hall.apply(name, payload)

    def status(self) -> dict[str, dict]:
        """Every configured keypad reported ok."""
        return {f"keypad-{counter}": {"status": "ok", "detail": "", "counter": counter,
                                      "address": address, "url": bus.url}
                for bus in self.config.buses for address, counter in bus.keypads}

    def press(self, counter: int, key: int | str) -> ActionResult | None:
        """Press a key on counter's keypad; return the action's result, if one ran."""
        code = ord(key) if isinstance(key, str) else key
        interpreter = self._interpreters.setdefault(counter, KeyInterpreter(counter))
        step = interpreter.feed(code, paused=self.hall.counter(counter).status == "paused")
        if step.action is None:
            return None
        result = self._on_action(step.action)
        self.results.append((step.action, result))
        return result
