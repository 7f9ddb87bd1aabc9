"""Sans-I/O key-sequence interpreter: key codes -> KeyAction (and a prompt to show)."""
from __future__ import annotations

from dataclasses import dataclass

from . import protocol as p

SINGLE_KEYS = {
    p.KEY_NEXT: "next",
    p.KEY_RECALL: "recall",
    p.KEY_NO_SHOW: "no-show",
    p.KEY_DONE: "done",
    p.KEY_PAUSE: "pause",
    p.KEY_RESUME: "resume",
}
ENTRY_KEYS = {p.KEY_CALL: "call", p.KEY_TRANSFER: "transfer"}
PROMPTS = {"call": "GOI SO:", "transfer": "CHUYEN LV:"}
MAX_DIGITS = {"call": 6, "transfer": 2}


@dataclass(frozen=True)
class KeyAction:
    """A clerk's request from counter `counter`'s keypad; `arg` is the number or area index."""

    counter: int
    action: str
    arg: str | None = None


@dataclass(frozen=True)
class Step:
    """The interpreter's answer to one key: an action to run and/or the prompt to show."""

    action: KeyAction | None = None
    prompt: str = ""


class KeyInterpreter:
    """Turns one keypad's keys into actions.

    `call`/`transfer` start an entry: digits, then Enter -> action with the digits
    as `arg`; Clear or Enter with no digits cancels. Any other command key also
    cancels an entry and then acts. The pause/resume toggle key resolves with the
    counter's last known state (`paused`).
    """

    def __init__(self, counter: int) -> None:
        self.counter = counter
        self._entry: str | None = None
        self._digits = ""

    @property
    def prompt(self) -> str:
        """The entry in progress as shown on screen, or ""."""
        if self._entry is None:
            return ""
        return f"{PROMPTS[self._entry]} {self._digits}_"

    def feed(self, key: int, paused: bool = False) -> Step:
        """Interpret one key code."""
        if key in p.DIGIT_KEYS:
            return self._digit(chr(key))
        if key == p.KEY_ENTER:
            return self._enter()
        if key == p.KEY_CLEAR:
            self._cancel()
            return Step()
        if key in ENTRY_KEYS:
            self._entry, self._digits = ENTRY_KEYS[key], ""
            return Step(prompt=self.prompt)
        self._cancel()
        if key == p.KEY_PAUSE_TOGGLE:
            return self._act("resume" if paused else "pause")
        if key in SINGLE_KEYS:
            return self._act(SINGLE_KEYS[key])
        return Step()

    def _digit(self, digit: str) -> Step:
        if self._entry is None:
            return Step()
        if len(self._digits) < MAX_DIGITS[self._entry]:
            self._digits += digit
        return Step(prompt=self.prompt)

    def _enter(self) -> Step:
        entry, digits = self._entry, self._digits
        self._cancel()
        if entry is None or not digits:
            return Step()
        return self._act(entry, digits)

    def _act(self, action: str, arg: str | None = None) -> Step:
        return Step(action=KeyAction(self.counter, action, arg))

    def _cancel(self) -> None:
        self._entry, self._digits = None, ""
