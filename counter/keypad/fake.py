"""FakeKeypads: same interface as Keypads, no port; tests and `fake devices` mode press keys."""
from __future__ import annotations

from typing import Callable

from devices.adapter import ActionResult, FakeAdapter, Report

from .driver import HANDLED_EVENTS
from .keys import KeyAction, KeyInterpreter
from .messages import ascii_line
from .rating import RatingKeys
from .screen import HallView
from .settings import KeypadSettings


class FakeKeypads(FakeAdapter):
    """Records hall events and turns `press()` calls into `on_action` calls."""

    def __init__(self, settings: KeypadSettings, on_action: Callable[[KeyAction], ActionResult],
                 report: Report | None = None, **_ignored) -> None:
        super().__init__(report, settings.device_ids)
        self.settings = settings
        self._on_action = on_action
        self.hall = HallView()
        self.events: list[tuple[str, dict]] = []
        self.results: list[tuple[KeyAction, ActionResult]] = []
        self.shown: dict[int, str] = {}      # counter -> the last result line on its keypad
        self._interpreters: dict[tuple[int, str], KeyInterpreter | RatingKeys] = {}

    def handle(self, name: str, payload: dict) -> None:
        """Record and apply a hall event."""
        if name in HANDLED_EVENTS:
            self.events.append((name, payload))
            self.hall.apply(name, payload)

    def press(self, counter: int, key: int | str, kind: str = "clerk") -> ActionResult | None:
        """Press a key on counter's keypad (`kind` "rating": its rating keypad); return the
        action's result, if one ran."""
        code = ord(key) if isinstance(key, str) else key
        keys = RatingKeys if kind == "rating" else KeyInterpreter
        interpreter = self._interpreters.setdefault((counter, kind), keys(counter))
        step = interpreter.feed(code, paused=self.hall.counter(counter).status == "paused")
        if step.action is None:
            return None
        result = self._on_action(step.action)
        self.results.append((step.action, result))
        return result

    def show_result(self, counter: int, result: ActionResult) -> None:
        """Record what the clerk's keypad would show for another device's result."""
        self.shown[counter] = result.screen or ascii_line(result.message)
