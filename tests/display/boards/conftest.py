"""Helpers for the LED board tests: emulated boards on real ptys, quick timings, waiting."""
import time

import pytest

from display.boards.manager import LedBoards
from display.boards.settings import parse_settings
from display.boards.sim import PtySim, make_bank

FAST = {"ack_timeout_ms": 200, "retries": 2, "probe_interval_s": 0.3, "health_interval_s": 0,
        "reconnect_min_s": 0.05, "reconnect_max_s": 0.2}


def wait_until(predicate, timeout=3.0):
    """Poll `predicate` until true; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.005)


def bus(url, addresses, driver="luot", **options):
    """One [[boards.bus]] table; board N sits above counter N."""
    return {"url": url, "driver": driver, **options,
            "boards": [{"address": a, "counter": a} for a in addresses]}


def call(number, counter, recall=False):
    """A ticket_called payload."""
    return {"seq": 1, "at": "2026-11-28T08:15:03.120+07:00", "call_id": f"c-{number}-{recall}", "recall": recall,
            "ticket": {"id": "t", "number": number, "counter": counter, "status": "called"}, "counter": counter}


def counter_update(number, status, current=None):
    """A counter_updated payload."""
    ticket = {"id": "t", "number": current} if current else None
    return {"seq": 2, "counter": {"number": number, "status": status, "current": ticket, "pause_reason": None}}


class Harness:
    """Builds sims and managers and tears them all down."""

    def __init__(self):
        self.sims, self.managers, self.statuses = [], [], []

    def sim(self, addresses, driver="luot", dead=(), link=None, bank=None):
        sim = PtySim(bank or make_bank(driver, addresses, dead), link).start()
        self.sims.append(sim)
        return sim

    def boards(self, *buses, start=True, **section):
        config = {"boards": {"enabled": True, **FAST, **section, "bus": list(buses)}}
        manager = LedBoards(parse_settings(config), report=lambda s: self.statuses.append(
            (s.id, s.status, s.detail)))
        self.managers.append(manager)
        if start:
            manager.start()
        return manager

    def status_of(self, board):
        return [s for (b, s, _) in self.statuses if b == board]

    def close(self):
        for manager in self.managers:
            manager.stop()
        for sim in self.sims:
            sim.stop()


@pytest.fixture
def harness():
    h = Harness()
    yield h
    h.close()
