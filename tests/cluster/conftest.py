"""Cluster mode as `make cluster` runs it (deploy/cluster/luot_cluster.py): a throwaway
PostgreSQL, Redis, four Lượt processes and nginx, all on free ports in a temporary folder,
serving the two halls of tests/data/halls. One stack for the folder's tests (they run in
file order; the fault tests leave it whole again)."""
from __future__ import annotations

import threading

import pytest
import socketio

from tests.support.live_server import TEST_HALLS as HALLS, load_cluster_launcher


@pytest.fixture(scope="package")
def stack():
    launcher = load_cluster_launcher()
    cluster = launcher.Stack(processes=4, halls=HALLS,   # its own temporary folder
                             env={"LUOT_FAKE_DEVICES": "1", "LUOT_TICK_SECONDS": "1"})
    cluster.start(timeout=90)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="package")
def engine(stack):
    from store.engine import make_engine
    engine = make_engine(stack.pg.url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="package")
def tokens(stack, engine):
    """Bearer tokens per hall and role, minted in the cluster's database (the kiosk's without a
    ticket rate limit: a test kiosk issues all along)."""
    from datetime import datetime, timezone

    from store.auth import create_token
    now = datetime.now(timezone.utc)
    return {(hall, role): create_token(engine, hall, role, f"{role} {hall}", [], now,
                                       max_per_minute=0 if role == "kiosk" else None)
            for hall in ("test-hall", "ward-2") for role in ("kiosk", "manager", "display")}


class Screen:
    """A python-socketio watcher of one hall, recording snapshots and events."""

    def __init__(self, base_url: str, hall: str | None = None, reconnection: bool = False,
                 token: str | None = None):
        self.client = socketio.Client(reconnection=reconnection, reconnection_delay=0.2,
                                      reconnection_delay_max=0.5, randomization_factor=0)
        self.snapshots, self.events, self.disconnects, self.released = [], [], 0, 0
        self.cond = threading.Condition()
        self.client.on("snapshot", self._snapshot)
        self.client.on("events", self._frame)
        self.client.on("disconnect", self._gone)
        self.client.on("audio_released", self._released)
        path = f"h/{hall}/socket.io" if hall else "socket.io"
        self.client.connect(base_url, transports=["websocket"], socketio_path=path,
                            wait_timeout=10, auth={"token": token} if token else None)

    def _snapshot(self, data):
        with self.cond:
            self.snapshots.append(data)
            self.cond.notify_all()

    def _frame(self, frame):
        with self.cond:
            self.events.extend(frame["events"])
            self.cond.notify_all()

    def _gone(self, *_):
        with self.cond:
            self.disconnects += 1
            self.cond.notify_all()

    def _released(self, *_):
        with self.cond:
            self.released += 1
            self.cond.notify_all()

    def claim_audio(self) -> bool:
        return bool(self.client.call("claim_audio", {}, timeout=10)["player"])

    def wait(self, predicate, timeout=10.0) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: predicate(self), timeout)

    def calls(self) -> list[dict]:
        with self.cond:
            return [payload for name, payload in self.events if name == "ticket_called"]

    def close(self):
        self.client.disconnect()
