import time

import pytest

from counter.keypad import KeyAction, Keypads, parse_keypads
from counter.keypad import protocol as p
from devices.adapter import ActionResult

from .conftest import wait_for

COUNTER_2 = {"number": 2, "name": "Quầy 2", "areas": ["dat-dai"], "status": "serving",
             "pause_reason": None, "clerk": "Nguyễn Thị Lan",
             "current": {"id": "x", "number": "1023", "area": "dat-dai"}}


def online(sim, address):
    keypad = sim.keypad(address)
    wait_for(lambda: keypad.display is not None)
    return keypad


def test_each_key_reaches_on_action_over_a_pty(make_sim, make_keypads, recorder):
    sim = make_sim([1])
    make_keypads(sim, [(1, 2)])
    online(sim, 1)
    for key in "nrxdp":
        sim.press(1, key.upper().replace("P", "S"))
    for key in ["C", "1", "0", "2", "3", "\r", "T", "2", "\r", "P", "G"]:
        sim.press(1, key)
    wait_for(lambda: len(recorder.actions) == 9)
    assert recorder.actions == [
        KeyAction(2, "next"), KeyAction(2, "recall"), KeyAction(2, "no-show"),
        KeyAction(2, "done"), KeyAction(2, "pause"), KeyAction(2, "call", "1023"),
        KeyAction(2, "transfer", "2"), KeyAction(2, "pause"), KeyAction(2, "resume")]


def test_five_keypads_on_one_bus_are_all_polled(make_sim, make_keypads, recorder):
    sim = make_sim([1, 2, 3, 4, 5])
    keypads = make_keypads(sim, [(a, a) for a in range(1, 6)])
    for address in range(1, 6):
        online(sim, address)
        sim.press(address, "N")
    wait_for(lambda: len(recorder.actions) == 5)
    assert sorted(a.counter for a in recorder.actions) == [1, 2, 3, 4, 5]
    assert {s.id: s.status for s in keypads.health()} == \
        {f"keypad-{a}": "ok" for a in range(1, 6)}


def test_a_retransmitted_key_event_runs_once(make_sim, make_keypads, recorder):
    sim = make_sim([1])
    make_keypads(sim, [(1, 1)])
    keypad = online(sim, 1)
    keypad.lose_acks = 2
    sim.press(1, "N")
    wait_for(lambda: not keypad.queue)
    polls = keypad.polls
    wait_for(lambda: keypad.polls > polls + 3)
    assert recorder.actions == [KeyAction(1, "next")]


def test_counter_update_rewrites_that_keypads_screen(make_sim, make_keypads):
    sim = make_sim([1, 2])
    keypads = make_keypads(sim, [(1, 1), (2, 2)])
    online(sim, 1)
    online(sim, 2)
    keypads.handle("counter_updated", {"seq": 1, "at": "", "counter": COUNTER_2})
    keypads.handle("queue_updated", {"seq": 2, "at": "", "area": {
        "id": "dat-dai", "name": "Đất đai", "waiting": 4, "open": True, "closed_reason": None}})
    wait_for(lambda: sim.keypad(2).display.waiting == 4)
    shown = sim.keypad(2).display
    assert (shown.state, shown.number, shown.line1, shown.line2) == \
        ("serving", "1023", "SO 1023       Q2", "CHO 4    DANG PV")
    assert sim.keypad(1).display.number == ""


def test_ticket_called_shows_the_new_number(make_sim, make_keypads):
    sim = make_sim([1])
    keypads = make_keypads(sim, [(1, 3)])
    online(sim, 1)
    keypads.handle("ticket_called", {"seq": 5, "at": "", "call_id": "c1", "recall": False,
                                     "ticket": {"number": "A012", "counter": 3}, "counter": 3})
    wait_for(lambda: sim.keypad(1).display.number == "A012")


@pytest.mark.parametrize("result, shown", [
    (ActionResult(False, "Chưa có cán bộ", "no_clerk", "CHUA CO CAN BO"), "CHUA CO CAN BO"),
    (ActionResult(False, "Hết số"), "HET SO"),
    (ActionResult(False, "Không thể gọi lại khi quầy đang chờ gọi số"), "KHONG THE GOI"),
    (ActionResult(False), "LOI"),
])
def test_a_refused_action_shows_its_screen_text_or_whole_words_of_its_message(
        make_sim, make_keypads, recorder, result, shown):
    recorder.result = result
    sim = make_sim([1])
    make_keypads(sim, [(1, 1)])
    keypad = online(sim, 1)
    sim.press(1, "N")
    wait_for(lambda: keypad.display.line2 == shown)


def test_a_scans_result_shows_on_the_clerks_keypad_of_that_counter_only(make_sim, make_keypads):
    sim = make_sim([1, 2, 3])
    keypads = make_keypads(sim, [(1, 1), (2, 1, "rating"), (3, 2)])
    for address in (1, 2, 3):
        online(sim, address)
    keypads.show_result(1, ActionResult(True, "Đã gọi số 1023", "called", "DA GOI 1023"))
    wait_for(lambda: sim.keypad(1).display.line2 == "DA GOI 1023")
    assert sim.keypad(2).display.line2 == "QUAY 1" and sim.keypad(3).display.line2 != "DA GOI 1023"


def test_call_entry_is_echoed_on_the_screen(make_sim, make_keypads, recorder):
    sim = make_sim([1])
    make_keypads(sim, [(1, 1)])
    keypad = online(sim, 1)
    for key in "C12":
        sim.press(1, key)
    wait_for(lambda: keypad.display.line2 == "GOI SO: 12_")


def test_silent_keypad_goes_offline_and_comes_back(make_sim, make_keypads, recorder):
    sim = make_sim([1, 2])
    keypads = make_keypads(sim, [(1, 1), (2, 2)])
    online(sim, 2)
    sim.keypad(2).muted = True
    wait_for(lambda: recorder.last_status("keypad-2") == "offline")
    assert [s.status for s in keypads.health() if s.id == "keypad-1"] == ["ok"]
    sim.keypad(2).display = None
    sim.keypad(2).muted = False
    wait_for(lambda: recorder.last_status("keypad-2") == "ok")
    online(sim, 2)


def test_unplugged_port_reconnects_and_resends_the_screen(make_sim, make_keypads, recorder):
    sim = make_sim([1])
    keypads = make_keypads(sim, [(1, 1)])
    keypads.handle("counter_updated", {"counter": dict(COUNTER_2, number=1)})
    wait_for(lambda: (sim.keypad(1).display or p.Display()).number == "1023")
    sim.unplug()
    wait_for(lambda: recorder.last_status("keypad-1") == "offline")
    sim.keypad(1).display = None
    sim.plug()
    wait_for(lambda: (sim.keypad(1).display or p.Display()).number == "1023")
    assert recorder.last_status("keypad-1") == "ok"
    sim.press(1, "N")
    wait_for(lambda: recorder.actions == [KeyAction(1, "next")])


def test_garbage_on_the_line_is_ignored(make_sim, make_keypads, recorder):
    sim = make_sim([1])
    make_keypads(sim, [(1, 1)])
    online(sim, 1)
    damaged = bytearray(p.encode_key(1, 9, p.KEY_NEXT))
    damaged[-2] ^= 0xFF
    stranger = p.encode_key(9, 1, p.KEY_RECALL)
    sim.garbage = b"\xff\x00" + bytes(damaged) + stranger + b"\x03\x02"
    sim.press(1, "D")
    wait_for(lambda: recorder.actions == [KeyAction(1, "done")])
    time.sleep(0.1)
    assert recorder.actions == [KeyAction(1, "done")]
    assert recorder.last_status("keypad-1") == "ok"


def test_restarted_keypad_gets_its_screen_and_sequence_reset(make_sim, make_keypads, recorder):
    sim = make_sim([1])
    make_keypads(sim, [(1, 1)])
    keypad = online(sim, 1)
    sim.press(1, "N")
    wait_for(lambda: len(recorder.actions) == 1)
    keypad.display, keypad.fresh, keypad._seq = None, True, 1
    sim.press(1, "R")
    wait_for(lambda: keypad.display is not None)
    wait_for(lambda: len(recorder.actions) == 2)
    assert recorder.actions[1] == KeyAction(1, "recall")


def test_missing_port_reports_offline_and_never_blocks(recorder, tmp_path):
    config = {"keypads": {"bus": [{"url": str(tmp_path / "nothing"),
                                   "keypads": [{"address": 1, "counter": 4}]}]}}
    keypads = Keypads(parse_keypads(config), recorder.on_action, recorder.report)
    keypads.start()
    try:
        wait_for(lambda: recorder.last_status("keypad-4") == "offline")
        started = time.monotonic()
        keypads.handle("counter_updated", {"counter": COUNTER_2})
        assert time.monotonic() - started < 0.05
    finally:
        started = time.monotonic()
        keypads.stop()
    assert time.monotonic() - started < 2.5


def test_slow_on_action_does_not_stall_other_keypads(make_sim, make_keypads, recorder):
    sim = make_sim([1, 2])
    make_keypads(sim, [(1, 1), (2, 2)])
    online(sim, 1)
    online(sim, 2)
    original = recorder.on_action

    def slow(action):
        if action.counter == 1:
            time.sleep(1.0)
        return original(action)
    recorder.on_action = slow
    polls = sim.keypad(2).polls
    sim.press(1, "N")
    wait_for(lambda: sim.keypad(1).queue == type(sim.keypad(1).queue)())
    wait_for(lambda: sim.keypad(2).polls > polls + 5, timeout=0.9)
