"""The manager lifts sign-in locks: `GET /manage/api/login-locks`, `POST …/unlock {username}`."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request

from api.auth import current_principal, require_role
from hall.errors import InvalidInput

bp = Blueprint("login_locks", __name__, url_prefix="/manage/api/login-locks")
log = logging.getLogger(__name__)
MAX_USERNAME = 60


def _throttle():
    return current_app.extensions["login_throttle"]


@bp.get("")
@require_role("manager")
def listed():
    """The (name, address) pairs locked now, with the seconds left (manager)."""
    return jsonify(_throttle().locks())


@bp.post("/unlock")
@require_role("manager")
def unlock():
    """Lift every lock on a name, from any address (manager): {username} -> {unlocked: n}."""
    data = request.get_json(force=True, silent=True)
    username = data.get("username") if isinstance(data, dict) else None
    if not isinstance(username, str) or not username.strip() or len(username) > MAX_USERNAME:
        raise InvalidInput("Nhập tên đăng nhập cần mở khóa (username: 1–60 characters)",
                           code="invalid_field", field="username")
    unlocked = _throttle().unlock(username)
    log.info("sign-in locks on %r lifted by %s (%d)", username, current_principal().label, unlocked)
    return jsonify({"unlocked": unlocked})
