"""Login and logout pages; Flask-Login sessions with CSRF protection (Flask-WTF).

A sign-in is a server-side session (store/sessions.py): the signed cookie carries its random
secret and the hall, the database only the secret's hash. Signing in makes a new session and
a new CSRF secret; logout ends the session on the server, so a copy of the cookie stops
working; an idle session expires (`[accounts] session_idle_minutes`)."""
from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from store.auth import PROVINCE, Principal, check_user, get_user
from store.sessions import end_session, session_user, start_session

from .throttle import LoginThrottle

bp = Blueprint("accounts", __name__, template_folder="templates")
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
SESSION_SECRET, SESSION_HALL = "luot_sid", "luot_hall"     # keys in the signed cookie


class User(UserMixin):
    """The Flask-Login view of a Principal."""

    def __init__(self, principal: Principal):
        self.principal = principal

    def get_id(self) -> str:
        return str(self.principal.id)


@login_manager.user_loader
def _load_user(user_id: str):
    luot = current_app.extensions["luot"]
    hall = session.get(SESSION_HALL)          # a province person's session is every hall's
    if hall not in (luot.config.id, PROVINCE):
        return None
    found = session_user(luot.engine, hall, session.get(SESSION_SECRET), luot.clock.now(),
                         luot.accounts.idle)
    if found is None or str(found) != user_id:
        return None
    principal = get_user(luot.engine, luot.config.id, found)
    if principal is None or (hall == PROVINCE) != (principal.role == "province"):
        return None
    return User(principal)


def session_principal() -> Principal | None:
    """The signed-in person, if any (the API checks CSRF for their writes)."""
    return current_user.principal if current_user.is_authenticated else None


def session_elsewhere() -> bool:
    """Whether this browser is signed in at another hall of the deployment."""
    hall = session.get(SESSION_HALL)
    return bool(hall) and hall not in (current_app.extensions["luot"].config.id, PROVINCE)


def init_accounts(app) -> None:
    """Install login sessions and CSRF protection (API calls with a bearer token are exempt)."""
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    csrf.init_app(app)
    login_manager.init_app(app)
    luot = app.extensions["luot"]
    app.extensions["login_throttle"] = LoginThrottle(luot.engine, luot.config.id, luot.clock)
    app.register_blueprint(bp)

    @app.before_request
    def _csrf_for_forms():
        if request.method == "POST" and request.blueprint == "accounts":
            csrf.protect()


def _safe_next(target: str | None, principal: Principal) -> str:
    """Back where the person was going (same site only), else their usual page."""
    if target and urlparse(target).netloc == "" and target.startswith("/") \
            and not target.startswith("//"):
        return target
    if principal.role == "province":
        return "/province"               # the deployment's overview, outside any hall
    if principal.role in ("manager", "admin"):
        return url_for("admin.manage")
    return url_for("counter.choose")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with a username and password."""
    error, status = None, 200
    if request.method == "POST":
        luot = current_app.extensions["luot"]
        username = (request.form.get("username") or "").strip()[:60]
        password = (request.form.get("password") or "")[:200]
        throttle = current_app.extensions["login_throttle"]
        keys = (username, request.remote_addr or "unknown")
        wait = throttle.wait_seconds(*keys)
        if wait:
            error, status = (f"Đăng nhập sai quá nhiều lần — vui lòng thử lại sau {wait} giây.",
                             429)
        else:
            principal = check_user(luot.engine, luot.config.id, username, password)
            if principal is not None:
                throttle.succeeded(*keys)
                _begin_session(luot, principal)
                return redirect(_safe_next(request.args.get("next"), principal))
            throttle.failed(*keys)
            error, status = "Tên đăng nhập hoặc mật khẩu không đúng.", 401
    hall = current_app.extensions["luot"].config
    return render_template("accounts/login.html", error=error, hall=hall), status


def _begin_session(luot, principal: Principal) -> None:
    """A fresh session: the old cookie's contents (its CSRF secret too) are dropped, and a new
    server-side session is made."""
    _end_this_session(luot)
    session.clear()
    g.pop("csrf_token", None)
    hall = PROVINCE if principal.role == "province" else luot.config.id
    secret = start_session(luot.engine, hall, principal.id, luot.clock.now())
    login_user(User(principal))
    session[SESSION_SECRET], session[SESSION_HALL] = secret, hall


def _end_this_session(luot) -> None:
    hall = session.get(SESSION_HALL)
    if hall in (luot.config.id, PROVINCE):
        end_session(luot.engine, hall, session.get(SESSION_SECRET), luot.clock.now())


@bp.post("/logout")
def logout():
    """Sign out (the counter is released)."""
    principal = session_principal()
    if principal is not None:
        luot = current_app.extensions["luot"]
        for counter in luot.queries.counters():
            if counter["clerk_id"] == principal.id:
                luot.service.sign_out(counter["number"], principal.id, actor=principal.label)
    _end_this_session(current_app.extensions["luot"])
    logout_user()
    session.clear()
    return redirect(url_for("accounts.login"))
