"""End to end: the real server with real drivers against the device simulators — a keypad
press on a pseudo-terminal calls a ticket and the LED board shows it; a printer out of paper
never stops the kiosk."""
import time

from store.auth import create_user


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
        while time.monotonic() < deadline and "CHUA CO CAN BO" not in (
                keypads.keypad(2).display.line2 if keypads.keypad(2).display else ""):
            time.sleep(0.05)
        assert "CHUA CO CAN BO" in keypads.keypad(2).display.line2
        engine.dispose()
    finally:
        server.stop()
        keypads.unplug()
        boards.stop()


def test_a_printer_out_of_paper_never_stops_the_kiosk_and_prints_when_refilled(tmp_path):
    """The real server and print queue against the ESC/POS simulator on a TCP port."""
    from tools.printer_sim import PrinterSimulator
    from tests.support.live_server import LiveServer, api, free_port, hall_with_printer

    printer = PrinterSimulator(paper=False)
    config = hall_with_printer(tmp_path / "hall.toml", printer.start_tcp(free_port()))
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
