"""Nothing acknowledged is lost when the server is killed with SIGKILL mid-run."""
import threading

from tests.support.live_server import LiveServer, api


def test_sigkill_mid_run_keeps_every_acknowledged_ticket_and_counter(tmp_path):
    server = LiveServer(tmp_path).start()
    kiosk, manager = server.token("kiosk"), server.token("manager")
    acknowledged, stop = [], threading.Event()

    def kiosk_loop():
        while not stop.is_set():
            try:
                status, body = api(server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})
            except OSError:
                return
            if status == 201:
                acknowledged.append(body)

    thread = threading.Thread(target=kiosk_loop)
    thread.start()
    while len(acknowledged) < 30:
        threading.Event().wait(0.01)
    current = {n: api(server, "POST", f"/api/v1/counters/{n}/next", manager)[1]["current"]["id"]
               for n in (1, 2)}
    while len(acknowledged) < 60:
        threading.Event().wait(0.01)
    server.kill()                       # mid-run: the kiosk loop is still issuing
    stop.set()
    thread.join(10)

    server.start()
    try:
        for ticket in acknowledged:
            status, body = api(server, "GET", f"/api/v1/tickets/{ticket['id']}")
            assert status == 200 and body["number"] == ticket["number"]
        for n, ticket_id in current.items():
            assert api(server, "GET", f"/api/v1/counters/{n}", manager)[1]["current"]["id"] == ticket_id
        issued = {a["id"]: a["issued"] for a in api(server, "GET", "/api/v1/areas")[1]}["dat-dai"]
        assert issued >= len(acknowledged)
        status, after = api(server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})
        assert status == 201
        assert int(after["number"]) == 1000 + issued + 1
        assert after["number"] not in {t["number"] for t in acknowledged}
    finally:
        server.stop()
