import threading
import time

import pytest

from counter.keypad import Keypads, parse_keypads
from devices.adapter import ActionResult
from counter.keypad.sim import PtyKeypadSim

WAIT = 5.0


def wait_for(predicate, timeout=WAIT):
    """Poll `predicate` until true or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    raise AssertionError(f"condition not met within {timeout} s")


class Recorder:
    """on_action / report fake: records calls, answers with `result`."""

    def __init__(self):
        self.actions = []
        self.statuses = []
        self.result = ActionResult(True)
        self.lock = threading.Lock()

    def on_action(self, action):
        with self.lock:
            self.actions.append(action)
        return self.result

    def report(self, status):
        with self.lock:
            self.statuses.append((status.id, status.status))

    def last_status(self, device):
        with self.lock:
            found = [s for d, s in self.statuses if d == device]
        return found[-1] if found else None


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def make_sim(tmp_path):
    sims = []

    def make(addresses, name="ttyKEYPAD"):
        sim = PtyKeypadSim(addresses, link=str(tmp_path / name))
        sim.plug()
        sims.append(sim)
        return sim
    yield make
    for sim in sims:
        sim.close()


@pytest.fixture
def make_keypads(recorder):
    started = []

    def make(sim, mapping, **options):
        section = {"poll_interval_ms": 10, "reply_timeout_ms": 60, "offline_after_missed": 3,
                   "offline_poll_ms": 100,
                   "bus": [{"url": sim.url, "baudrate": 9600,
                            "keypads": [dict(zip(("address", "counter", "kind"), entry))
                                        for entry in mapping]}]}
        section.update(options)
        keypads = Keypads(parse_keypads({"keypads": section}), recorder.on_action,
                          recorder.report)
        keypads.start()
        started.append(keypads)
        return keypads
    yield make
    for keypads in started:
        keypads.stop()
