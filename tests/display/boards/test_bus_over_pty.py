"""Bus workers against emulated boards on real pseudo-terminals."""
import time

import pytest

from display.boards import luot_protocol as luot
from display.boards.sim import LuotBank, make_bank

from .conftest import bus, call, counter_update, wait_until

ADDRESSES = [1, 2, 3, 4, 5]


def shows(bank, expected):
    return lambda: {a: bank.faces[a].shown() for a in expected} == expected


@pytest.mark.parametrize("driver", ["luot", "modbus"])
def test_five_boards_on_one_bus_show_their_called_numbers_and_blink(harness, driver):
    sim = harness.sim(ADDRESSES, driver)
    boards = harness.boards(bus(sim.path, ADDRESSES, driver), brightness=5)
    for counter in ADDRESSES:
        boards.handle("ticket_called", call(f"A{counter:03d}", counter))
    wait_until(shows(sim.bank, {a: f"A{a:03d}" for a in ADDRESSES}))
    wait_until(lambda: all(f.blinks == 1 and f.brightness == 5 for f in sim.bank.faces.values()))
    assert {s.status for s in boards.health()} == {"ok"}
    assert all(harness.status_of(f"board-{a}") == ["ok"] for a in ADDRESSES)


def test_paused_closed_and_idle_counters_show_their_codes(harness):
    sim = harness.sim([1, 2, 3])
    boards = harness.boards(bus(sim.path, [1, 2, 3]))
    boards.handle("counter_updated", counter_update(1, "paused", "1001"))
    boards.handle("counter_updated", counter_update(2, "closed"))
    boards.handle("counter_updated", counter_update(3, "serving", "2003"))
    wait_until(shows(sim.bank, {1: "----", 2: "OFF", 3: "2003"}))
    boards.handle("counter_updated", counter_update(3, "idle"))
    wait_until(shows(sim.bank, {3: ""}))


def test_board_that_never_acks_is_marked_offline_and_barely_slows_the_others(harness):
    sim = harness.sim(ADDRESSES, dead=[3])
    boards = harness.boards(bus(sim.path, ADDRESSES))
    started = time.monotonic()
    for round_ in range(3):
        for counter in ADDRESSES:
            boards.handle("ticket_called", call(f"{round_}{counter:03d}", counter))
    wait_until(shows(sim.bank, {a: f"2{a:03d}" for a in [1, 2, 4, 5]}))
    assert time.monotonic() - started < 2.0
    wait_until(lambda: harness.status_of("board-3") == ["offline"])
    time.sleep(0.5)
    assert sim.bank.heard[3] <= 6  # one probe at start, then a probe every 0.3 s


def test_dead_board_that_answers_again_gets_its_number_back(harness):
    sim = harness.sim([1, 2], dead=[2])
    boards = harness.boards(bus(sim.path, [1, 2]))
    boards.handle("ticket_called", call("1042", 2))
    wait_until(lambda: harness.status_of("board-2") == ["offline"])
    sim.bank.toggle_dead(2)
    wait_until(shows(sim.bank, {2: "1042"}))
    assert harness.status_of("board-2") == ["offline", "ok"]


def test_unplugged_adapter_takes_all_boards_offline_and_replug_restores_their_numbers(harness, tmp_path):
    link = str(tmp_path / "ttyLED")
    sim = harness.sim([1, 2], link=link)
    boards = harness.boards(bus(link, [1, 2]))
    boards.handle("ticket_called", call("1001", 1))
    boards.handle("ticket_called", call("2002", 2))
    wait_until(shows(sim.bank, {1: "1001", 2: "2002"}))
    sim.stop()
    harness.sims.remove(sim)
    boards.handle("ticket_called", call("1003", 1))
    wait_until(lambda: [s.status for s in boards.health()] == ["offline", "offline"])
    replugged = harness.sim([1, 2], link=link)
    wait_until(shows(replugged.bank, {1: "1003", 2: "2002"}))
    assert harness.status_of("board-1")[-2:] == ["offline", "ok"]


def test_port_that_cannot_be_opened_yet_is_retried_with_backoff(harness, tmp_path):
    link = str(tmp_path / "ttyLATE")
    boards = harness.boards(bus(link, [1]))
    boards.handle("counter_updated", counter_update(1, "serving", "1007"))
    wait_until(lambda: harness.status_of("board-1") == ["offline"])
    sim = harness.sim([1], link=link)
    wait_until(shows(sim.bank, {1: "1007"}))


class NoisyBank(LuotBank):
    """Boards on a line that adds noise before every reply."""

    NOISE = b"\xff\x02\x00\x03\x02\x01\x53\x7f" + b"zz\x03"

    def feed(self, data):
        reply = super().feed(data)
        return self.NOISE + reply if reply else reply


def test_garbage_on_the_line_is_skipped(harness):
    sim = harness.sim([1, 2], bank=NoisyBank([1, 2]))
    sim.inject(b"\x02\x02\x02noise before anyone talks\x03")
    boards = harness.boards(bus(sim.path, [1, 2]))
    boards.handle("ticket_called", call("A123", 1))
    boards.handle("ticket_called", call("B456", 2))
    wait_until(shows(sim.bank, {1: "A123", 2: "B456"}))
    wait_until(lambda: sim.bank.faces[1].blinks == 1 and sim.bank.faces[2].blinks == 1)
    assert [s.status for s in boards.health()] == ["ok", "ok"]
    assert sim.bank.heard[1] == 3  # probe, show, blink: nothing had to be retried


def test_queued_updates_for_one_board_are_coalesced_but_every_blink_happens(harness):
    sim = harness.sim([1])
    boards = harness.boards(bus(sim.path, [1]), start=False)
    for number in ["1001", "1002", "1003"]:
        boards.handle("ticket_called", call(number, 1))
    boards.handle("counter_updated", counter_update(1, "serving", "1003"))
    boards.start()
    wait_until(lambda: sim.bank.faces[1].blinks == 3)
    assert sim.bank.faces[1].shown() == "1003"
    assert [cmd for _, cmd in sim.bank.history] == ["Q", "S", "B", "B", "B"]


def test_a_board_is_left_untouched_until_an_event_says_what_to_show(harness):
    sim = harness.sim([1])
    harness.boards(bus(sim.path, [1]))
    wait_until(lambda: harness.status_of("board-1") == ["ok"])
    time.sleep(0.1)
    assert [cmd for _, cmd in sim.bank.history] == ["Q"]


def test_a_recall_sends_the_number_again_then_blinks(harness):
    sim = harness.sim([1])
    boards = harness.boards(bus(sim.path, [1]))
    boards.handle("ticket_called", call("1023", 1))
    wait_until(lambda: sim.bank.faces[1].blinks == 1)
    sim.bank.power_cycle(1)                      # lost its number, and no ping noticed yet
    boards.handle("ticket_called", call("1023", 1, recall=True))
    wait_until(lambda: sim.bank.faces[1].blinks == 1 and sim.bank.faces[1].shown() == "1023")
    assert [cmd for _, cmd in sim.bank.history] == ["Q", "S", "B", "S", "B"]


@pytest.mark.parametrize("driver", ["luot", "modbus"])
def test_a_board_that_restarts_gets_its_number_back_at_the_next_health_ping(harness, driver):
    sim = harness.sim([1, 2], driver)
    boards = harness.boards(bus(sim.path, [1, 2], driver), health_interval_s=0.1, brightness=5)
    boards.handle("ticket_called", call("1023", 1))
    boards.handle("counter_updated", counter_update(2, "paused"))
    wait_until(shows(sim.bank, {1: "1023", 2: "----"}))
    sim.bank.power_cycle(1)
    assert sim.bank.faces[1].shown() == ""
    wait_until(shows(sim.bank, {1: "1023", 2: "----"}))
    assert sim.bank.faces[1].brightness == 5
    assert harness.status_of("board-1") == ["ok"]            # it never stopped answering


def test_a_board_that_did_not_restart_is_only_pinged(harness):
    sim = harness.sim([1])
    boards = harness.boards(bus(sim.path, [1]), health_interval_s=0.05)
    boards.handle("counter_updated", counter_update(1, "serving", "1023"))
    wait_until(lambda: sim.bank.history.count((1, "Q")) >= 4)
    assert [cmd for _, cmd in sim.bank.history if cmd != "Q"] == ["S"]


class RefusingBank(LuotBank):
    """A board whose firmware refuses SHOW."""

    def _show(self, face, data):
        return False


def test_a_board_that_naks_after_retries_is_reported_in_error(harness):
    sim = harness.sim([1], bank=RefusingBank([1]))
    harness.boards(bus(sim.path, [1]), probe_interval_s=30).handle("ticket_called", call("1001", 1))
    wait_until(lambda: "error" in harness.status_of("board-1"))
    detail = [d for (b, s, d) in harness.statuses if s == "error"][0]
    assert "NAK bad data" in detail
    assert sim.bank.heard[1] == 4  # probe + show sent three times (two retries)


def test_frames_written_to_the_line_are_exactly_the_drivers_frames(harness):
    sim = harness.sim([7])
    received = []
    original = sim.bank.feed
    sim.bank.feed = lambda data: (received.append(data), original(data))[1]
    harness.boards(bus(sim.path, [7])).handle("ticket_called", call("1023", 7))
    wait_until(lambda: sim.bank.faces[7].blinks == 1)
    driver = luot.LuotDriver()
    expected = driver.encode_ping(7) + driver.encode_show(7, "1023") + driver.encode_blink(7, 3)
    assert b"".join(received) == expected


def test_boards_are_reached_over_socket_urls(harness):
    from display.boards.sim import TcpSim
    tcp = TcpSim(make_bank("modbus", [1, 2])).start()
    try:
        boards = harness.boards(bus(tcp.url, [1, 2], "modbus"))
        boards.handle("ticket_called", call("2001", 2))
        wait_until(shows(tcp.bank, {2: "2001"}))
    finally:
        harness.close()
        tcp.stop()
