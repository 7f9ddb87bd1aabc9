"""Who is calling: a bearer token (devices) or a signed-in user; role checks for writes."""
from __future__ import annotations

from functools import wraps

from flask import current_app, g, request

from hall.errors import Forbidden, Unauthorized
from store.auth import Principal, find_token

COUNTER_ROLES = ("clerk",)
MANAGING_ROLES = ("manager", "admin")


def current_principal() -> Principal | None:
    """The principal of this request, from `Authorization: Bearer …` or the login session."""
    if "principal" in g:
        return g.principal
    principal = None
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        luot = current_app.extensions["luot"]
        principal = find_token(luot.engine, luot.config.id, header[7:].strip())
        if principal is None:
            raise Unauthorized("Mã truy cập không hợp lệ hoặc đã bị thu hồi (unknown token)",
                               code="invalid_token")
    else:
        session_user = current_app.extensions["luot"].session_principal
        principal = session_user() if session_user else None
    g.principal = principal
    return principal


def _require_principal() -> Principal:
    principal = current_principal()
    if principal is None:
        raise Unauthorized("Cần mã truy cập hoặc đăng nhập (authentication required)",
                           code="unauthorized")
    return principal


def require_role(*roles: str):
    """Decorator: the caller must hold one of these roles (admin always may)."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            principal = _require_principal()
            if principal.role not in roles and principal.role != "admin":
                raise Forbidden(f"Vai trò '{principal.role}' không được phép (role not allowed)",
                                code="forbidden")
            return view(*args, **kwargs)
        return wrapper
    return decorate


def check_counter_access(principal: Principal, counter: int) -> None:
    """Clerks act only on the counters their token or account is bound to."""
    if principal.role in MANAGING_ROLES:
        return
    if principal.role in COUNTER_ROLES and counter in principal.counters:
        return
    raise Forbidden(f"Không có quyền thao tác tại quầy {counter} (not your counter)",
                    code="forbidden_counter")


def require_counter(view):
    """Decorator for /counters/<n>/…: a clerk bound to n, or a manager."""
    @wraps(view)
    def wrapper(n, *args, **kwargs):
        check_counter_access(_require_principal(), n)
        return view(n, *args, **kwargs)
    return wrapper
