"""What each keypad screen shows: hall state per counter -> an ASCII Display."""
from __future__ import annotations

from dataclasses import dataclass, field

from devices.text import strip_marks

from .protocol import LINE_WIDTH, NUMBER_WIDTH, Display

# Line 2's state label, and the short form used when the waiting count leaves no room.
STATE_LABELS = {
    "idle": ("SAN SANG", "S.SANG"),
    "serving": ("DANG PV", "PV"),
    "paused": ("TAM DUNG", "T.DUNG"),
    "closed": ("DONG", "DONG"),
    "away": ("TAM VANG", "T.VANG"),
    "unknown": ("", ""),
}
MAX_SHOWN_WAITING = 9999


def transliterate(text: str) -> str:
    """Make text ASCII for the keypad: strip Vietnamese diacritics, đ -> d, others -> '?'."""
    return "".join(ch if 32 <= ord(ch) < 127 else "?" for ch in strip_marks(text))


@dataclass
class CounterView:
    """The last known state of one counter, built from hall events."""

    number: int
    status: str = "unknown"
    current: str = ""
    areas: list[str] = field(default_factory=list)
    clerk: str | None = None
    shown_as: str = ""          # what the hall shows (closed when nobody staffs it); "" = status


class HallView:
    """Counters and per-area waiting counts, updated from hall events."""

    def __init__(self) -> None:
        self.counters: dict[int, CounterView] = {}
        self.waiting: dict[str, int] = {}

    def counter(self, number: int) -> CounterView:
        """The view of counter `number` (created empty if unknown)."""
        return self.counters.setdefault(number, CounterView(number))

    def apply(self, name: str, payload: dict) -> set[int] | None:
        """Apply one hall event; return the counters whose screen may change (None = all)."""
        if name == "counter_updated":
            return self._counter_updated(payload.get("counter") or {})
        if name == "ticket_called":
            return self._ticket_called(payload)
        if name == "queue_updated":
            area = payload.get("area") or {}
            if "id" in area:
                self.waiting[area["id"]] = int(area.get("waiting") or 0)
                return {n for n, c in self.counters.items() if area["id"] in c.areas}
        return set()

    def waiting_for(self, number: int) -> int | None:
        """People waiting in the areas counter `number` serves (None when unknown)."""
        view = self.counters.get(number)
        if view is None or not any(a in self.waiting for a in view.areas):
            return None
        return sum(self.waiting.get(a, 0) for a in view.areas)

    def _counter_updated(self, data: dict) -> set[int]:
        if "number" not in data:
            return set()
        view = self.counter(int(data["number"]))
        view.status = data.get("status") or "unknown"
        view.shown_as = data.get("shown_as") or ""
        view.areas = list(data.get("areas") or view.areas)
        view.clerk = data.get("clerk")
        current = data.get("current")
        view.current = str(current["number"]) if current else ""
        return {view.number}

    def _ticket_called(self, payload: dict) -> set[int]:
        ticket = payload.get("ticket") or {}
        counter = payload.get("counter", ticket.get("counter"))
        if isinstance(counter, dict):
            counter = counter.get("number")
        if counter is None or "number" not in ticket:
            return set()
        view = self.counter(int(counter))
        view.current = str(ticket["number"])
        if view.status in ("idle", "unknown"):
            view.status = "serving"
        if view.shown_as == "idle":
            view.shown_as = "serving"
        return {view.number}


def compose(view: CounterView, waiting: int | None, message: str = "") -> Display:
    """Build the keypad screen: line 1 number and counter, line 2 waiting and state or a message."""
    number = transliterate(view.current)[:NUMBER_WIDTH]
    left = f"SO {number or '---'}"
    right = f"Q{view.number}"
    line1 = left + right.rjust(LINE_WIDTH - len(left))
    shown = view.shown_as or view.status
    shown = shown if shown in STATE_LABELS else "unknown"
    line2 = transliterate(message) if message else waiting_line(waiting, shown)
    return Display(state=shown, waiting=waiting, number=number,
                   line1=line1[:LINE_WIDTH], line2=line2[:LINE_WIDTH])


def waiting_line(waiting: int | None, shown: str) -> str:
    """`CHO <n>` and the state label at the right, always with a space between them."""
    count = "-" if waiting is None else \
        (f"{MAX_SHOWN_WAITING}+" if waiting > MAX_SHOWN_WAITING else str(waiting))
    left = f"CHO {count}"
    full, short = STATE_LABELS[shown]
    label = full if len(left) + 1 + len(full) <= LINE_WIDTH else short
    return left + label.rjust(LINE_WIDTH - len(left))
