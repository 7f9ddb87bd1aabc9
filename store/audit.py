"""Read the event log: the audit trail and the source of every report.

`events_after` returns a page of the log with each event told in words: `text` (one
Vietnamese sentence, or None for an event that only echoes another, such as the queue
counts or the counter change that a call already tells) and `by` (who did it). The
sentences come from `narrate`, a pure function of the events and what came before them.
"""
from __future__ import annotations

import sqlalchemy as sa

from hall.clock import iso

from .tables import events

TICKET_OUTCOME = {
    "served": "Đã phục vụ xong", "no_show": "Vắng mặt", "transferred": "Chuyển sang lĩnh vực khác",
    "expired": "Hết hạn (qua ngày)",
}
COUNTER_STATE = {"idle": "sẵn sàng", "serving": "đang phục vụ", "paused": "tạm dừng",
                 "closed": "đóng"}
SILENT = {"queue_updated"}      # counts only: never a line of the log, never "the previous event"


def events_after(engine, hall_id: str, after: int, limit: int) -> list[dict]:
    """Events with seq > after, oldest first, each with its `text` and `by`."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(events).where(events.c.hall_id == hall_id,
                                                    events.c.seq > after)
                            .order_by(events.c.seq).limit(limit))
        page = [_event(r) for r in rows]
        numbers = {e["payload"]["counter"]["number"] for e in page
                   if e["name"] == "counter_updated"}
        before = _counters_before(conn, hall_id, after, numbers)
        previous = _previous(conn, hall_id, after)
    return narrate(page, before, previous)


def _event(row) -> dict:
    return {"seq": row.seq, "name": row.name, "at": iso(row.at), "actor": row.actor,
            "ticket_id": row.ticket_id, "area": row.area_id, "counter": row.counter,
            "payload": row.payload}


def _counters_before(conn, hall_id: str, after: int, numbers: set) -> dict:
    """Each counter's last state logged at or before `after`: {number: counter payload}."""
    if not numbers:
        return {}
    last = (sa.select(sa.func.max(events.c.seq))
            .where(events.c.hall_id == hall_id, events.c.name == "counter_updated",
                   events.c.seq <= after, events.c.counter.in_(sorted(numbers)))
            .group_by(events.c.counter))
    rows = conn.execute(sa.select(events.c.payload).where(events.c.hall_id == hall_id,
                                                          events.c.seq.in_(last.scalar_subquery())))
    return {r.payload["counter"]["number"]: r.payload["counter"] for r in rows}


def _previous(conn, hall_id: str, after: int) -> dict | None:
    """The last event at or before `after` that counts as "the previous event"."""
    row = conn.execute(sa.select(events).where(events.c.hall_id == hall_id, events.c.seq <= after,
                                               events.c.name.not_in(SILENT))
                       .order_by(events.c.seq.desc()).limit(1)).first()
    return _event(row) if row else None


def narrate(page: list[dict], counters_before: dict | None = None,
            previous: dict | None = None) -> list[dict]:
    """The events with `text` and `by` added, told in order.

    A counter change is told against the counter's state before it (`counters_before` holds
    it for the events before the page), and is left untold (`text` None) when it only echoes
    the ticket event of the same command (same time, right before it).
    """
    known = dict(counters_before or {})
    told = []
    for event in page:
        text = _describe(event, known, previous)
        told.append({**event, "text": text, "by": who(event.get("actor"))})
        if event["name"] not in SILENT:
            previous = event
    return told


def who(actor: str | None) -> str:
    """The person or device behind an actor label (`user:3:Lê Thị Hoa` -> `Lê Thị Hoa`)."""
    if not actor:
        return "Hệ thống"
    kind, _, rest = actor.partition(":")
    name = rest.partition(":")[2] or actor
    return f"{name} (mã thiết bị)" if kind == "token" else name


def _describe(event: dict, known: dict, previous: dict | None) -> str | None:
    name, payload = event["name"], event["payload"]
    ticket = payload.get("ticket") or {}
    if name == "ticket_issued":
        label = ticket.get("priority_label")
        return f"Cấp số — {ticket['area_name']}" + (f" (ưu tiên: {label})" if label else "")
    if name == "ticket_called":
        return ("Gọi lại" if payload.get("recall") else "Gọi số") + f" — {ticket['area_name']}"
    if name == "ticket_updated":
        return _ticket_change(ticket)
    if name == "counter_updated":
        return _counter_change(event, known, previous)
    if name == "ticket_rated":
        rating = payload.get("rating") or {}
        reasons = ", ".join(rating.get("reasons") or [])
        return f"Công dân đánh giá số {rating.get('number', '')}: mức {rating.get('level')}" + \
            (f" ({reasons})" if reasons else "")
    if name == "speaker_test":
        return f"Thử loa — {(payload.get('counter') or {}).get('name', '')}"
    if name == "ticket_reprint":
        return f"In lại phiếu — {ticket['area_name']}"
    if name == "day_changed":
        return f"Sang ngày làm việc mới {payload.get('business_date', '')}".rstrip()
    return None


def _ticket_change(ticket: dict) -> str:
    if ticket.get("status") == "waiting" and ticket.get("origin"):
        return f"Nhận chuyển sang {ticket['area_name']}"
    if ticket.get("status") == "called" and ticket.get("dossier_code"):
        return f"Gắn mã hồ sơ {ticket['dossier_code']}"
    return TICKET_OUTCOME.get(ticket.get("status"), "Cập nhật phiếu")


def _counter_change(event: dict, known: dict, previous: dict | None) -> str | None:
    counter = event["payload"]["counter"]
    before = known.get(counter["number"])
    known[counter["number"]] = counter
    if previous and previous["name"].startswith("ticket_") and previous["at"] == event["at"]:
        return None
    if _clerk_changed(event, counter, before):
        if counter.get("clerk"):
            return f"Cán bộ nhận quầy: {counter['clerk']}"
        left = f" ({before['clerk']} rời quầy)" if before and before.get("clerk") else ""
        return "Giải phóng quầy" + left
    presence = counter.get("presence")
    if before and presence and before.get("presence") != presence:
        return PRESENCE_CHANGE.get(presence)
    status = counter["status"]
    if status == "paused":
        return f"Tạm dừng quầy — {counter.get('pause_reason') or ''}".rstrip(" —")
    if status == "closed":
        return "Đóng quầy"
    if before and before["status"] == "paused":
        return "Quầy làm việc lại"
    if before and before["status"] == "closed":
        return "Mở quầy"
    return f"Quầy {COUNTER_STATE.get(status, status)}" + ("" if counter.get("clerk")
                                                        else ", không có cán bộ")


PRESENCE_CHANGE = {
    "away": "Quầy tạm vắng (cán bộ không hoạt động)",
    "present": "Cán bộ có mặt tại quầy",
    "absent": "Quầy không còn người phục vụ",
}


def _clerk_changed(event: dict, counter: dict, before: dict | None) -> bool:
    if before is not None:
        return before.get("clerk_id") != counter.get("clerk_id")
    actor_id = (event.get("actor") or "").split(":")[1:2]
    return bool(counter.get("clerk")) and [str(counter.get("clerk_id"))] == actor_id
