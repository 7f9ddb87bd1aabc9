"""Hall events -> what each counter's board should do (pure; shared by manager and fake)."""
from __future__ import annotations

from display.boards.driver import BLANK, CLOSED, PAUSED, Blink, Display, board_text


def _counter_number(value) -> int | None:
    if isinstance(value, dict):
        value = value.get("number")
    return value if isinstance(value, int) else None


def _number_display(ticket: dict | None, counter: int, show_counter: bool) -> Display | None:
    text = board_text((ticket or {}).get("number") or "")
    return Display("text", text, counter if show_counter else None) if text else None


def intents(name: str, payload: dict, *, idle: str = "clear", show_counter: bool = False,
            blink: Blink = Blink()) -> list[tuple[int, Display | Blink]]:
    """The (counter, Display | Blink) commands an event asks for; [] for other events."""
    if name == "ticket_called":
        counter = _counter_number(payload.get("counter")) or _counter_number(payload["ticket"].get("counter"))
        display = _number_display(payload.get("ticket"), counter, show_counter) if counter else None
        return [(counter, display), (counter, blink)] if display else []
    if name == "counter_updated":
        counter = payload["counter"]
        display = _counter_display(counter, idle, show_counter)
        return [(counter["number"], display)] if display else []
    return []


def _counter_display(counter: dict, idle: str, show_counter: bool) -> Display | None:
    status, number = counter.get("status"), counter["number"]
    if status == "paused":
        return Display(PAUSED)
    if status == "closed":
        return Display(CLOSED)
    shown = _number_display(counter.get("current"), number, show_counter)
    if shown is not None:
        return shown
    return BLANK if idle == "clear" else None
