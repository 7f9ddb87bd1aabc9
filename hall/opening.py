"""Opening hours and caps: is an area taking tickets now, and if not, why and until when."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .clock import VIETNAM
from .config import Area, HallConfig, Session

REASONS_VI = {
    "outside_hours": "Ngoài giờ làm việc",
    "full": "Đã hết số hôm nay",
    "no_counter": "Chưa có quầy phục vụ",
}
REASONS_EN = {
    "outside_hours": "Outside opening hours",
    "full": "No more tickets today",
    "no_counter": "No counter open",
}


@dataclass(frozen=True)
class Availability:
    open: bool
    reason: str | None = None            # outside_hours | full | no_counter
    next_open: datetime | None = None    # next session start, when closed for hours
    session: str | None = None           # the session in force now

    @property
    def reason_vi(self) -> str | None:
        return REASONS_VI.get(self.reason) if self.reason else None

    @property
    def reason_en(self) -> str | None:
        return REASONS_EN.get(self.reason) if self.reason else None


def _session_bounds(session: Session, day) -> tuple[datetime, datetime]:
    start = datetime.combine(day, session.start, tzinfo=VIETNAM)
    end = datetime.combine(day, session.end, tzinfo=VIETNAM)
    return start, end


def current_session(config: HallConfig, area: Area, now: datetime) -> Session | None:
    """The area's session in force at this moment, if any."""
    local = now.astimezone(VIETNAM)
    for sid in area.sessions:
        session = config.session(sid)
        start, end = _session_bounds(session, local.date())
        if local.isoweekday() in session.days and start <= local < end:
            return session
    return None


def next_opening(config: HallConfig, area: Area, now: datetime) -> datetime | None:
    """The start of the area's next session after now (looking a week ahead)."""
    local = now.astimezone(VIETNAM)
    best = None
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        for sid in area.sessions:
            session = config.session(sid)
            start, _ = _session_bounds(session, day)
            if day.isoweekday() in session.days and start > local and (best is None or start < best):
                best = start
        if best is not None:
            return best
    return None


def session_label(config: HallConfig, now: datetime) -> str:
    """The session a moment belongs to by time of day, for tickets issued off-hours."""
    local = now.astimezone(VIETNAM)
    for session in config.sessions:
        start, end = _session_bounds(session, local.date())
        if start <= local < end:
            return session.id
    return "morning" if local.hour < 12 else "afternoon"


def availability(config: HallConfig, area: Area, now: datetime, issued_today: int,
                 open_counters: int) -> Availability:
    """Whether an area takes a new ticket now: sessions, daily cap, an open counter."""
    session = current_session(config, area, now)
    session_id = session.id if session else session_label(config, now)
    if session is None and not config.ignore_sessions:
        return Availability(False, "outside_hours", next_opening(config, area, now))
    if issued_today >= area.daily_cap:
        return Availability(False, "full", next_opening(config, area, now), session_id)
    if open_counters == 0:
        return Availability(False, "no_counter", None, session_id)
    return Availability(True, None, None, session_id)
