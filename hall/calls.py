"""Which calls are still current: the one rule the announcer and the hall TV follow.

A call (a `ticket_called` payload) is current while its counter's latest state still has
that ticket as its current ticket, called the same number of times (`call_count`), and the
ticket is still `called`. So a call stops being current when the ticket is finished,
missed, transferred or expired, when it is called again (here: a recall, or elsewhere),
and when the counter calls someone else or closes. Works on full and public payloads
(tickets are matched by `id`, else by `public_id`).
"""
from __future__ import annotations

from typing import Optional


def ticket_key(ticket: Optional[dict]) -> Optional[str]:
    """The name a ticket is matched by: its id (staff view) or its public id."""
    if not ticket:
        return None
    return ticket.get("id") or ticket.get("public_id")


def call_counter(call: dict) -> Optional[int]:
    """The counter number of a `ticket_called` payload."""
    counter = call.get("counter") or {}
    return counter.get("number") if isinstance(counter, dict) else None


def is_current(call: dict, counter: Optional[dict]) -> bool:
    """Whether `call` is current given its counter's latest state (a `counter_updated`
    payload's `counter`, or the snapshot's entry); unknown counter state: current."""
    if counter is None:
        return True
    current = counter.get("current")
    if counter.get("status") == "closed" or not current:
        return False
    ticket = call.get("ticket") or {}
    return (ticket_key(current) == ticket_key(ticket)
            and current.get("call_count") == ticket.get("call_count")
            and current.get("status", "called") == "called")


class CurrentCalls:
    """Follows the hall's events and answers whether a call is still current."""

    def __init__(self) -> None:
        self.counters: dict[int, dict] = {}       # number -> latest counter state
        self.tickets: dict[str, dict] = {}        # ticket key -> latest state (called ones)
        self.calls: dict[str, dict] = {}          # call id -> payload, while current
        self.ended: set[str] = set()              # call ids no longer current (bounded)

    def see(self, name: str, payload: dict) -> list[str]:
        """Take one event; returns the call ids that stopped being current."""
        if name == "ticket_called":
            ticket, number = payload.get("ticket") or {}, call_counter(payload)
            if payload.get("call_id"):
                self.calls[payload["call_id"]] = payload
            self._ticket(ticket)
            if number is not None:           # the call is news about its counter too
                self.counters[number] = {**self.counters.get(number, {"number": number}),
                                         "current": ticket, "status": "serving"}
        elif name == "counter_updated":
            counter = payload.get("counter") or {}
            if counter.get("number") is not None:
                self.counters[counter["number"]] = counter
                self._ticket(counter.get("current"))
        elif name == "ticket_updated":
            self._ticket(payload.get("ticket"))
        elif name == "day_changed":
            self.counters.clear()
            self.tickets.clear()
            ended = list(self.calls)
            self._end(ended)
            return ended
        else:
            return []
        ended = [cid for cid, call in self.calls.items() if not self._current(call)]
        self._end(ended)
        return ended

    def is_current(self, call_id: Optional[str]) -> bool:
        """Whether a call is current (a call never seen, or None, counts as current)."""
        return call_id not in self.ended if call_id else True

    def _ticket(self, ticket: Optional[dict]) -> None:
        key = ticket_key(ticket)
        if key and any(ticket_key(c.get("ticket")) == key for c in self.calls.values()):
            self.tickets[key] = ticket

    def _current(self, call: dict) -> bool:
        ticket = call.get("ticket") or {}
        if ticket.get("status", "called") != "called":
            return False
        latest = self.tickets.get(ticket_key(ticket))
        if latest is not None and latest is not ticket and (
                latest.get("status", "called") != "called"
                or latest.get("call_count") != ticket.get("call_count")
                or latest.get("counter", call_counter(call)) != call_counter(call)):
            return False                 # finished, missed, transferred, or called again
        return is_current(call, self.counters.get(call_counter(call)))

    def _end(self, call_ids: list[str]) -> None:
        for call_id in call_ids:
            call = self.calls.pop(call_id, None)
            self.ended.add(call_id)
            key = ticket_key((call or {}).get("ticket"))
            if key and not any(ticket_key(c.get("ticket")) == key for c in self.calls.values()):
                self.tickets.pop(key, None)
        if len(self.ended) > 5000:
            self.ended = set(list(self.ended)[-2500:])
