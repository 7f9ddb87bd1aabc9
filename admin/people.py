"""The manager signs a person out everywhere: `GET /manage/api/people` (who has live sessions),
`POST /manage/api/people/<id>/sign-out` (ends them all and releases their counters)."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify

from api.auth import MANAGING_ROLES, current_principal, require_role
from hall.errors import Forbidden, NotFound

bp = Blueprint("people", __name__, url_prefix="/manage/api/people")
log = logging.getLogger(__name__)


def _luot():
    return current_app.extensions["luot"]


@bp.get("")
@require_role("manager")
def listed():
    """The hall's people: role, how many live sessions, last seen (manager)."""
    from store.sessions import people
    luot = _luot()
    return jsonify(people(luot.engine, luot.config.id, luot.clock.now(), luot.accounts.idle))


@bp.post("/<int:user_id>/sign-out")
@require_role("manager")
def sign_out_everywhere(user_id: int):
    """End every session of a person and release the counters they hold (manager; a manager
    or admin only by an admin) -> {ended: n, released: [counters]}."""
    from store.auth import get_user
    from store.sessions import end_user_sessions
    luot, who = _luot(), current_principal()
    person = get_user(luot.engine, luot.config.id, user_id)
    if person is None:
        raise NotFound("Không có người dùng này (no such person)", code="unknown_user")
    if person.role in MANAGING_ROLES and who.role != "admin" and person.id != who.id:
        raise Forbidden("Chỉ quản trị viên đăng xuất được người quản lý (admins only)",
                        code="forbidden")
    ended = end_user_sessions(luot.engine, luot.config.id, user_id, luot.clock.now())
    released = luot.release_counters(user_id, who.label)
    log.info("%s signed %s (user %s) out everywhere: %d session(s), counters %s", who.label,
             person.name, user_id, ended, released)
    return jsonify({"ended": ended, "released": released})
