"""Read models: tickets, counters, areas and the hall snapshot as JSON-able dicts."""
from __future__ import annotations

import math
from datetime import date, datetime

from .clock import iso
from .commands import allowed_commands
from .config import Area, HallConfig
from .model import CounterState, Ticket
from .opening import availability
from .states import CounterStatus, TicketStatus

MIN_SAMPLES = 3   # served tickets needed before an estimate is offered


def ticket_view(config: HallConfig, ticket: Ticket, ahead: int = 0,
                estimate_min: int | None = None) -> dict:
    """A ticket as watchers, devices and the API see it."""
    area = config.area(ticket.area_id)
    label = label_en = None
    if ticket.priority:
        try:
            category = config.category(ticket.priority)
            label, label_en = category.label, category.label_en
        except KeyError:
            label = label_en = ticket.priority
    return {
        "id": ticket.id, "number": ticket.number, "area": area.id, "area_name": area.name,
        "area_name_en": area.name_en, "priority": ticket.priority, "priority_label": label,
        "priority_label_en": label_en, "status": ticket.status.value,
        "issued_at": iso(ticket.issued_at), "called_at": iso(ticket.called_at),
        "finished_at": iso(ticket.finished_at), "counter": ticket.counter,
        "business_date": ticket.business_date.isoformat(), "session": ticket.session,
        "ahead": ahead if ticket.status is TicketStatus.WAITING else 0,
        "estimated_wait_min": estimate_min if ticket.status is TicketStatus.WAITING else None,
        "call_count": ticket.call_count, "dossier_code": ticket.dossier_code,
        "transferred_to": ticket.transferred_to, "origin": ticket.origin_id,
    }


def ticket_payload(config: HallConfig, tx, ticket: Ticket, day: date) -> dict:
    """A ticket with, while it waits, the people ahead and the estimated wait."""
    if ticket.status is not TicketStatus.WAITING:
        return ticket_view(config, ticket)
    area = config.area(ticket.area_id)
    ahead = tx.count_ahead(ticket)
    estimate = estimate_minutes(tx.service_seconds(area.id, day), ahead,
                                open_counter_count(config, area, tx.counters()))
    return ticket_view(config, ticket, ahead, estimate)


def counter_view(config: HallConfig, state: CounterState) -> dict:
    """A counter with its state and current ticket."""
    counter = config.counter(state.number)
    current = ticket_view(config, state.current) if state.current else None
    return {
        "number": counter.number, "name": counter.name, "purpose": counter.purpose,
        "areas": list(counter.areas), "status": state.status.value,
        "pause_reason": state.pause_reason, "current": current, "clerk": state.clerk,
        "clerk_id": state.clerk_id, "actions": allowed_commands(state.status),
    }


def estimate_minutes(service_seconds: list[float], ahead: int, open_counters: int) -> int | None:
    """Expected wait from today's service times, or None when there is too little data."""
    if len(service_seconds) < MIN_SAMPLES or open_counters < 1:
        return None
    recent = service_seconds[-20:]
    mean = sum(recent) / len(recent)
    return int(math.ceil(mean * ahead / open_counters / 60.0))


def open_counter_count(config: HallConfig, area: Area, counters: list[CounterState]) -> int:
    """Counters serving an area that are not closed (paused ones will come back)."""
    serving = {c.number for c in config.counters_for(area.id)}
    return sum(1 for c in counters if c.number in serving and c.status is not CounterStatus.CLOSED)


def area_view(config: HallConfig, tx, area: Area, day: date, now: datetime,
              counters: list[CounterState]) -> dict:
    """An area with its queue length, availability and estimated wait for a new ticket."""
    waiting = tx.waiting_count(area.id, day)
    issued = tx.issued_count(area.id, day)
    open_counters = open_counter_count(config, area, counters)
    avail = availability(config, area, now, issued, open_counters)
    estimate = estimate_minutes(tx.service_seconds(area.id, day), waiting, open_counters)
    return {
        "id": area.id, "name": area.name, "name_en": area.name_en, "waiting": waiting,
        "issued": issued, "daily_cap": area.daily_cap, "open": avail.open,
        "closed_reason": avail.reason, "closed_reason_vi": avail.reason_vi,
        "closed_reason_en": avail.reason_en, "next_open": iso(avail.next_open),
        "session": avail.session, "estimated_wait_min": estimate,
        "oldest_waiting_at": iso(tx.oldest_waiting(area.id, day)),
        "counters": [c.number for c in config.counters_for(area.id)],
    }
