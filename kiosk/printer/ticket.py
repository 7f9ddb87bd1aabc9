"""What goes on a printed ticket: the TicketPrint dataclass and its Vietnamese wording."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

SESSION_LABELS = {"morning": "Buổi sáng", "afternoon": "Buổi chiều"}
DEFAULT_FOOTER = "Vui lòng giữ phiếu và chờ đến lượt. Xin cảm ơn!"


@dataclass(frozen=True)
class TicketPrint:
    """Everything printed on one ticket (ticket payload + hall info, already resolved)."""

    ticket_id: str
    number: str
    centre_name: str
    area_name: str
    issued_at: datetime
    session_label: str
    ahead: int = 0
    estimated_wait_min: int | None = None
    priority_label: str | None = None
    counters: list[int] = field(default_factory=list)
    tracking_url: str | None = None
    footer: str = DEFAULT_FOOTER

    @property
    def date_text(self) -> str:
        """Issue date as printed, e.g. 28/11/2026."""
        return self.issued_at.strftime("%d/%m/%Y")

    @property
    def time_text(self) -> str:
        """Issue time as printed, e.g. 08:01."""
        return self.issued_at.strftime("%H:%M")

    @property
    def priority_text(self) -> str | None:
        """Priority line, e.g. 'Ưu tiên – Người cao tuổi', or None for a normal ticket."""
        return f"Ưu tiên – {self.priority_label}" if self.priority_label else None

    @property
    def ahead_text(self) -> str:
        """Line with the number of people ahead."""
        return f"Số người chờ trước: {self.ahead}"

    @property
    def wait_text(self) -> str | None:
        """Estimated wait line, or None when unknown."""
        if self.estimated_wait_min is None:
            return None
        return f"Thời gian chờ dự kiến: khoảng {self.estimated_wait_min} phút"

    @property
    def counters_text(self) -> str | None:
        """Counters serving the area, or None when not given."""
        if not self.counters:
            return None
        return "Quầy phục vụ: " + ", ".join(str(c) for c in self.counters)


def session_label(session: str | None, issued_at: datetime) -> str:
    """Vietnamese session label from the session id, else from the hour of issue."""
    if session in SESSION_LABELS:
        return SESSION_LABELS[session]
    return SESSION_LABELS["morning" if issued_at.hour < 12 else "afternoon"]


def ticket_print(ticket: dict, info: dict | None = None) -> TicketPrint:
    """Build a TicketPrint from a ticket payload (docs/events.md) and hall info.

    `info` keys (all optional): centre_name, area_name, ahead, estimated_wait_min,
    counters, tracking_url (may contain "{id}"), footer, session_label.
    Values in `info` win over the payload.
    """
    info = info or {}
    issued_at = datetime.fromisoformat(ticket["issued_at"])
    url = info.get("tracking_url")
    return TicketPrint(
        ticket_id=ticket["id"],
        number=str(ticket["number"]),
        centre_name=info.get("centre_name") or "",
        area_name=info.get("area_name") or ticket.get("area_name") or "",
        issued_at=issued_at,
        session_label=info.get("session_label")
        or session_label(ticket.get("session"), issued_at),
        ahead=int(info.get("ahead", ticket.get("ahead") or 0)),
        estimated_wait_min=info.get("estimated_wait_min"),
        priority_label=ticket.get("priority_label"),
        counters=list(info.get("counters") or []),
        tracking_url=url.replace("{id}", ticket["id"]) if url else None,
        footer=info.get("footer") or DEFAULT_FOOTER,
    )
