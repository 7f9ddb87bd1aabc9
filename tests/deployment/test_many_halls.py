"""One deployment, many halls: each addressed at /h/<hall>/, isolated from the others."""
from tests.deployment.conftest import HALLS


def _token(deployment, hall_id, role, counters=()):
    from store.auth import create_token
    secret = create_token(deployment.engine, hall_id, role, f"{role} of {hall_id}", counters,
                          deployment.clock.now())
    return {"Authorization": f"Bearer {secret}"}


def test_every_hall_file_is_a_hall_and_the_first_is_also_at_the_root(client, deployment):
    assert sorted(deployment.halls) == ["test-hall", "ward-2"]
    assert client.get("/api/v1/state").get_json()["hall"]["id"] == "test-hall"
    assert client.get("/h/ward-2/api/v1/state").get_json()["hall"]["id"] == "ward-2"
    assert client.get("/h/test-hall/api/v1/state").get_json()["hall"]["id"] == "test-hall"


def test_an_unknown_hall_is_a_json_404(client):
    answer = client.get("/h/nowhere/api/v1/state")
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "unknown_hall"


def test_each_hall_numbers_its_own_tickets(client, deployment):
    ticket = client.post("/h/ward-2/api/v1/tickets", json={"area": "ho-tich"},
                         headers=_token(deployment, "ward-2", "kiosk")).get_json()
    assert ticket["number"] == "7001"
    assert client.get("/api/v1/state").get_json()["areas"][0]["issued"] == 0
    unknown = client.post("/api/v1/tickets", json={"area": "ho-tich"},
                          headers=_token(deployment, "test-hall", "kiosk"))
    assert unknown.status_code == 404


def test_a_token_of_one_hall_is_forbidden_in_another(client, deployment):
    kiosk_b = _token(deployment, "ward-2", "kiosk")
    answer = client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=kiosk_b)
    assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "wrong_hall"
    manager_a = _token(deployment, "test-hall", "manager")
    assert client.get("/h/ward-2/api/v1/events", headers=manager_a).status_code == 403


def test_pages_link_inside_their_hall(client):
    page = client.get("/h/ward-2/kiosk").get_data(as_text=True)
    assert 'content="/h/ward-2"' in page and "/h/ward-2/static/" in page
    assert "Chi nhánh phường Hai" in page


def test_a_watcher_of_one_hall_never_hears_another(tmp_path):
    """Real server, real Socket.IO clients: ward-2's watcher connects under /h/ward-2."""
    import time

    import socketio

    from hall.clock import Clock
    from store.auth import create_token
    from store.engine import make_engine
    from tests.support.live_server import LiveServer, api

    server = LiveServer(tmp_path / "server", extra_env={"LUOT_HALLS": str(HALLS)}).start()
    try:
        engine = make_engine(server.db_url)
        kiosk = {hall: create_token(engine, hall, "kiosk", "k", [], Clock().now())
                 for hall in ("test-hall", "ward-2")}
        heard = {"test-hall": [], "ward-2": []}
        clients = []
        for hall, path in (("test-hall", "socket.io"), ("ward-2", "h/ward-2/socket.io")):
            client = socketio.Client(reconnection=False)
            client.on("events", lambda frame, hall=hall: heard[hall].extend(
                p["ticket"]["number"] for n, p in frame["events"] if n == "ticket_issued"))
            client.connect(server.url, socketio_path=path, transports=["websocket"])
            clients.append(client)
        assert api(server, "POST", "/h/ward-2/api/v1/tickets", kiosk["ward-2"],
                   {"area": "ho-tich"})[0] == 201
        assert api(server, "POST", "/api/v1/tickets", kiosk["test-hall"],
                   {"area": "dat-dai"})[0] == 201
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not (heard["test-hall"] and heard["ward-2"]):
            time.sleep(0.05)
        time.sleep(0.2)                      # anything misrouted would have arrived by now
        assert heard == {"test-hall": ["1001"], "ward-2": ["7001"]}
        for client in clients:
            client.disconnect()
        engine.dispose()
    finally:
        server.stop()


def test_a_clerk_signed_in_at_one_hall_is_forbidden_in_another(app, deployment):
    import re
    from store.auth import create_user
    create_user(deployment.engine, "test-hall", "lan", "mat-khau-123", "Nguyễn Thị Lan", "clerk",
                [], deployment.clock.now())
    browser = app.test_client()
    page = browser.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    browser.post("/login", data={"username": "lan", "password": "mat-khau-123", "csrf_token": csrf})
    assert browser.get("/api/v1/whoami").status_code == 200
    answer = browser.post("/h/ward-2/api/v1/counters/1/next", headers={"X-CSRFToken": csrf})
    assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "wrong_hall"


def test_sessions_and_pairing_codes_belong_to_their_hall(app, deployment):
    """A session of one hall signs nobody in at another (wrong_hall), logging out there ends
    nothing here, and a pairing code made at one hall pairs nothing at another."""
    import re
    from store.auth import create_user
    from store.pairing import make_code
    create_user(deployment.engine, "ward-2", "lan", "mat-khau-123", "Nguyễn Thị Lan", "manager",
                [], deployment.clock.now())
    browser = app.test_client()
    page = browser.get("/h/ward-2/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    browser.post("/h/ward-2/login", data={"username": "lan", "password": "mat-khau-123",
                                          "csrf_token": csrf})
    assert browser.get("/h/ward-2/api/v1/whoami").get_json()["role"] == "manager"
    elsewhere = browser.get("/api/v1/events")
    assert elsewhere.status_code == 403 and elsewhere.get_json()["error"]["code"] == "wrong_hall"
    assert browser.get("/api/v1/whoami").status_code == 401
    code = make_code(deployment.engine, "ward-2", "kiosk", "k", [], None, "test",
                     deployment.clock.now())["code"]
    assert browser.post("/api/v1/pair", json={"code": code, "role": "kiosk"}).status_code == 400
    assert browser.post("/h/ward-2/api/v1/pair", json={"code": code, "role": "kiosk"}).status_code == 201
