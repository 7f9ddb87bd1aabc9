"""LedBoards as a hall-event subscriber: never blocks, one bus never delays another."""
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from display.boards.driver import Blink, Display
from display.boards.fake import FakeLedBoards
from display.boards.manager import LedBoards
from display.boards.settings import parse_settings

from .conftest import bus, call, counter_update, wait_until

ROOT = Path(__file__).resolve().parents[3]


def test_handle_returns_at_once_and_a_dead_bus_does_not_delay_another_bus(harness, tmp_path):
    dead = harness.sim([1], dead=[1])
    alive = harness.sim([2])
    boards = harness.boards(bus(dead.path, [1], ack_timeout_ms=300), bus(alive.path, [2]),
                            bus(str(tmp_path / "missing"), [3]))
    started = time.monotonic()
    for n in range(20):
        boards.handle("ticket_called", call(f"{n:04d}", 1))
        boards.handle("ticket_called", call(f"{n:04d}", 3))
    boards.handle("ticket_called", call("2002", 2))
    assert time.monotonic() - started < 0.5
    wait_until(lambda: alive.bank.faces[2].shown() == "2002", timeout=1.0)


def test_health_lists_every_board_and_a_silent_one_names_its_address_and_bus(harness):
    sim = harness.sim([4, 5], dead=[5])
    boards = harness.boards(bus(sim.path, [4, 5]), start=False)
    assert [(s.id, s.status) for s in boards.health()] == [("board-4", "unknown"),
                                                            ("board-5", "unknown")]
    boards.start()
    wait_until(lambda: [s.status for s in boards.health()] == ["ok", "offline"])
    assert boards.health()[1].detail == \
        f"Bảng LED quầy 5 không phản hồi (địa chỉ 5, {sim.path})"


def test_events_for_counters_without_a_board_and_malformed_events_are_ignored(harness):
    sim = harness.sim([1])
    boards = harness.boards(bus(sim.path, [1]))
    boards.handle("ticket_called", call("1001", 9))
    boards.handle("counter_updated", {"counter": "nonsense"})
    boards.handle("ticket_called", {})
    boards.handle("counter_updated", counter_update(1, "paused"))
    wait_until(lambda: sim.bank.faces[1].shown() == "----")


def test_stop_returns_quickly_while_a_port_keeps_failing(tmp_path):
    config = {"boards": {"enabled": True, "bus": [bus(str(tmp_path / "nope"), [1])]}}
    boards = LedBoards(parse_settings(config))
    boards.start()
    time.sleep(0.1)
    started = time.monotonic()
    boards.stop()
    assert time.monotonic() - started < 1.0


def test_disabled_boards_accept_events_and_report_nothing():
    boards = LedBoards(parse_settings({"boards": {"enabled": False}}))
    boards.start()
    boards.handle("ticket_called", call("1001", 1))
    assert boards.health() == []
    boards.stop()


def test_the_fake_records_what_each_board_would_show_with_the_same_interface():
    statuses = []
    fake = FakeLedBoards(counters=[1, 2], report=lambda s: statuses.append((s.id, s.status)))
    fake.start()
    fake.handle("ticket_called", call("A012", 2))
    fake.handle("counter_updated", counter_update(1, "closed"))
    fake.handle("ticket_called", call("9999", 7))
    assert fake.shown == {2: Display("text", "A012"), 1: Display("closed")}
    assert fake.blinks == [(2, Blink(3))]
    assert statuses == [("board-1", "ok"), ("board-2", "ok")]
    assert [s.status for s in fake.health()] == ["ok", "ok"]


EVENTLET_SCRIPT = textwrap.dedent("""
    import eventlet
    eventlet.monkey_patch()
    import time
    from display.boards.manager import LedBoards
    from display.boards.settings import parse_settings
    from display.boards.sim import PtySim, make_bank

    alive = PtySim(make_bank("luot", [1, 2, 3, 4, 5], dead=[3])).start()
    config = {"boards": {"enabled": True, "bus": [
        {"url": alive.path, "boards": [{"address": a, "counter": a} for a in [1, 2, 3, 4, 5]]},
        {"url": "/nonexistent/ttyUSB9", "boards": [{"address": 1, "counter": 6}]}]}}
    boards = LedBoards(parse_settings(config), spawn=lambda fn: eventlet.spawn(fn))
    boards.start()
    started = time.monotonic()
    for n in range(1, 7):
        boards.handle("ticket_called", {"call_id": str(n), "recall": False, "counter": n,
                                        "ticket": {"number": "%04d" % n, "counter": n}})
    handled = time.monotonic() - started
    while time.monotonic() - started < 3:
        if all(alive.bank.faces[a].shown() == "%04d" % a for a in [1, 2, 4, 5]):
            break
        eventlet.sleep(0.01)
    shown = time.monotonic() - started
    print(round(handled, 3), round(shown, 3), sorted(s.status for s in boards.health()))
    boards.stop()
    alive.stop()
""")


def test_boards_update_under_eventlet_monkey_patching_while_a_board_and_a_port_are_dead():
    result = subprocess.run([sys.executable, "-c", EVENTLET_SCRIPT], cwd=ROOT, capture_output=True,
                            text=True, timeout=20)
    assert result.returncode == 0, result.stderr
    handled, shown, statuses = result.stdout.split(" ", 2)
    assert float(handled) < 0.2 and float(shown) < 2.0
    assert statuses.strip() == "['offline', 'offline', 'ok', 'ok', 'ok', 'ok']"
