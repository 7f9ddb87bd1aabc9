"""A device pairs itself: `POST /api/v1/pair {code, role, counter?}` turns a manager's
one-time pairing code into the device's token (store/pairing.py). No secret ever travels in
an address: the answer's body carries the token, which the device keeps."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from hall.errors import DomainError, InvalidInput
from store.auth import DEVICE_ROLES

bp = Blueprint("pairing", __name__)


@bp.post("/pair")
def pair():
    """Redeem a pairing code typed on a device's locked screen -> 201 {token, role, name,
    counters, max_per_minute}; 400 `invalid_pairing_code` (wrong, used, expired or worn out),
    409 `other_device` (the code is for another kind of device; it stays usable)."""
    import logging

    from store.pairing import PairingRefused, redeem

    from .inputs import parse_json
    data = parse_json(request.get_data(cache=True) or b"{}")
    if not isinstance(data, dict):
        raise InvalidInput("Dữ liệu phải là một đối tượng JSON (body must be a JSON object)",
                           code="invalid_json")
    role, counter = data.get("role"), data.get("counter")
    if role not in DEVICE_ROLES:
        raise InvalidInput("role phải là kiosk, display hoặc rating (role: kiosk, display, rating)",
                           code="invalid_field", field="role")
    if counter is not None and (isinstance(counter, bool) or not isinstance(counter, int)):
        raise InvalidInput("counter phải là số quầy (counter must be an integer)",
                           code="invalid_field", field="counter")
    luot = current_app.extensions["luot"]
    try:
        paired = redeem(luot.engine, luot.config.id, data.get("code"), luot.clock.now(), role,
                        counter)
    except PairingRefused as refused:
        if refused.reason == "other_device":
            raise DomainError("Mã ghép nối này dành cho thiết bị khác — kiểm tra lại với quản lý "
                           "(this pairing code is for another device)", code="other_device")
        raise InvalidInput("Mã ghép nối không đúng, đã dùng hoặc đã hết hạn — xin quản lý mã "
                           "mới (wrong, used or expired pairing code)", code="invalid_pairing_code")
    token = paired["token"]
    logging.getLogger(__name__).info("token %s (%s, %r) paired from %s", token["id"],
                                     token["role"], token["name"], request.remote_addr)
    return jsonify({"token": paired["secret"], **{k: token[k] for k in (
        "role", "name", "counters", "max_per_minute")}}), 201
