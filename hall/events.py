"""Domain events: what happened, with its time and sequence number, as plain payloads."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Event:
    """One entry of the hall's log; `payload` is what watchers and devices receive."""

    name: str
    payload: dict
    ticket_id: str | None = None
    area_id: str | None = None
    counter: int | None = None
    actor: str | None = None
    seq: int = 0
    at: object = field(default=None)

    def stamped(self, seq: int, at_iso: str) -> "Event":
        """Give the event its sequence number and time; both go into the payload."""
        self.seq = seq
        self.payload = {"seq": seq, "at": at_iso, **self.payload}
        return self


TICKET_ISSUED = "ticket_issued"
TICKET_CALLED = "ticket_called"
TICKET_UPDATED = "ticket_updated"
COUNTER_UPDATED = "counter_updated"
QUEUE_UPDATED = "queue_updated"
DAY_CHANGED = "day_changed"
TICKET_RATED = "ticket_rated"
TICKET_REPRINT = "ticket_reprint"      # a manager asked the hall's printer for a ticket again
SPEAKER_TEST = "speaker_test"          # a manager asked the hall's voice for a test call
