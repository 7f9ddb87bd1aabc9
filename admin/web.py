"""The manager's dashboard (/manage) and the few manager-only JSON routes it needs.

Everything else the page shows comes from the public API (/api/v1/…) and the live socket;
writes made from the page carry the session's CSRF token in `X-CSRFToken`.
"""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_login import login_required

from accounts.web import session_principal
from api.auth import MANAGING_ROLES, PROVINCE_ROLES, current_principal, require_role
from hall.clock import business_date
from hall.commands import COMMANDS
from hall.errors import Forbidden, InvalidInput, NotFound

bp = Blueprint("admin", __name__, template_folder="templates")
log = logging.getLogger(__name__)

API = "/manage/api"   # private to the dashboard: not part of the public /api/v1
ENROLLABLE_ROLES = {"kiosk": "Ki-ốt cấp số", "display": "Màn hình",
                    "rating": "Màn hình đánh giá tại quầy"}
MAX_NAME = 120
MAX_NUMBER = 16
# The commands a counter's row offers, by the counter's state: the page's design. The domain
# allows more (closing a closed counter changes nothing), and a button shows only while the
# counter's `actions` allow its command too.
ROW_COMMANDS = {"closed": ("open",), "idle": ("pause", "close"), "paused": ("resume", "close"),
                "serving": ("done",)}
ROW_PRIMARY = {"open", "resume"}     # drawn as the row's main button


def _luot():
    return current_app.extensions["luot"]


@bp.get("/manage")
@login_required
def manage():
    """The dashboard (managers and admins); a clerk gets a friendly refusal page."""
    luot, me = _luot(), session_principal()
    read_only = me.role in PROVINCE_ROLES     # sees every view; every write is refused (403)
    if me.role not in MANAGING_ROLES and not read_only:
        return render_template("admin/forbidden.html", hall=luot.config, me=me), 403
    today = business_date(luot.clock.now()).isoformat()
    from store.auth import KIOSK_PER_MINUTE
    return render_template("admin/manage.html", hall=luot.config, me=me, today=today,
                           read_only=read_only,
                           page_config=page_config(luot.config, today, read_only),
                           kiosk_per_minute=KIOSK_PER_MINUTE)


def page_config(config, today: str, read_only: bool = False) -> dict:
    """What the dashboard's script needs from the server (the thresholds, the commands;
    `read_only`: no command buttons)."""
    return {"today": today, "long_wait_minutes": config.long_wait_minutes,
            "read_only": read_only,
            "row_commands": {status: [{**COMMANDS[name].public(), "primary": name in ROW_PRIMARY}
                                      for name in names]
                             for status, names in ROW_COMMANDS.items()}}


@bp.get(f"{API}/tickets")
@require_role("manager")
def find_tickets():
    """Today's tickets showing a number (`?number=1023`), oldest first (manager)."""
    from store.lookup import ticket_ids_by_number
    number = (request.args.get("number") or "").strip()
    if not number or len(number) > MAX_NUMBER:
        raise InvalidInput("Nhập số thứ tự cần tìm (type a ticket number)", code="invalid_query")
    luot = _luot()
    day = business_date(luot.clock.now())
    ids = ticket_ids_by_number(luot.engine, luot.config.id, day, number)
    return jsonify([luot.queries.ticket(ticket_id) for ticket_id in ids])


@bp.get(f"{API}/tokens")
@require_role("manager")
def tokens():
    """Every access token of the hall: name, role, created, revoked — never a secret (manager)."""
    from store.auth import list_tokens
    luot = _luot()
    return jsonify(list_tokens(luot.engine, luot.config.id))


def _token(token_id: int) -> dict:
    """One of the hall's tokens as listed (404 if it is not this hall's)."""
    from store.auth import list_tokens
    luot = _luot()
    for token in list_tokens(luot.engine, luot.config.id):
        if token["id"] == token_id:
            return token
    raise NotFound("Không có mã truy cập này (no such token)", code="unknown_token")


def _token_request() -> tuple[str, str, tuple[int, ...], int | None]:
    """{role, name, counter (rating), max_per_minute (kiosk; default the kiosk rate)}."""
    data = request.get_json(silent=True, force=True)
    if not isinstance(data, dict):
        raise InvalidInput("Dữ liệu phải là một đối tượng JSON (body must be a JSON object)",
                           code="invalid_json")
    role, name = data.get("role"), data.get("name")
    if role not in ENROLLABLE_ROLES:
        raise InvalidInput("Chỉ tạo được mã cho ki-ốt, màn hình hoặc màn hình đánh giá "
                           "(role must be kiosk, display or rating)", code="invalid_field", field="role")
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > MAX_NAME:
        raise InvalidInput("Đặt tên cho thiết bị, tối đa 120 ký tự (name: 1–120 characters)",
                           code="invalid_field", field="name")
    return (role, " ".join(name.split()), _token_counters(role, data.get("counter")),
            _token_rate(role, data.get("max_per_minute")))


def _token_rate(role: str, rate) -> int | None:
    """A kiosk's ticket rate (None: the default; 0: no limit); other devices have none."""
    from store.auth import MAX_PER_MINUTE, rate_for
    if rate is None or role != "kiosk":
        return None
    try:
        return rate_for(role, rate)
    except ValueError:
        raise InvalidInput(f"Số phiếu mỗi phút: số nguyên từ 0 đến {MAX_PER_MINUTE} "
                           f"(max_per_minute: 0–{MAX_PER_MINUTE})", code="invalid_field",
                           field="max_per_minute") from None


def _token_counters(role: str, counter) -> tuple[int, ...]:
    """A rating screen faces one counter (`counter`, a number the hall has); others none."""
    if role != "rating":
        return ()
    from hall.config import known_counter
    return (known_counter(_luot().config, counter).number,)


@bp.post(f"{API}/tokens")
@require_role("manager")
def create_kiosk_token():
    """Mint a kiosk, display or rating-screen token {role, name, counter (rating),
    max_per_minute (kiosk)}: 201 with the secret, shown this once (for staff who type it on
    the device; the page pairs devices with one-time codes instead)."""
    from store.auth import create_token, find_token
    role, name, counters, rate = _token_request()
    luot, who = _luot(), current_principal()
    secret = create_token(luot.engine, luot.config.id, role, name, counters, luot.clock.now(),
                          rate)
    token = _token(find_token(luot.engine, luot.config.id, secret).id)
    log.info("token %s (%s, %r) created by %s", token["id"], role, name, who.label)
    return jsonify({"token": token, "secret": secret}), 201


@bp.post(f"{API}/pairing-codes")
@require_role("manager")
def create_pairing_code():
    """A one-time pairing code for a kiosk, display or rating screen {role, name, counter
    (rating), max_per_minute (kiosk)}: 201 with the 8-digit code (shown this once, valid for
    minutes); staff type it on the device's locked screen, which then receives its token."""
    from store.pairing import make_code
    role, name, counters, rate = _token_request()
    luot, who = _luot(), current_principal()
    made = make_code(luot.engine, luot.config.id, role, name, counters, rate, who.label,
                     luot.clock.now())
    log.info("pairing code %s (%s, %r) made by %s", made["id"], role, name, who.label)
    return jsonify(made), 201


@bp.get(f"{API}/pairing-codes")
@require_role("manager")
def pairing_codes():
    """Codes still waiting for their device (never the code itself) (manager)."""
    from store.pairing import pending
    luot = _luot()
    return jsonify(pending(luot.engine, luot.config.id, luot.clock.now()))


@bp.post(f"{API}/tokens/<int:token_id>/revoke")
@require_role("manager")
def revoke(token_id: int):
    """Revoke a token at once (manager; manager and admin tokens only by an admin)."""
    from store.auth import revoke_token
    luot, who = _luot(), current_principal()
    token = _token(token_id)
    if token["role"] in MANAGING_ROLES and who.role != "admin":
        raise Forbidden("Chỉ quản trị viên thu hồi được mã quản lý (admins only)", code="forbidden")
    if token["revoked_at"] is None:
        revoke_token(luot.engine, token_id, luot.clock.now())
        log.info("token %s (%s, %r) revoked by %s", token_id, token["role"], token["name"], who.label)
    return jsonify(_token(token_id))
