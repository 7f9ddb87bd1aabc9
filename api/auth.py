"""Who is calling: a bearer token (devices) or a signed-in user; role checks for writes."""
from __future__ import annotations

from functools import wraps

from flask import current_app, g, request

from hall.errors import Forbidden, Unauthorized
from store.auth import DEVICE_ROLES, Principal, find_token

COUNTER_ROLES = ("clerk",)
MANAGING_ROLES = ("manager", "admin")
PROVINCE_ROLES = ("province",)                   # every hall, read-only
STAFF_ROLES = COUNTER_ROLES + MANAGING_ROLES + PROVINCE_ROLES   # see every detail; others
                                                                # get public views
READS = ("GET", "HEAD", "OPTIONS")



def current_principal() -> Principal | None:
    """The principal of this request, from `Authorization: Bearer …` or the login session."""
    if "principal" in g:
        return g.principal
    principal = None
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        luot = current_app.extensions["luot"]
        secret = header[7:].strip()
        principal = find_token(luot.engine, luot.config.id, secret)
        if principal is None:
            _refuse_other_halls_token(luot.engine, secret)
            raise Unauthorized("Mã truy cập không hợp lệ hoặc đã bị thu hồi (unknown token)",
                               code="invalid_token")
    else:
        session_user = current_app.extensions["luot"].session_principal
        principal = session_user() if session_user else None
        if principal is not None and request.method not in ("GET", "HEAD", "OPTIONS"):
            _check_csrf()
    g.principal = principal
    return principal


def _refuse_other_halls_token(engine, secret: str) -> None:
    """A valid token of another hall of this deployment: 403, not 401 (it is known, and
    not allowed here)."""
    from store.auth import token_hall
    if token_hall(engine, secret) is not None:
        raise Forbidden("Mã truy cập thuộc trung tâm khác (this token belongs to another hall)",
                        code="wrong_hall")


def _check_csrf() -> None:
    """Writes made with a login session must carry the page's CSRF token (X-CSRFToken)."""
    from flask_wtf.csrf import CSRFError, validate_csrf
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except (CSRFError, Exception) as error:  # noqa: BLE001 - any failure is a refusal
        raise Forbidden("Phiên làm việc hết hạn — tải lại trang (missing or bad CSRF token)",
                        code="csrf_failed") from error


def _require_principal() -> Principal:
    principal = current_principal()
    if principal is None:
        signed_in_elsewhere = current_app.extensions["luot"].session_elsewhere
        if signed_in_elsewhere and signed_in_elsewhere():   # another hall of this deployment
            raise Forbidden("Tài khoản thuộc trung tâm khác (signed in at another hall)",
                            code="wrong_hall")
        raise Unauthorized("Cần mã truy cập hoặc đăng nhập (authentication required)",
                           code="unauthorized")
    return principal


def read_only_refusal() -> Forbidden:
    return Forbidden("Tài khoản cấp tỉnh chỉ được xem, không được thay đổi "
                     "(province accounts are read-only)", code="read_only")


def refuse_province_writes() -> None:
    """Before every request: a province account or token reads everything and writes nothing.
    (Signing out is no write; a request without valid credentials is left to its route.)"""
    if request.method in READS or request.blueprint == "accounts":
        return
    if not request.headers.get("Authorization") and not _signed_in():
        return
    try:
        principal = current_principal()
    except (Forbidden, Unauthorized):
        return
    if principal is not None and principal.role in PROVINCE_ROLES:
        raise read_only_refusal()


def _signed_in() -> bool:
    from flask import session
    return bool(session.get("_user_id"))


def _check_kind(principal: Principal) -> None:
    """A device role is a token's; a person signed in never holds one."""
    if principal.role in DEVICE_ROLES and principal.kind != "token":
        raise Forbidden(f"Vai trò '{principal.role}' chỉ dành cho thiết bị "
                        "(a device role needs the device's token)", code="forbidden")


def require_role(*roles: str):
    """Decorator: the caller must hold one of these roles (admin always may; a province
    account may read what managers read); a device role counts only from a device token."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            principal = _require_principal()
            _check_kind(principal)
            if principal.role in PROVINCE_ROLES:
                if request.method not in READS:
                    raise read_only_refusal()
                if "manager" in roles:
                    return view(*args, **kwargs)
            if principal.role not in roles and principal.role != "admin":
                raise Forbidden(f"Vai trò '{principal.role}' không được phép (role not allowed)",
                                code="forbidden")
            return view(*args, **kwargs)
        return wrapper
    return decorate


def require_person() -> Principal:
    """The signed-in person of this request (a login session); a device token is refused:
    signing in at a counter, out of it and one's own day are a person's (401 without a
    session, 403 `person_only` with a token)."""
    principal = current_principal()
    if principal is None:
        _require_principal()
    if principal.kind != "user":
        raise Forbidden("Chỉ người đã đăng nhập mới làm được việc này, không dùng mã thiết bị "
                        "(a signed-in person only, not a device token)", code="person_only")
    return principal


def check_counter_access(principal: Principal, counter: int, holder_id=None) -> None:
    """Managers act anywhere; a clerk token on its counters; a signed-in clerk where seated;
    a province account nowhere (it reads)."""
    _check_kind(principal)
    if principal.role in PROVINCE_ROLES:
        if request.method in READS:
            return
        raise read_only_refusal()
    if principal.role in MANAGING_ROLES:
        return
    if principal.role in COUNTER_ROLES:
        if principal.kind == "token" and counter in principal.counters:
            return
        if principal.kind == "user" and holder_id == principal.id:
            return
        if principal.kind == "user":
            raise Forbidden(f"Bạn chưa nhận quầy {counter} — hãy nhận quầy trước "
                            "(sign in at this counter first)", code="forbidden_counter")
    raise Forbidden(f"Không có quyền thao tác tại quầy {counter} (not your counter)",
                    code="forbidden_counter")


def counter_holder(counter: int):
    """The account id of the clerk signed in at a counter (None if nobody or no such counter)."""
    from hall.errors import NotFound
    try:
        return current_app.extensions["luot"].queries.counter(counter)["clerk_id"]
    except NotFound:
        return None


def require_counter(view):
    """Decorator for /counters/<n>/…: a clerk bound to n, or a manager."""
    @wraps(view)
    def wrapper(n, *args, **kwargs):
        principal = _require_principal()
        holder = counter_holder(n) if principal.kind == "user" else None
        check_counter_access(principal, n, holder)
        return view(n, *args, **kwargs)
    return wrapper
