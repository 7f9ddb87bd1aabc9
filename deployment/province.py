"""The province: one person sees every hall of the deployment, read-only.

`ProvinceOverview` makes one row per hall from the queries the hall's own pages use — the
manager's summary (`HallQueries.areas()` / `.counters()`, device health) and the report's
figures of today (`store.reports.period_report`) — never recomputed another way. The page
`/province` and its JSON `/api/v1/province` live at the deployment's root only; rows are
pushed to the signed-in province room over Socket.IO (`live/province.py`) when a hall's
events arrive, at most once per hall every `PUSH_SECONDS`; today's report figures (served,
satisfaction) are recomputed when a served ticket or a rating made them stale — for pushes at
most once per hall every `REPORT_SECONDS` (a report costs tens of milliseconds, the queue's
figures well under one); a snapshot recomputes every stale hall.
"""
from __future__ import annotations

import logging
import threading
import time

from flask import Blueprint, current_app, jsonify, redirect, render_template, request

from api.auth import PROVINCE_ROLES, current_principal
from hall.clock import business_date, iso
from hall.errors import Forbidden, NotFound, Unauthorized

from .scope import ENVIRON_KEY

log = logging.getLogger("luot")
bp = Blueprint("province", __name__, template_folder="templates")
PUSH_SECONDS = 2.0
REPORT_SECONDS = 30.0        # today's report figures of one hall: recomputed at most this often
# Events that change today's report figures (served, ratings); others leave them as they are.
REPORT_EVENTS = {"ticket_updated", "ticket_rated", "day_changed"}


class ProvinceOverview:
    """Every hall's live row (see the module docstring)."""

    def __init__(self, deployment):
        self.deployment = deployment
        # Today's report totals per hall (a report costs tens of ms; the queue reads ~0.2 ms):
        # hall -> (business date, totals, when computed (monotonic)); `_stale`: halls whose
        # served or ratings changed since.
        self._totals: dict[str, tuple] = {}
        self._stale: set[str] = set()
        self._lock = threading.Lock()

    def changed(self, hall_id: str, names) -> None:
        """A hall's events: today's report figures are stale if any of them can change them."""
        if REPORT_EVENTS.intersection(names):
            with self._lock:
                self._stale.add(hall_id)

    def _today_totals(self, runtime, now, patient: bool) -> tuple[dict, float | None]:
        """Today's report totals of a hall, and None; or, `patient` and while they were
        recomputed less than REPORT_SECONDS ago, the last ones and the seconds until they may
        be recomputed."""
        from store.reports import Period, period_report
        hall_id, today, clock = runtime.config.id, business_date(now), time.monotonic()
        with self._lock:
            cached, stale = self._totals.get(hall_id), hall_id in self._stale
        if cached and cached[0] == today:
            if not stale:
                return cached[1], None
            wait = REPORT_SECONDS - (clock - cached[2])
            if patient and wait > 0:
                return cached[1], wait
        with self._lock:
            self._stale.discard(hall_id)
        totals = period_report(runtime.engine, runtime.config, Period(today, today), now,
                               ("area",))["totals"]
        with self._lock:
            self._totals[hall_id] = (today, totals, clock)
        return totals, None

    def row(self, hall_id: str) -> dict:
        """One hall as the overview shows it, every figure up to date (the snapshot)."""
        return self.pushed_row(hall_id, patient=False)[0]

    def pushed_row(self, hall_id: str, patient: bool = True) -> tuple[dict, float | None]:
        """One hall's row for a push, and when to send it again (seconds) if its report
        figures wait (see REPORT_SECONDS)."""
        runtime = self.deployment.halls[hall_id]
        config, now = runtime.config, runtime.clock.now()
        areas, counters = runtime.queries.areas(), runtime.queries.counters()
        devices = runtime.device_health.entries()
        oldest = min((a["oldest_waiting_at"] for a in areas
                      if a["waiting"] and a["oldest_waiting_at"]), default=None)
        totals, again = self._today_totals(runtime, now, patient)
        base = f"/h/{hall_id}"
        return {
            "id": hall_id, "name": config.name, "short_name": config.short_name,
            "default": hall_id == self.deployment.default_id,
            "waiting": sum(a["waiting"] for a in areas),
            "oldest_waiting_at": oldest,
            "longest_wait_min": _minutes_since(oldest, now),
            "long_wait_minutes": config.long_wait_minutes,
            "counters_open": sum(1 for c in counters if c["status"] != "closed"),
            "counters_serving": sum(1 for c in counters if c["status"] == "serving"),
            "counters_total": len(counters),
            "device_faults": sum(1 for d in devices if d["status"] != "ok"),
            "devices_total": len(devices),
            "served_today": totals["served"], "ratings_today": totals["ratings"],
            "satisfaction": totals["satisfaction"] if totals["ratings"] else None,
            "links": {"manage": f"{base}/manage", "report": f"{base}/manage#report",
                      "display": f"{base}/display", "kiosk": f"{base}/kiosk",
                      "config": f"{base}/api/v1/config"},
            "updated_at": iso(now),
        }, again

    def snapshot(self) -> dict:
        """Every hall's row, in the order of the hall files."""
        halls = []
        for hall_id in self.deployment.halls:
            halls.append(self.row(hall_id))
            self.deployment.socketio.sleep(0)       # let calls and screens run meanwhile
        return {"now": iso(self.deployment.clock.now()), "halls": halls,
                "push_seconds": PUSH_SECONDS}


def install_province(app, deployment) -> ProvinceOverview:
    """The overview, its page and JSON, its live room, and the feed of every hall's changes."""
    from live.province import ProvincePush
    overview = ProvinceOverview(deployment)
    push = ProvincePush(deployment.socketio, overview.pushed_row, PUSH_SECONDS)
    for hall_id, runtime in deployment.halls.items():
        runtime.bus.subscribe(_HallChanged(overview, push, hall_id))
    deployment.hall_changed = push.changed          # device health news too
    app.extensions["province"] = overview
    app.register_blueprint(bp)
    return overview


class _HallChanged:
    """Bus subscriber: a command's events in one hall refresh that hall's row."""

    def __init__(self, overview, push, hall_id: str):
        self.overview, self.push, self.hall_id = overview, push, hall_id

    def handle_batch(self, events) -> None:
        self.overview.changed(self.hall_id, [name for name, _ in events])
        self.push.changed(self.hall_id)


def _minutes_since(moment: str | None, now) -> int | None:
    """Whole minutes from an ISO time to now, as the manager's page counts them."""
    if not moment:
        return None
    from datetime import datetime
    return max(0, int((now - datetime.fromisoformat(moment)).total_seconds() // 60))


def _at_root() -> None:
    """The province is the deployment's, not a hall's: 404 under /h/<hall>/."""
    if request.environ.get(ENVIRON_KEY):
        raise NotFound("Trang tổng quan tỉnh ở gốc của máy chủ: /province "
                       "(the province overview is at the root: /province)", code="not_found")


def _province() -> object:
    """The caller, who must hold the province role (401 / 403 otherwise)."""
    principal = current_principal()
    if principal is None:
        raise Unauthorized("Cần đăng nhập tài khoản cấp tỉnh (province sign-in required)",
                           code="unauthorized")
    if principal.role not in PROVINCE_ROLES:
        raise Forbidden("Chỉ tài khoản cấp tỉnh xem được mọi trung tâm "
                        "(province accounts only)", code="forbidden")
    return principal


@bp.get("/province")
def page():
    """The province overview: every hall live, sortable, with links into each hall."""
    _at_root()
    principal = current_principal()
    if principal is None:
        return redirect("/login?next=/province")
    if principal.role not in PROVINCE_ROLES:
        return render_template("province/refused.html", me=principal), 403
    return render_template("province/overview.html", me=principal, push_seconds=PUSH_SECONDS)


@bp.get("/api/v1/province")
def snapshot():
    """Every hall's row now (province accounts and tokens)."""
    _at_root()
    _province()
    return jsonify(current_app.extensions["province"].snapshot())
