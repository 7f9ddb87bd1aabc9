"""The rating keypad (four keys facing the citizen), sans-I/O: its keys, when it invites a
rating, and what its screen and LEDs show (docs/protocols/keypad.md, "Rating keypad")."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .keys import KeyAction, Step
from .protocol import LINE_WIDTH, Display

RATING_KEYS = {ord(str(n)): str(n) for n in range(1, 5)}       # keys 1-4, left to right
# The state byte after a result (for keypads that have LEDs instead of a screen).
RESULT_STATES = {"rated": "thanks", "already_rated": "rated", "nothing_to_rate": "nothing",
                 "rating_closed": "nothing", "not_served": "nothing"}
IDLE_LINES = ("DANH GIA DICH VU", "QUAY {counter}")
INVITE_LINE = "XIN MOI DANH GIA"


class RatingKeys:
    """Turns a rating keypad's keys into `rate` actions (key number 1-4 as `arg`)."""

    prompt = ""

    def __init__(self, counter: int) -> None:
        self.counter = counter

    def feed(self, key: int, paused: bool = False) -> Step:
        """Keys 1-4 rate; any other key is ignored."""
        if key in RATING_KEYS:
            return Step(action=KeyAction(self.counter, "rate", RATING_KEYS[key]))
        return Step()


@dataclass
class Invitation:
    """A counter's open invitation: the ticket it finished and until when it may be rated."""

    ticket_id: str
    number: str
    until: float


class Invitations:
    """When each counter invites a rating: from the moment it finishes a ticket as served,
    for `seconds` (the hall's `[rating] invite_seconds`), until that ticket is rated or the
    finish is undone."""

    def __init__(self, seconds: float, monotonic: Callable[[], float]) -> None:
        self.seconds, self._now = seconds, monotonic
        self._open: dict[int, Invitation] = {}

    def apply(self, name: str, payload: dict) -> None:
        """Follow one hall event."""
        if name == "ticket_updated":
            self._ticket_updated(payload.get("ticket") or {})
        elif name == "ticket_rated":
            rating = payload.get("rating") or {}
            self._close(rating.get("counter"), rating.get("ticket"))

    def current(self, counter: int) -> Invitation | None:
        """The counter's invitation while it lasts."""
        invitation = self._open.get(counter)
        return invitation if invitation and self._now() < invitation.until else None

    def _ticket_updated(self, ticket: dict) -> None:
        counter = ticket.get("counter")
        if not isinstance(counter, int):
            return
        if ticket.get("status") == "served":
            self._open[counter] = Invitation(str(ticket.get("id")), str(ticket.get("number", "")),
                                             self._now() + self.seconds)
        else:
            self._close(counter, ticket.get("id"))

    def _close(self, counter, ticket_id) -> None:
        invitation = self._open.get(counter)
        if invitation is not None and invitation.ticket_id == ticket_id:
            del self._open[counter]


def compose_rating(counter: int, invitation: Invitation | None, message: str = "",
                   result_code: str = "") -> Display:
    """The rating keypad's screen: an invitation naming the ticket, or the result of a press."""
    if invitation is not None:
        left, right = f"SO {invitation.number}", f"Q{counter}"
        line1, line2, state = left + right.rjust(LINE_WIDTH - len(left)), INVITE_LINE, "invite"
    else:
        line1, line2, state = IDLE_LINES[0], IDLE_LINES[1].format(counter=counter), "idle"
    if message:
        line2, state = message, RESULT_STATES.get(result_code, state)
    return Display(state=state, number=invitation.number if invitation else "",
                   line1=line1[:LINE_WIDTH], line2=line2[:LINE_WIDTH])
