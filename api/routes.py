"""/api/v1: parse, hand a command to the hall service, return its result."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from hall.commands import COUNTER_COMMANDS, dispatch
from hall.public import holder_ticket, public_counter, public_snapshot
from hall.errors import InvalidInput

from .auth import STAFF_ROLES, current_principal, require_counter, require_person, require_role
from .inputs import INT64_MAX, int_arg, parse_json
from .pairing import bp as pairing_bp
from .ratings import bp as ratings_bp
from .province import bp as province_bp
from .reports import bp as reports_bp

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.register_blueprint(ratings_bp)         # /ratings, /tickets/<id>/rating, /me/ratings
bp.register_blueprint(reports_bp)         # /reports…, /public/figures (api/reports.py)
bp.register_blueprint(province_bp)        # /province/branch… (branches forwarding), /province/branches
bp.register_blueprint(pairing_bp)         # /pair: a device's one-time code -> its token
MAX_EVENTS = 1000


def _luot():
    return current_app.extensions["luot"]


def _announcer():
    """The wired announcer, or None."""
    devices = _luot().devices
    return devices.announcer if devices else None


def _body(required: bool = False) -> dict:
    """The request's JSON object; an empty body counts as {} unless a body is required."""
    raw = request.get_data(cache=True)
    if not raw:
        if required:
            raise InvalidInput("Cần gửi dữ liệu JSON (a JSON body is required)", code="invalid_json")
        return {}
    data = parse_json(raw)
    if not isinstance(data, dict):
        raise InvalidInput("Dữ liệu phải là một đối tượng JSON (body must be a JSON object)",
                           code="invalid_json")
    return data


def _actor() -> str | None:
    principal = current_principal()
    return principal.label if principal else None


@bp.get("/openapi.json")
def openapi():
    """The API described as OpenAPI 3, with this hall's areas, priorities and counters."""
    from .openapi import openapi_spec
    return jsonify(openapi_spec(_luot().config, request.script_root))


def _staff() -> bool:
    """Whether the caller may see every detail (clerks, managers, admins)."""
    principal = current_principal()
    return principal is not None and principal.role in STAFF_ROLES


@bp.get("/state")
def state():
    """The hall snapshot (also sent to every Socket.IO watcher on connect); public screens
    get what they show, staff every detail."""
    luot = _luot()
    snapshot = luot.queries.snapshot()
    return jsonify(snapshot if _staff() else public_snapshot(luot.config, snapshot))


@bp.get("/areas")
def areas():
    """Service areas with waiting counts, availability and estimated wait."""
    return jsonify(_luot().queries.areas())


@bp.get("/counters")
def counters():
    """Counters with their state and current ticket (public view unless staff)."""
    luot = _luot()
    found = luot.queries.counters()
    return jsonify(found if _staff() else [public_counter(luot.config, c) for c in found])


@bp.get("/priorities")
def priorities():
    """The configured priority categories."""
    config = _luot().config
    return jsonify([{"id": c.id, "label": c.label, "label_en": c.label_en, "icon": c.icon}
                    for c in config.categories])


@bp.post("/tickets")
@require_role("kiosk", "manager")
def issue_ticket():
    """A kiosk issues a ticket: {area, priority?} -> 201 ticket."""
    data = _body(required=True)
    area = data.get("area")
    if area is None:
        raise InvalidInput("Thiếu trường 'area' (missing field)", code="missing_field", field="area")
    luot = _luot()
    _within_rate(luot, current_principal())
    ticket = luot.service.issue_ticket(area, data.get("priority"), actor=_actor())
    return jsonify(ticket if _staff() else holder_ticket(luot.config, ticket)), 201


def _within_rate(luot, principal) -> None:
    """A kiosk token issues at most its `max_per_minute` (429 `rate_limited` beyond)."""
    from hall.errors import TooManyRequests
    from store.rates import take_ticket_slot
    if principal.kind != "token" or principal.max_per_minute <= 0:
        return
    wait = take_ticket_slot(luot.engine, principal.id, principal.max_per_minute, luot.clock.now())
    if wait:
        seconds = int(wait)
        raise TooManyRequests(f"Ki-ốt đang cấp số quá nhanh — vui lòng chờ {seconds} giây rồi "
                              f"lấy số lại (this kiosk issues tickets too fast: wait {seconds} s)",
                              retry_after_seconds=seconds)


@bp.get("/tickets/<ticket_id>")
def get_ticket(ticket_id: str):
    """A ticket by its unguessable id: status and people ahead (its holder's view; staff see
    the whole record)."""
    luot = _luot()
    ticket = luot.queries.ticket(ticket_id)
    return jsonify(ticket if _staff() else holder_ticket(luot.config, ticket))


@bp.get("/counters/<int:n>")
def get_counter(n: int):
    """One counter's state (public view unless staff)."""
    luot = _luot()
    found = luot.queries.counter(n)
    return jsonify(found if _staff() else public_counter(luot.config, found))


# Only the documented actions route here: POST /counters/<n>/no-shows is a 405 (GET only) and
# an unknown action a 404, as for any path the API does not have.
_ACTIONS = ", ".join(f'"{c.name}"' for c in COUNTER_COMMANDS)


@bp.post(f"/counters/<int:n>/<any({_ACTIONS}):action>")
@require_counter
def counter_action(n: int, action: str):
    """A clerk (bound to counter n) or a manager acts at a counter."""
    return jsonify(dispatch(_luot().service, n, action, _body(), _actor()))


@bp.get("/counters/<int:n>/no-shows")
@require_counter
def no_shows(n: int):
    """No-shows of the counter's areas still within the call-back window (its clerk, managers)."""
    return jsonify(_luot().queries.no_shows(n))


@bp.get("/whoami")
def whoami():
    """Who the token or session belongs to (a kiosk checks its token when enrolled)."""
    from hall.errors import Unauthorized
    principal = current_principal()
    if principal is None:
        raise Unauthorized("Cần mã truy cập hoặc đăng nhập (authentication required)",
                           code="unauthorized")
    return jsonify({"kind": principal.kind, "name": principal.name, "role": principal.role,
                    "counters": list(principal.counters)})


@bp.get("/me/today")
def my_day():
    """The signed-in clerk's day: tickets served, no-shows, average service time (a login
    session only)."""
    from store.reports import clerk_day
    principal = require_person()
    luot = _luot()
    return jsonify(clerk_day(luot.engine, luot.config.id, principal, luot.clock.now()))


@bp.post("/counters/<int:n>/sign-in")
def sign_in(n: int):
    """A signed-in clerk takes counter n (refused while another clerk holds it; a login
    session only)."""
    from hall.errors import Forbidden
    principal = require_person()
    if principal.role == "clerk" and principal.counters and n not in principal.counters:
        raise Forbidden(f"Tài khoản không được nhận quầy {n} (not allowed at this counter)",
                        code="forbidden_counter")
    return jsonify(_luot().service.sign_in(n, principal.id, principal.name, actor=principal.label))


@bp.post("/counters/<int:n>/sign-out")
def sign_out(n: int):
    """The clerk leaves counter n; a signed-in manager may release anyone (a login session
    only: a device token's id is not a person's)."""
    principal = require_person()
    holder = None if principal.role in ("manager", "admin") else principal.id
    return jsonify(_luot().service.sign_out(n, holder, actor=principal.label))


@bp.get("/events")
@require_role("manager")
def events_log():
    """The audit log: events after `after` (seq), at most `limit` (manager)."""
    after = int_arg("after", 0, 0, INT64_MAX)
    limit = int_arg("limit", 100, 1, MAX_EVENTS)
    return jsonify(_luot().audit(after, limit))


@bp.get("/devices")
@require_role("manager")
def devices():
    """Health of every device: printer, boards, keypads, announcer (manager)."""
    return jsonify(_luot().device_health.entries())


@bp.get("/config")
@require_role("manager")
def hall_config():
    """The hall's configuration as the server read it from its hall file: areas, numbering,
    counters, sessions, priorities, thresholds, the rating scale (manager; province reads every
    hall's). Devices are in /devices; people and tokens are never here."""
    import dataclasses
    import json
    luot = _luot()
    body = json.loads(json.dumps(dataclasses.asdict(luot.config), default=str))
    return jsonify({"hall": body, "source": luot.source.name})


@bp.get("/tickets/<ticket_id>/ticket.png")
def ticket_png(ticket_id: str):
    """The printed ticket as the printer receives it (public: the id is unguessable)."""
    import io

    from kiosk.printer import render_ticket_png
    luot = _luot()
    ticket = luot.queries.ticket(ticket_id)
    image = render_ticket_png(luot.ticket_content(ticket), luot.device_config.printer.width_px)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return current_app.response_class(buffer.getvalue(), mimetype="image/png")


@bp.post("/tickets/<ticket_id>/reprint")
@require_role("manager")
def reprint(ticket_id: str):
    """Queue the ticket for printing again (manager): recorded as `ticket_reprint`, printed
    by the hall's printer in whichever process drives it."""
    luot = _luot()
    if not luot.device_config.printer.enabled:
        from hall.errors import CounterUnavailable
        luot.queries.ticket(ticket_id)              # an unknown ticket: 404 before that
        raise CounterUnavailable("Chưa cấu hình máy in (no printer configured)", code="no_printer")
    ticket = luot.service.reprint(ticket_id, actor=_actor())     # unknown: 404
    return jsonify({"queued": True, "ticket": ticket}), 202


@bp.get("/announcements")
def announcements():
    """The latest announcements: id, text, call id, time, status — from this process's
    announcer when it plays the voice, else as the playing process last shared them."""
    announcer = _announcer()
    if announcer is None:
        return jsonify([])
    return jsonify(announcer.recent() if announcer.running else _luot().announcement_log.load())


@bp.get("/announcements/<announcement_id>.wav")
def announcement_wav(announcement_id: str):
    """Exactly what the hall heard (or will hear) for one announcement."""
    from hall.errors import NotFound
    announcer = _announcer()
    wav = announcer.get_wav(announcement_id) if announcer and len(announcement_id) < 80 else None
    if wav is None:
        raise NotFound("Không có thông báo này (no such announcement)", code="unknown_announcement")
    return current_app.response_class(wav, mimetype="audio/wav")


@bp.post("/announcements/test")
@require_role("manager")
def test_announcement():
    """Play a test announcement for a counter (manager): {counter}."""
    from hall.errors import NotFound
    luot = _luot()
    counter = _body().get("counter", luot.config.counters[0].number)
    if isinstance(counter, bool) or not isinstance(counter, int):
        raise InvalidInput("counter phải là số quầy (counter must be an integer)", code="invalid_field")
    if counter not in {c.number for c in luot.config.counters}:
        raise NotFound(f"Không có quầy số {counter} (unknown counter)", code="unknown_counter")
    if luot.device_config.announce is None:
        from hall.errors import CounterUnavailable
        raise CounterUnavailable("Chưa bật loa thông báo (announcer not enabled)", code="no_announcer")
    return jsonify({"id": luot.service.test_speaker(counter, actor=_actor())}), 202


@bp.get("/health")
def health():
    """Liveness: the server answers and the database is reachable."""
    _luot().queries.last_seq()
    return jsonify({"status": "ok"})
