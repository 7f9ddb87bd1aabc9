"""Clerks may act over Socket.IO with the same rules as the HTTP API."""
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
    http.post("/api/v1/counters/1/sign-in", headers={"X-CSRFToken": csrf})
    socket = luot.socketio.test_client(app, flask_test_client=http)
    yield socket
    socket.disconnect()


def test_a_seated_clerk_calls_next_over_the_socket(seated_client, client, tokens):
    client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"])
    answer = seated_client.emit("counter_action", {"counter": 1, "action": "next"}, callback=True)
    assert answer["ok"] and answer["counter"]["current"]["number"] == "1001"


def test_the_clerk_of_counter_1_cannot_act_on_counter_2_over_the_socket(seated_client, client, tokens):
    client.post("/api/v1/tickets", json={"area": "tu-phap"}, headers=tokens["kiosk"])
    answer = seated_client.emit("counter_action", {"counter": 2, "action": "next"}, callback=True)
    assert answer == {"ok": False, "status": 403, "error": {
        "code": "forbidden_counter", "message": answer["error"]["message"]}}
    assert client.get("/api/v1/counters/2").get_json()["current"] is None


def test_an_anonymous_watcher_cannot_act(app, luot):
    socket = luot.socketio.test_client(app)
    answer = socket.emit("counter_action", {"counter": 1, "action": "next"}, callback=True)
    assert answer["ok"] is False and answer["status"] == 401
    socket.disconnect()


@pytest.mark.parametrize("data", [None, [], {"counter": "1", "action": "next"},
                                  {"counter": True, "action": "next"}])
def test_malformed_socket_actions_are_refused(seated_client, data):
    answer = seated_client.emit("counter_action", data, callback=True)
    assert answer["ok"] is False and answer["status"] == 400
