"""A clerk's open console keeps the counter staffed over Socket.IO; only they can."""
import re

import pytest

from store.auth import create_user


@pytest.fixture
def seated_client(app, luot, tokens):
    """A browser session of Nguyễn Thị Lan, seated at counter 1, with a socket connected."""
    create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan", "clerk", [],
                luot.clock.now())
    http = app.test_client()
    page = http.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    http.post("/login", data={"username": "lan", "password": "mat-khau-123", "csrf_token": csrf})
    page = http.get("/login").get_data(as_text=True)       # signing in made a new CSRF secret
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    http.post("/api/v1/counters/1/sign-in", headers={"X-CSRFToken": csrf})
    socket = luot.socketio.test_client(app, flask_test_client=http)
    yield socket
    socket.disconnect()


@pytest.mark.parametrize("data", [None, [], {"counter": "1"}, {"counter": True}])
def test_malformed_presence_is_refused(seated_client, data):
    answer = seated_client.emit("counter_presence", data, callback=True)
    assert answer["ok"] is False and answer["status"] == 400


def test_the_seated_clerks_console_keeps_the_counter_staffed(seated_client, luot, client):
    luot.clock.advance(minutes=3)
    luot.hall.days.check_presence()
    assert client.get("/api/v1/counters/1").get_json()["shown_as"] == "away"
    answer = seated_client.emit("counter_presence", {"counter": 1}, callback=True)
    assert answer == {"ok": True, "seated": True}
    assert client.get("/api/v1/counters/1").get_json()["shown_as"] == "idle"


def test_presence_for_a_counter_one_does_not_hold_says_not_seated(seated_client):
    assert seated_client.emit("counter_presence", {"counter": 2}, callback=True) == {
        "ok": True, "seated": False}


def test_an_anonymous_socket_cannot_claim_presence(app, luot):
    socket = luot.socketio.test_client(app)
    answer = socket.emit("counter_presence", {"counter": 1}, callback=True)
    assert answer["ok"] is False and answer["status"] == 401
    socket.disconnect()
