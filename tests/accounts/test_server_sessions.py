"""Sign-ins live on the server (issue 11, item 4): logout ends them (a copied cookie stops
working), signing in rotates the session and its CSRF secret, a password change or a manager
ends them everywhere, and an idle one expires."""
import re

import pytest

import sqlalchemy as sa

from store.sessions import set_password
from store.tables import login_sessions
from tests.api.test_sessions import add_people, login


@pytest.fixture
def people(luot):
    return add_people(luot)


def _cookie(client):
    return client.get_cookie("session").value


def _with_cookie(app, value):
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def test_a_copied_cookie_stops_working_after_logout(app, client, people):
    _, csrf = login(client, "hoa")
    copied = _cookie(client)
    assert _with_cookie(app, copied).get("/api/v1/whoami").status_code == 200
    client.post("/logout", data={"csrf_token": csrf})
    assert client.get("/api/v1/whoami").status_code == 401
    thief = _with_cookie(app, copied)
    assert thief.get("/api/v1/whoami").status_code == 401
    assert thief.get("/manage").status_code == 302        # back to the login page


def test_signing_in_rotates_the_session_and_the_csrf_secret(app, client, people):
    page = client.get("/login").get_data(as_text=True)
    before = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "lan", "password": "mat-khau-123", "csrf_token": before})
    refused = client.post("/api/v1/counters/1/sign-in", headers={"X-CSRFToken": before})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "csrf_failed"
    first = _cookie(client)
    _, after = login(client, "lan")                         # signing in again: a new session
    assert client.post("/api/v1/counters/1/sign-in", headers={"X-CSRFToken": after}).status_code == 200
    assert _with_cookie(app, first).get("/api/v1/whoami").status_code == 401


def test_only_a_hash_of_the_session_secret_is_stored(client, luot, people):
    login(client, "lan")
    with luot.engine.connect() as conn:
        rows = conn.execute(sa.select(login_sessions)).all()
    assert len(rows) == 1
    from flask.sessions import SecureCookieSessionInterface
    serializer = SecureCookieSessionInterface().get_signing_serializer(client.application)
    secret = serializer.loads(_cookie(client))["luot_sid"]
    assert secret not in repr(rows[0]) and len(rows[0].secret_hash) == 64


def test_an_idle_session_expires(client, fake_clock, people):
    login(client, "lan")
    fake_clock.advance(minutes=29)
    assert client.get("/api/v1/whoami").status_code == 200     # in use: kept alive
    fake_clock.advance(minutes=29)
    assert client.get("/api/v1/whoami").status_code == 200
    fake_clock.advance(minutes=31)
    assert client.get("/api/v1/whoami").status_code == 401


def test_a_password_change_ends_every_session(app, luot, people):
    first, second = app.test_client(), app.test_client()
    login(first, "lan")
    login(second, "lan")
    set_password(luot.engine, luot.config.id, "lan", "mat-khau-moi-456", luot.clock.now())
    assert first.get("/api/v1/whoami").status_code == 401
    assert second.get("/api/v1/whoami").status_code == 401
    response, _ = login(first, "lan", "mat-khau-moi-456")
    assert response.status_code == 302 and first.get("/api/v1/whoami").status_code == 200


def test_a_manager_signs_a_person_out_everywhere(app, luot, people):
    clerk, manager = app.test_client(), app.test_client()
    _, clerk_csrf = login(clerk, "lan")
    clerk.post("/api/v1/counters/1/sign-in", headers={"X-CSRFToken": clerk_csrf})
    _, csrf = login(manager, "hoa")
    listed = {p["username"]: p for p in manager.get("/manage/api/people").get_json()}
    assert listed["lan"]["sessions"] == 1 and listed["binh"]["sessions"] == 0
    ended = manager.post(f"/manage/api/people/{people['lan']}/sign-out",
                         headers={"X-CSRFToken": csrf})
    assert ended.status_code == 200 and ended.get_json()["ended"] == 1
    assert clerk.get("/api/v1/whoami").status_code == 401
    assert luot.queries.counter(1)["clerk"] is None            # the counter is released
    assert manager.post(f"/manage/api/people/{people['lan']}/sign-out").status_code == 403  # CSRF
    clerk_token = login(clerk, "lan")[1]
    refused = clerk.post(f"/manage/api/people/{people['hoa']}/sign-out",
                         headers={"X-CSRFToken": clerk_token})
    assert refused.status_code == 403


def test_a_bad_idle_time_stops_the_hall(tmp_path):
    from accounts.settings import parse_accounts
    from hall.errors import ConfigError
    assert parse_accounts({}).session_idle_minutes == 30
    assert parse_accounts({"accounts": {"session_idle_minutes": 60}}).session_idle_minutes == 60
    for bad in (0, 4, 721, "30", True):
        with pytest.raises(ConfigError):
            parse_accounts({"accounts": {"session_idle_minutes": bad}})


def test_an_open_console_keeps_its_session_in_use(app, luot, fake_clock, people):
    """The console's presence check every 20 s counts as use; a closed one idles out."""
    http = app.test_client()
    _, csrf = login(http, "lan")
    http.post("/api/v1/counters/1/sign-in", headers={"X-CSRFToken": csrf})
    socket = luot.socketio.test_client(app, flask_test_client=http)
    for _ in range(3):
        fake_clock.advance(minutes=20)
        assert socket.emit("counter_presence", {"counter": 1}, callback=True)["ok"] is True
    assert http.get("/api/v1/whoami").status_code == 200          # 60 min on, still in use
    socket.disconnect()
    fake_clock.advance(minutes=31)
    assert http.get("/api/v1/whoami").status_code == 401
