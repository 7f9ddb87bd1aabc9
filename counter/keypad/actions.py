"""What a keypad (or a barcode reader) asks of the hall, and what the hall answers."""
from __future__ import annotations

from dataclasses import dataclass



@dataclass(frozen=True)
class KeyAction:
    """A clerk's request from counter `counter`'s keypad; `arg` is the number or area index."""

    counter: int
    action: str
    arg: str | None = None


@dataclass(frozen=True)
class ActionResult:
    """The hall's answer; on failure `message` is shown on the keypad (e.g. "NO CLERK")."""

    ok: bool
    message: str = ""
