"""Hall events -> what each counter's board should do (pure; shared by manager and fake).

A counter's board follows its `shown_as` (closed | paused | away | idle | serving; the
`status` for payloads without it): a counter nobody staffs never looks ready.
"""
from __future__ import annotations

from display.boards.driver import BLANK, CLOSED, PAUSED, Blink, Display, board_text

AWAY_TEXT = "VANG"


def _counter_number(value) -> int | None:
    if isinstance(value, dict):
        value = value.get("number")
    return value if isinstance(value, int) else None


def _number_display(ticket: dict | None, counter: int, show_counter: bool) -> Display | None:
    text = board_text((ticket or {}).get("number") or "")
    return Display("text", text, counter if show_counter else None) if text else None


def intents(name: str, payload: dict, *, idle: str = "clear", show_counter: bool = False,
            blink: Blink = Blink(), away_text: str = AWAY_TEXT) -> list[tuple[int, Display | Blink]]:
    """The (counter, Display | Blink) commands an event asks for; [] for other events."""
    if name == "ticket_called":
        counter = _counter_number(payload.get("counter")) or _counter_number(payload["ticket"].get("counter"))
        display = _number_display(payload.get("ticket"), counter, show_counter) if counter else None
        return [(counter, display), (counter, blink)] if display else []
    if name == "counter_updated":
        counter = payload["counter"]
        display = _counter_display(counter, idle, show_counter, away_text)
        return [(counter["number"], display)] if display else []
    return []


def _counter_display(counter: dict, idle: str, show_counter: bool, away_text: str) -> Display | None:
    shown, number = counter.get("shown_as") or counter.get("status"), counter["number"]
    if shown == "paused":
        return Display(PAUSED)
    if shown == "closed":
        return Display(CLOSED)
    if shown == "away":
        return Display("text", away_text, number if show_counter else None)
    display = _number_display(counter.get("current"), number, show_counter)
    if display is not None:
        return display
    return BLANK if idle == "clear" else None
