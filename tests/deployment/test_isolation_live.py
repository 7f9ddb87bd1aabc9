"""Isolation from the live entry points: Socket.IO rooms (hall staff rooms, the province room)
and keypads on each hall's own bus."""
import time

import pytest

from tests.deployment.conftest import HALLS
from tests.deployment.test_province import _bearer, _signed_in, _token


def _received(client, name, timeout=3.0):
    """Every `name` message the test client got within `timeout` (waits for the first)."""
    got, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        got += [m["args"][0] for m in client.get_received() if m["name"] == name]
        if got:
            time.sleep(0.1)
            got += [m["args"][0] for m in client.get_received() if m["name"] == name]
            return got
        time.sleep(0.02)
    return got


def test_the_province_room_gets_every_hall_then_each_halls_fresh_row(app, deployment):
    browser, _, _ = _signed_in(app, deployment, "tinh")
    watcher = deployment.socketio.test_client(app, flask_test_client=browser,
                                              auth={"watch": "province"})
    assert watcher.is_connected()
    snapshot = _received(watcher, "province_snapshot")[0]
    assert [h["id"] for h in snapshot["halls"]] == ["test-hall", "ward-2"]
    assert [h["waiting"] for h in snapshot["halls"]] == [0, 0]
    kiosk_b = _bearer(_token(deployment, "ward-2", "kiosk"))
    deployment.hall_changed.__self__.seconds = 1.0     # the throttle
    for _ in range(3):        # a burst: one row, computed after it
        browser.post("/h/ward-2/api/v1/tickets", json={"area": "ho-tich"}, headers=kiosk_b)
    rows = _received(watcher, "province_hall")
    assert [(r["id"], r["waiting"]) for r in rows] == [("ward-2", 3)]
    assert not [m for m in watcher.get_received() if m["name"] == "events"]   # rows, not frames
    watcher.disconnect()


def test_device_news_refreshes_the_halls_row(app, deployment):
    from devices.adapter import DeviceStatus
    province = _token(deployment, "*", "province")
    watcher = deployment.socketio.test_client(app, auth={"watch": "province", "token": province})
    assert watcher.is_connected()
    _received(watcher, "province_snapshot")
    deployment.halls["ward-2"].device_health.report(DeviceStatus("printer", "error", "paper"))
    rows = _received(watcher, "province_hall")
    assert [(r["id"], r["device_faults"]) for r in rows] == [("ward-2", 1)]


@pytest.mark.parametrize("who", ["nobody", "manager", "clerk", "kiosk", "admin"])
def test_the_province_room_refuses_everyone_else(app, deployment, who):
    auth = {"watch": "province"}
    if who != "nobody":
        auth["token"] = _token(deployment, "test-hall", who, [1] if who == "clerk" else [])
    watcher = deployment.socketio.test_client(app, auth=auth)
    assert not watcher.is_connected()
    kiosk_b = _bearer(_token(deployment, "ward-2", "kiosk"))
    app.test_client().post("/h/ward-2/api/v1/tickets", json={"area": "ho-tich"}, headers=kiosk_b)
    time.sleep(0.3)
    assert not watcher.is_connected()


def test_a_hall_manager_signed_in_cannot_join_the_province_room(app, deployment):
    browser, _, _ = _signed_in(app, deployment, "hoa", "test-hall", "manager")
    watcher = deployment.socketio.test_client(app, flask_test_client=browser,
                                              auth={"watch": "province"})
    assert not watcher.is_connected()


def test_staff_rooms_of_a_hall_refuse_another_halls_credentials(tmp_path):
    """Real server: hall A's manager token opens a socket at hall B and gets only the public
    view (B's staff room refuses it), and hears none of A's events there."""
    import socketio

    from hall.clock import Clock
    from store.auth import create_token
    from store.engine import make_engine
    from tests.support.live_server import LiveServer, api

    server = LiveServer(tmp_path / "server", extra_env={"LUOT_HALLS": str(HALLS)}).start()
    try:
        engine = make_engine(server.db_url)
        now = Clock().now()
        manager = {hall: create_token(engine, hall, "manager", "m", [], now)
                   for hall in ("test-hall", "ward-2")}
        kiosk = {hall: create_token(engine, hall, "kiosk", "k", [], now)
                 for hall in ("test-hall", "ward-2")}
        engine.dispose()
        seen = {}

        def watch(name, path, token):
            client = socketio.Client(reconnection=False)
            seen[name] = {"snapshot": None, "events": []}
            client.on("snapshot", lambda s: seen[name].__setitem__("snapshot", s))
            client.on("events", lambda frame: seen[name]["events"].extend(frame["events"]))
            client.connect(server.url, socketio_path=path, transports=["websocket"],
                           auth={"token": token})
            return client

        clients = [watch("a-at-b", "h/ward-2/socket.io", manager["test-hall"]),
                   watch("b-at-b", "h/ward-2/socket.io", manager["ward-2"]),
                   watch("a-at-a", "socket.io", manager["test-hall"])]
        assert api(server, "POST", "/h/ward-2/api/v1/tickets", kiosk["ward-2"],
                   {"area": "ho-tich"})[0] == 201
        assert api(server, "POST", "/api/v1/tickets", kiosk["test-hall"],
                   {"area": "dat-dai"})[0] == 201
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not all(s["events"] for s in seen.values()):
            time.sleep(0.05)
        time.sleep(0.2)
        staff_counter = seen["b-at-b"]["snapshot"]["counters"][0]
        public_counter = seen["a-at-b"]["snapshot"]["counters"][0]
        assert "clerk_id" in staff_counter and "clerk_id" not in public_counter

        def issued(name):
            return [p["ticket"] for n, p in seen[name]["events"] if n == "ticket_issued"]
        assert [t["number"] for t in issued("b-at-b")] == ["7001"]
        assert "id" in issued("b-at-b")[0]                    # staff: the ticket's id
        assert [t.get("id") for t in issued("a-at-b")] == [None]   # public: no id
        assert [t["number"] for t in issued("a-at-a")] == ["1001"]
        for client in clients:
            client.disconnect()
    finally:
        server.stop()


KEYPADS = """
[keypads]
enabled = true

[[keypads.bus]]
url = "loop://"
keypads = [{address = 1, counter = 1}]
"""


def test_a_keypad_on_one_halls_bus_acts_only_in_that_hall(tmp_path, fake_clock):
    """Both halls have a keypad at counter 1 on their own bus; only ward-2 has a clerk there."""
    from server import Settings, create_app
    from store.auth import create_user
    folder = tmp_path / "halls"
    folder.mkdir()
    for source in sorted(HALLS.glob("*.toml")):
        (folder / source.name).write_text(source.read_text(encoding="utf-8") + KEYPADS,
                                          encoding="utf-8")
    app = create_app(Settings(instance_path=tmp_path / "instance", async_mode="threading",
                              halls_dir=folder, testing=True, start_devices=True,
                              fake_devices=True, clock=fake_clock))
    deployment = app.extensions["deployment"]
    a, b = deployment.halls["test-hall"], deployment.halls["ward-2"]
    for runtime in (a, b):
        runtime.start_devices()
    clerk = create_user(deployment.engine, "ward-2", "an", "mat-khau-123", "Trần An", "clerk",
                        [], fake_clock.now())
    b.service.sign_in(1, clerk, "Trần An")
    b.service.issue_ticket("ho-tich", None)
    a.service.issue_ticket("dat-dai", None)
    a_before = a.queries.snapshot()

    result = b.devices.keypads.press(1, "N")
    assert result.ok
    assert b.queries.counter(1)["current"]["number"] == "7001"
    assert a.queries.counter(1)["current"] is None
    assert sum(area["waiting"] for area in a.queries.areas()) == 1

    refused = a.devices.keypads.press(1, "N")      # nobody is seated at hall A's counter 1
    assert not refused.ok
    assert a.queries.snapshot()["seq"] == a_before["seq"]
    heard_by_a = [p for _, p in a.devices.keypads.events]
    assert not any("7001" in repr(payload) for payload in heard_by_a)
    for runtime in (a, b):
        runtime.stop_devices()


def test_todays_report_figures_follow_at_their_own_pace(app, deployment, monkeypatch):
    """Served and satisfaction come from today's report, recomputed at most every
    REPORT_SECONDS per hall: a row pushed sooner keeps the last ones, and a fresher row
    follows by itself."""
    import deployment.province as province
    monkeypatch.setattr(province, "REPORT_SECONDS", 2.0)
    token = _token(deployment, "*", "province")
    watcher = deployment.socketio.test_client(app, auth={"watch": "province", "token": token})
    first = _received(watcher, "province_snapshot")[0]["halls"][1]
    assert first["served_today"] == 0
    client = app.test_client()
    kiosk_b = _bearer(_token(deployment, "ward-2", "kiosk"))
    manager_b = _bearer(_token(deployment, "ward-2", "manager"))
    client.post("/h/ward-2/api/v1/tickets", json={"area": "ho-tich"}, headers=kiosk_b)
    client.post("/h/ward-2/api/v1/counters/1/next", headers=manager_b)
    client.post("/h/ward-2/api/v1/counters/1/done", headers=manager_b)
    rows = _received(watcher, "province_hall", timeout=3.0)
    while rows[-1]["served_today"] == 0 and len(rows) < 5:
        rows += _received(watcher, "province_hall", timeout=3.0)
    assert rows[0]["served_today"] == 0          # sent at once, with the last report figures
    assert rows[-1]["served_today"] == 1         # then the fresh ones, unasked


def test_a_province_person_keeps_no_counter_staffed(app, deployment):
    browser, _, _ = _signed_in(app, deployment, "tinh")
    socket = deployment.socketio.test_client(app, flask_test_client=browser)
    assert socket.is_connected()
    ack = socket.emit("counter_presence", {"counter": 1}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "read_only"
