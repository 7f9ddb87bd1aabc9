"""/api/v1: parse, hand a command to the hall service, return its result."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from hall.errors import InvalidInput

from .auth import current_principal, require_counter, require_role
from .openapi import openapi_spec

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_STRING = 200


def _luot():
    return current_app.extensions["luot"]


def _body(required: bool = False) -> dict:
    """The request's JSON object; an empty body counts as {} unless a body is required."""
    if not request.get_data(cache=True):
        if required:
            raise InvalidInput("Cần gửi dữ liệu JSON (a JSON body is required)", code="invalid_json")
        return {}
    data = request.get_json(silent=True, force=True)
    if not isinstance(data, dict):
        raise InvalidInput("Dữ liệu phải là một đối tượng JSON (body must be a JSON object)",
                           code="invalid_json")
    return data


def _field(data: dict, name: str, required: bool = True):
    value = data.get(name)
    if value is None:
        if required:
            raise InvalidInput(f"Thiếu trường '{name}' (missing field)", code="missing_field",
                               field=name)
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"Trường '{name}' phải là chuỗi (must be a string)", code="invalid_field",
                           field=name)
    if len(value) > MAX_STRING:
        raise InvalidInput(f"Trường '{name}' quá dài (too long)", code="invalid_field", field=name)
    return value


def _actor() -> str | None:
    principal = current_principal()
    return principal.label if principal else None


@bp.get("/openapi.json")
def openapi():
    """The API described as OpenAPI 3."""
    return jsonify(openapi_spec())


@bp.get("/state")
def state():
    """The hall snapshot (also sent to every Socket.IO watcher on connect)."""
    return jsonify(_luot().service.snapshot())


@bp.get("/areas")
def areas():
    """Service areas with waiting counts, availability and estimated wait."""
    return jsonify(_luot().service.snapshot(recent=0)["areas"])


@bp.get("/counters")
def counters():
    """Counters with their state and current ticket."""
    return jsonify(_luot().service.snapshot(recent=0)["counters"])


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
    ticket = _luot().service.issue_ticket(area, data.get("priority"), actor=_actor())
    return jsonify(ticket), 201


@bp.get("/tickets/<ticket_id>")
def get_ticket(ticket_id: str):
    """A ticket by its unguessable id: status and people ahead (public)."""
    return jsonify(_luot().service.ticket(ticket_id))


def _counter_action(n: int, action: str, data: dict):
    service, actor = _luot().service, _actor()
    actions = {
        "next": lambda: service.call_next(n, actor=actor),
        "recall": lambda: service.recall(n, actor=actor),
        "done": lambda: service.done(n, actor=actor),
        "no-show": lambda: service.no_show(n, actor=actor),
        "pause": lambda: service.pause(n, _field(data, "reason"), actor=actor),
        "resume": lambda: service.resume(n, actor=actor),
        "open": lambda: service.open_counter(n, actor=actor),
        "close": lambda: service.close_counter(n, actor=actor),
        "transfer": lambda: service.transfer(n, _field(data, "area"), actor=actor),
        "call": lambda: service.call_ticket(n, _field(data, "ticket"), actor=actor),
        "dossier": lambda: service.attach_dossier(n, _field(data, "code"), actor=actor),
    }
    return actions[action]()


COUNTER_ACTIONS = ("next", "recall", "done", "no-show", "pause", "resume", "open", "close",
                   "transfer", "call", "dossier")


@bp.get("/counters/<int:n>")
def get_counter(n: int):
    """One counter's state."""
    return jsonify(_luot().service.counter(n))


@bp.post("/counters/<int:n>/<action>")
@require_counter
def counter_action(n: int, action: str):
    """A clerk (bound to counter n) or a manager acts at a counter."""
    if action not in COUNTER_ACTIONS:
        raise InvalidInput(f"Không có thao tác '{action[:30]}' (unknown action)",
                           code="unknown_action")
    if n not in {c.number for c in _luot().config.counters}:
        from hall.errors import NotFound
        raise NotFound(f"Không có quầy số {n} (unknown counter)", code="unknown_counter")
    return jsonify(_counter_action(n, action, _body()))


@bp.get("/events")
@require_role("manager")
def events_log():
    """The audit log: events after `after` (seq), at most `limit` (manager)."""
    try:
        after = int(request.args.get("after", 0))
        limit = min(max(int(request.args.get("limit", 100)), 1), 1000)
    except ValueError:
        raise InvalidInput("after và limit phải là số nguyên (must be integers)",
                           code="invalid_query") from None
    return jsonify(_luot().audit(after, limit))


@bp.get("/devices")
@require_role("manager")
def devices():
    """Health of every device: printer, boards, keypads, announcer (manager)."""
    return jsonify(_luot().devices.status())


@bp.get("/health")
def health():
    """Liveness: the server answers and the database is reachable."""
    _luot().service.snapshot(recent=0)
    return jsonify({"status": "ok"})
