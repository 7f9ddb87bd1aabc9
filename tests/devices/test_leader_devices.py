"""The hall's devices run in the process that leads the hall, but kiosks, consoles and the
API reach any process: two real server processes on one database, the ticket printer and an
LED board on their simulators. What is issued, reprinted or called through the other process
reaches the devices; when the leader is killed with tickets waiting for paper, the process
that takes the hall over prints them — each once."""
import time

from tests.support.live_server import LiveServer, api, free_port, hall_with_printer

FAST = {"LUOT_FAKE_DEVICES": "0", "LUOT_TICK_SECONDS": "0.5"}


def wait_until(check, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def test_what_the_other_process_does_reaches_the_leaders_devices_and_survives_its_death(tmp_path):
    from display.boards.sim import LuotBank, PtySim
    from tools.printer_sim import PrinterSimulator

    printer = PrinterSimulator(paper=True)
    bank = LuotBank([1])
    boards = PtySim(bank).start()
    config = hall_with_printer(tmp_path / "hall.toml", printer.start_tcp(free_port()), f"""
[boards]
enabled = true
[[boards.bus]]
url = "{boards.path}"
boards = [ {{address = 1, counter = 1}} ]
""")
    database = f"sqlite:///{tmp_path / 'luot.db'}"
    leader = LiveServer(tmp_path / "a", db_url=database, config=config, extra_env=FAST).start()
    other = LiveServer(tmp_path / "b", db_url=database, config=config, extra_env=FAST).start()
    try:
        kiosk, manager = other.token("kiosk"), other.token("manager")
        clerk = other.token("clerk", 1)
        assert wait_until(lambda: printer.received > 0)          # the leader drives the printer

        status, first = api(other, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})
        assert status == 201
        assert wait_until(lambda: len(printer.tickets) == 1), "issued through the other process"
        status, _ = api(other, "POST", f"/api/v1/tickets/{first['id']}/reprint", manager)
        assert status == 202
        assert wait_until(lambda: len(printer.tickets) == 2), "reprinted through the other process"

        status, called = api(other, "POST", "/api/v1/counters/1/next", clerk)
        assert status == 200 and called["current"]["number"] == first["number"]
        assert wait_until(lambda: bank.faces[1].shown() == first["number"]), \
            "called through the other process"

        printer.set_paper(False)                                   # the roll runs out
        waiting = [api(other, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})[1]["number"]
                   for _ in range(2)]
        assert wait_until(lambda: _printer_status(other, manager) == "no_paper")
        leader.kill()                                              # kill -9, two tickets waiting
        printer.set_paper(True)
        assert wait_until(lambda: len(printer.tickets) == 4, timeout=20), \
            "the process that took the hall over prints what was waiting"
        time.sleep(1.5)
        assert len(printer.tickets) == 4 and printer.lost == 0     # each once, none into the void
        assert len(waiting) == 2
    finally:
        for server in (leader, other):
            server.stop()
        printer.stop()
        boards.stop()


def _printer_status(server, token):
    devices = api(server, "GET", "/api/v1/devices", token)[1]
    return next((d for d in devices if d["id"] == "printer"), {}).get("status")
