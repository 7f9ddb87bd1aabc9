"""Live events against a real server process, with python-socketio clients."""
import threading
import time

import pytest
import socketio

from tests.support.live_server import LiveServer, api


class Watcher:
    """A python-socketio client that records what it receives."""

    def __init__(self, url, auth=None):
        self.client = socketio.Client(reconnection=False)
        self.received = []
        self.frames = 0
        self.snapshots = []
        self.lock = threading.Condition()
        self.client.on("snapshot", self._on_snapshot)
        self.client.on("events", self._on_frame)
        self.client.connect(url, transports=["websocket"], wait_timeout=10, auth=auth)

    def _on_snapshot(self, data):
        with self.lock:
            self.received.append(("snapshot", data))
            self.snapshots.append(data)
            self.lock.notify_all()

    def _on_frame(self, frame):
        with self.lock:
            self.frames += 1
            self.received.extend((name, data) for name, data in frame["events"])
            self.lock.notify_all()

    def wait_for(self, predicate, timeout=10):
        with self.lock:
            assert self.lock.wait_for(lambda: predicate(self.received), timeout), self.received[-5:]

    def events(self, name=None):
        return [d for n, d in self.received if n != "snapshot" and (name is None or n == name)]

    def close(self):
        self.client.disconnect()


@pytest.fixture
def watchers(live_server):
    made = []

    def make():
        watcher = Watcher(live_server.url)
        made.append(watcher)
        return watcher
    yield make
    for watcher in made:
        watcher.close()


def test_snapshot_first_then_one_ticket_called_per_call_with_gapless_seq(live_server, watchers):
    kiosk, clerk = live_server.token("kiosk"), live_server.token("clerk", 1, 2)
    clients = [watchers() for _ in range(3)]
    for client in clients:
        client.wait_for(lambda r: r and r[0][0] == "snapshot")
    start_seq = clients[0].snapshots[0]["seq"]
    for _ in range(3):
        api(live_server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})
    api(live_server, "POST", "/api/v1/counters/1/next", clerk)
    api(live_server, "POST", "/api/v1/counters/2/next", clerk)
    api(live_server, "POST", "/api/v1/counters/1/recall", clerk)
    final_seq = api(live_server, "GET", "/api/v1/state")[1]["seq"]
    for client in clients:
        client.wait_for(lambda r: r[-1][0] != "snapshot" and r[-1][1]["seq"] == final_seq)
        assert client.received[0][0] == "snapshot"
        seqs = [e["seq"] for e in client.events()]
        assert seqs == list(range(start_seq + 1, final_seq + 1))
        calls = client.events("ticket_called")
        assert [(c["counter"]["number"], c["ticket"]["number"], c["recall"]) for c in calls] == [
            (1, "1001", False), (2, "1002", False), (1, "1001", True)]
        assert len({c["call_id"] for c in calls}) == 3


def test_two_calls_in_the_same_instant_are_two_events(live_server, watchers):
    kiosk, manager = live_server.token("kiosk"), live_server.token("manager")
    for _ in range(2):
        api(live_server, "POST", "/api/v1/tickets", kiosk, {"area": "tu-phap"})
    watcher = watchers()
    watcher.wait_for(lambda r: r and r[0][0] == "snapshot")
    threads = [threading.Thread(target=api, args=(live_server, "POST", f"/api/v1/counters/{n}/next", manager))
               for n in (2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    watcher.wait_for(lambda r: len([1 for n, _ in r if n == "ticket_called"]) == 2)
    calls = watcher.events("ticket_called")
    assert {c["ticket"]["number"] for c in calls} == {"2001", "2002"}
    assert {c["counter"]["number"] for c in calls} == {2, 3}


def test_resync_answers_with_a_fresh_snapshot(live_server, watchers):
    kiosk = live_server.token("kiosk")
    watcher = watchers()
    watcher.wait_for(lambda r: r and r[0][0] == "snapshot")
    api(live_server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})
    watcher.wait_for(lambda r: len(r) >= 3)
    watcher.client.emit("resync")
    watcher.wait_for(lambda r: len([1 for n, _ in r if n == "snapshot"]) == 2)
    fresh = watcher.snapshots[-1]
    assert fresh["seq"] == 2
    assert {a["id"]: a["waiting"] for a in fresh["areas"]}["dat-dai"] == 1


def test_a_watcher_needs_no_login_and_cannot_act(live_server, watchers):
    watcher = watchers()
    watcher.wait_for(lambda r: r and r[0][0] == "snapshot")
    assert watcher.snapshots[0]["hall"]["name"].startswith("Trung tâm")


def test_two_processes_sharing_redis_deliver_each_others_events(tmp_path, redis_url):
    db = f"sqlite:///{tmp_path / 'shared.db'}"
    first = LiveServer(tmp_path / "a", db_url=db, message_queue=redis_url).start()
    second = LiveServer(tmp_path / "b", db_url=db, message_queue=redis_url).start()
    try:
        on_first, on_second = Watcher(first.url), Watcher(second.url)
        for watcher in (on_first, on_second):
            watcher.wait_for(lambda r: r and r[0][0] == "snapshot")
        kiosk, manager = first.token("kiosk"), first.token("manager")
        api(first, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})      # via process A
        api(second, "POST", "/api/v1/counters/1/next", manager)                 # via process B
        final = api(first, "GET", "/api/v1/state")[1]["seq"]
        for watcher in (on_first, on_second):
            # each process broadcasts its own events: across processes they may interleave
            # (a client that sees a gap resyncs), but every watcher gets every event
            watcher.wait_for(lambda r: {d["seq"] for n, d in r if n != "snapshot"}
                             == set(range(1, final + 1)))
            assert len(watcher.events("ticket_called")) == 1
            assert len(watcher.events("ticket_issued")) == 1
        on_first.close()
        on_second.close()
    finally:
        first.stop()
        second.stop()


@pytest.mark.parametrize("mode", ["threading", "gevent"])
def test_the_other_async_modes_serve_the_same_contract(tmp_path, mode):
    server = LiveServer(tmp_path, async_mode=mode).start()
    try:
        watcher = Watcher(server.url)
        watcher.wait_for(lambda r: r and r[0][0] == "snapshot")
        kiosk, manager = server.token("kiosk"), server.token("manager")
        assert api(server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})[0] == 201
        assert api(server, "POST", "/api/v1/counters/1/next", manager)[1]["current"]["number"] == "1001"
        watcher.wait_for(lambda r: any(n == "ticket_called" for n, _ in r))
        watcher.close()
    finally:
        server.stop()
