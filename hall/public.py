"""What a public screen may know: the hall's events and snapshot as anonymous watchers see them.

Public screens (the hall TV, counter boards, kiosks, citizens' phones) and anonymous sockets
get numbers, areas, counters and times — never a ticket's tracking secret (its id), a dossier
code, a staff account id, the commands a counter can run, or a sensitive priority category
(a disability, a pregnancy): those go only to staff over an authenticated channel. A ticket
is known publicly by `public_id`, a one-way digest of its id (the id's 128 random bits make it
impossible to go back); its holder, who has the id from the QR code, can compute nothing but
is told its own `public_id` by the server.
"""
from __future__ import annotations

import base64
import hashlib

from .config import HallConfig

GENERIC_PRIORITY = ("Ưu tiên", "Priority")
_TICKET_PUBLIC = ("number", "area", "area_name", "area_name_en", "status", "issued_at",
                  "called_at", "first_called_at", "finished_at", "counter", "business_date",
                  "session", "ahead", "estimated_wait_min", "call_count")
_COUNTER_PRIVATE = ("clerk_id", "actions", "undo_until")


def public_id(ticket_id: str | None) -> str | None:
    """A ticket's public name: 12 URL-safe characters derived one-way from its id."""
    if not ticket_id:
        return None
    digest = hashlib.sha256(ticket_id.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest)[:12].decode("ascii")


def public_ticket(config: HallConfig, ticket: dict | None) -> dict | None:
    """A ticket as public screens see it."""
    if ticket is None:
        return None
    view = {key: ticket[key] for key in _TICKET_PUBLIC if key in ticket}
    view["public_id"] = public_id(ticket.get("id"))
    view["transferred_to"] = public_id(ticket.get("transferred_to"))
    view["origin"] = public_id(ticket.get("origin"))
    category = ticket.get("priority")
    if category:
        shown = _category_is_public(config, category)
        view["priority"] = category if shown else "priority"
        view["priority_label"] = ticket.get("priority_label") if shown else GENERIC_PRIORITY[0]
        view["priority_label_en"] = ticket.get("priority_label_en") if shown else GENERIC_PRIORITY[1]
    else:
        view["priority"] = view["priority_label"] = view["priority_label_en"] = None
    return view


def holder_ticket(config: HallConfig, ticket: dict) -> dict:
    """A ticket as its holder sees it (whoever has its id from the QR code): the public view,
    its own id and dossier code, and the id of its transfer (to follow it) — not who served it."""
    view = public_ticket(config, ticket)
    view.update(id=ticket["id"], dossier_code=ticket.get("dossier_code"),
                transferred_to=ticket.get("transferred_to"), origin=ticket.get("origin"),
                priority=ticket.get("priority"), priority_label=ticket.get("priority_label"),
                priority_label_en=ticket.get("priority_label_en"))
    return view


def _category_is_public(config: HallConfig, category_id: str) -> bool:
    try:
        return config.category(category_id).public
    except KeyError:
        return False


def public_counter(config: HallConfig, counter: dict) -> dict:
    """A counter as public screens see it (its clerk's name stays: the badge on the desk)."""
    view = {k: v for k, v in counter.items() if k not in _COUNTER_PRIVATE}
    view["current"] = public_ticket(config, counter.get("current"))
    return view


def public_event(config: HallConfig, name: str, payload: dict) -> dict:
    """An event's payload as public screens see it."""
    view = dict(payload)
    if "ticket" in view:
        view["ticket"] = public_ticket(config, view["ticket"])
    if "counter" in view and isinstance(view["counter"], dict) and "status" in view["counter"]:
        view["counter"] = public_counter(config, view["counter"])
    if "rating" in view:
        rating = view["rating"]
        view["rating"] = {"counter": rating.get("counter"), "area": rating.get("area"),
                          "level": rating.get("level"), "number": rating.get("number")}
    return view


def public_snapshot(config: HallConfig, snapshot: dict) -> dict:
    """The hall snapshot as public screens see it."""
    return {**snapshot,
            "counters": [public_counter(config, c) for c in snapshot["counters"]],
            "recent_calls": [public_event(config, "ticket_called", call)
                             for call in snapshot["recent_calls"]]}
