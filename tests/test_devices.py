"""Devices acting on the hall: keypads and scanners act as the clerk seated at their counter;
end to end, a keypad press on a pseudo-terminal calls a ticket and the LED board shows it."""
import time

import pytest

from counter.barcode import Scan
from counter.keypad import KeyAction
from devices import Devices
from store.auth import create_user


@pytest.fixture
def devices(luot):
    return Devices(luot)


@pytest.fixture
def seated(luot):
    """Nguyễn Thị Lan signed in at counter 1."""
    user = create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan",
                       "clerk", [], luot.clock.now())
    luot.service.sign_in(1, user, "Nguyễn Thị Lan")
    return user


def test_a_keypad_with_no_clerk_seated_is_refused(luot, devices):
    luot.service.issue_ticket("dat-dai")
    result = devices.key_action(KeyAction(2, "next"))
    assert not result.ok and result.message == "Chưa có cán bộ"
    assert luot.queries.counter(2)["current"] is None


def test_a_keypad_acts_with_the_identity_of_the_seated_clerk(luot, devices, seated):
    luot.service.issue_ticket("dat-dai")
    assert devices.key_action(KeyAction(1, "next")).ok
    assert luot.queries.counter(1)["current"]["number"] == "1001"
    calls = [e for e in luot.audit(0, 50) if e["name"] == "ticket_called"]
    assert calls[0]["actor"].startswith(f"user:{seated}:Nguyễn Thị Lan")


def test_the_clerk_of_counter_1_cannot_act_through_counter_2s_keypad(luot, devices, seated):
    luot.service.issue_ticket("tu-phap")
    assert not devices.key_action(KeyAction(2, "next")).ok


def test_keypad_errors_are_short_vietnamese_messages(luot, devices, seated):
    result = devices.key_action(KeyAction(1, "recall"))
    assert not result.ok and "(" not in result.message and result.message.startswith("Không thể")


def test_keypad_call_and_transfer_by_digits(luot, devices, seated):
    luot.service.issue_ticket("dat-dai")
    second = luot.service.issue_ticket("dat-dai")
    assert devices.key_action(KeyAction(1, "call", "1002")).ok
    assert luot.queries.counter(1)["current"]["id"] == second["id"]
    assert devices.key_action(KeyAction(1, "transfer", "2")).ok       # area #2: Tư pháp
    assert luot.queries.ticket(second["id"])["status"] == "transferred"


def test_keypad_pause_records_a_reason(luot, devices, seated):
    assert devices.key_action(KeyAction(1, "pause")).ok
    assert luot.queries.counter(1)["pause_reason"] == "Tạm dừng"


def test_scanning_a_ticket_calls_it_and_a_dossier_code_attaches(luot, devices, seated):
    luot.service.issue_ticket("dat-dai")
    second = luot.service.issue_ticket("dat-dai")
    assert devices.scan(1, Scan("ticket", second["id"])).ok
    assert devices.scan(1, Scan("dossier", "000.00.12.H56-261130-0001")).ok
    assert luot.queries.ticket(second["id"])["dossier_code"] == "000.00.12.H56-261130-0001"
    assert not devices.scan(1, Scan("unknown", "")).ok


def test_keypad_press_calls_a_ticket_and_the_led_board_shows_it(tmp_path):
    """The real server with real drivers, against the keypad and board simulators on ptys."""
    from counter.keypad.sim import PtyKeypadSim
    from display.boards.sim import LuotBank, PtySim
    from hall.clock import Clock
    from hall.config import load_config
    from hall.core import build_hall
    from store.engine import make_engine
    from store.sql import SqlStore
    from tests.support.live_server import TEST_HALL, LiveServer, api

    keypads = PtyKeypadSim([1, 2])
    keypads.plug()
    bank = LuotBank([1, 2])
    boards = PtySim(bank).start()
    config = tmp_path / "hall.toml"
    config.write_text(TEST_HALL.read_text(encoding="utf-8") + f"""
[boards]
enabled = true
[[boards.bus]]
url = "{boards.path}"
boards = [ {{address = 1, counter = 1}}, {{address = 2, counter = 2}} ]

[keypads]
enabled = true
[[keypads.bus]]
url = "{keypads.path}"
keypads = [ {{address = 1, counter = 1}}, {{address = 2, counter = 2}} ]
""", encoding="utf-8")
    server = LiveServer(tmp_path / "server", config=config, extra_env={"LUOT_FAKE_DEVICES": "0"})
    server.start()
    try:
        kiosk = server.token("kiosk")
        api(server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})
        engine = make_engine(server.db_url)
        hall = load_config(config)
        user = create_user(engine, hall.id, "lan", "mat-khau-123", "Nguyễn Thị Lan", "clerk", [],
                           Clock().now())
        build_hall(hall, SqlStore(engine, hall.id), Clock()).service.sign_in(1, user, "Nguyễn Thị Lan")

        keypads.press(2, "N")          # nobody seated at counter 2
        keypads.press(1, "N")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and bank.faces[1].shown() != "1001":
            time.sleep(0.05)
        assert bank.faces[1].shown() == "1001"
        assert bank.faces[1].blinks >= 1
        status, counter = api(server, "GET", "/api/v1/counters/1")
        assert counter["current"]["number"] == "1001"
        assert api(server, "GET", "/api/v1/counters/2")[1]["current"] is None
        while time.monotonic() < deadline and "Chua co can bo" not in (
                keypads.keypad(2).display.line2 if keypads.keypad(2).display else ""):
            time.sleep(0.05)
        assert "Chua co can bo" in keypads.keypad(2).display.line2
        engine.dispose()
    finally:
        server.stop()
        keypads.unplug()
        boards.stop()


def test_a_printer_out_of_paper_never_stops_the_kiosk_and_prints_when_refilled(tmp_path):
    """The real server and print queue against the ESC/POS simulator on a TCP port."""
    from tools.printer_sim import PrinterSimulator
    from tests.support.live_server import TEST_HALL, LiveServer, api, free_port

    printer = PrinterSimulator(paper=False)
    port = printer.start_tcp(free_port())
    config = tmp_path / "hall.toml"
    config.write_text(TEST_HALL.read_text(encoding="utf-8") + f"""
[printer]
enabled = true
url = "tcp://127.0.0.1:{port}"
retry_initial_s = 0.2
retry_max_s = 0.5
""", encoding="utf-8")
    server = LiveServer(tmp_path / "server", config=config, extra_env={"LUOT_FAKE_DEVICES": "0"})
    server.start()
    try:
        kiosk, manager = server.token("kiosk"), server.token("manager")
        started = time.monotonic()
        status, ticket = api(server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})
        assert status == 201 and time.monotonic() - started < 2      # issuing never waits
        deadline = time.monotonic() + 15

        def printer_status():
            devices = api(server, "GET", "/api/v1/devices", manager)[1]
            return next((d for d in devices if d["id"] == "printer"), {}).get("status")
        while time.monotonic() < deadline and printer_status() != "no_paper":
            time.sleep(0.1)
        assert printer_status() == "no_paper"
        assert api(server, "GET", "/kiosk/printer-status")[1]["status"] == "no_paper"
        assert not printer.tickets

        printer.set_paper(True)                   # the clerk puts a new roll in
        while time.monotonic() < deadline and not printer.tickets:
            time.sleep(0.1)
        assert len(printer.tickets) == 1 and printer.tickets[0].width == 576
        while time.monotonic() < deadline and printer_status() != "ok":
            time.sleep(0.1)
        assert printer_status() == "ok"
    finally:
        server.stop()
        printer.stop()


def test_keypad_digits_get_the_area_prefix(luot, devices):
    user = create_user(luot.engine, luot.config.id, "mai", "mat-khau-123", "Vũ Thị Mai", "clerk",
                       [], luot.clock.now())
    luot.service.sign_in(5, user, "Vũ Thị Mai")
    luot.service.issue_ticket("tra-ket-qua")
    second = luot.service.issue_ticket("tra-ket-qua")
    assert second["number"] == "K002"
    assert devices.key_action(KeyAction(5, "call", "2")).ok
    assert luot.queries.counter(5)["current"]["id"] == second["id"]
