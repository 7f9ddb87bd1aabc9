"""Every answer carries the security headers; the API says what it enforces, and enforces it."""
import pytest

PAGES = ["/login", "/kiosk", "/counter", "/manage", "/t/unknown", "/display", "/board/1",
         "/api/v1/state", "/api/v1/nothing", "/static/css/staff.css"]


@pytest.mark.parametrize("path", PAGES)
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    policy = dict(part.strip().split(" ", 1) for part in
                  response.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert "data:" in policy["img-src"] and "blob:" in policy["media-src"]


@pytest.mark.parametrize("path", ["/login", "/kiosk", "/counter", "/manage", "/t/x",
                                  "/api/v1/state"])
def test_staff_and_citizen_pages_cannot_be_framed(client, path):
    response = client.get(path)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/display", "/display?areas=dat-dai", "/board/2"])
def test_the_public_boards_may_be_framed(client, path):
    response = client.get(path)
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]


def test_a_405_says_which_methods_are_allowed(client):
    response = client.delete("/api/v1/state")
    assert response.status_code == 405 and response.get_json()["error"]["code"]
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
    assert set(client.get("/api/v1/tickets").headers["Allow"].split(", ")) == {"POST", "OPTIONS"}


def test_a_test_announcement_for_an_unknown_counter_is_404(client, tokens):
    for counter in (9, 999):
        response = client.post("/api/v1/announcements/test", json={"counter": counter},
                               headers=tokens["manager"])
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "unknown_counter"


# ---------------------------------------------------------------- cookies
def _session_cookie(app, luot):
    from store.auth import create_user
    import re
    create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan", "clerk", [],
                luot.clock.now())
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": "lan", "password": "mat-khau-123",
                                           "csrf_token": token})
    return [v for v in response.headers.getlist("Set-Cookie") if v.startswith("session=")][0]


def test_the_session_cookie_is_http_only_and_same_site(app, luot):
    cookie = _session_cookie(app, luot)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_with_secure_cookies_the_session_cookie_is_secure(tmp_path, fake_clock):
    from server import ROOT, Settings, create_app
    settings = Settings.from_env({"LUOT_SECURE_COOKIES": "1"}, instance_path=tmp_path / "i",
                                 async_mode="threading", start_devices=False, testing=True,
                                 config_path=ROOT / "tests" / "data" / "hall.toml",
                                 clock=fake_clock)
    assert settings.secure_cookies
    app = create_app(settings)
    assert "; Secure" in _session_cookie(app, app.extensions["luot"])


def test_the_command_line_turns_on_secure_cookies_and_trusted_proxies():
    from server import Settings, parse_args
    args = parse_args(["--secure-cookies", "--trusted-proxies", "1"])
    settings = Settings.from_env({}, secure_cookies=args.secure_cookies or None,
                                 trusted_proxies=args.trusted_proxies)
    assert settings.secure_cookies and settings.trusted_proxies == 1
    assert Settings.from_env({"LUOT_TRUSTED_PROXIES": "2"}).trusted_proxies == 2
    assert not Settings.from_env({}).secure_cookies


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(tmp_path, fake_clock):
    """Sign-in locks are per address: behind nginx the address must be the citizen's, not nginx's."""
    from server import ROOT, Settings, create_app
    app = create_app(Settings(instance_path=tmp_path / "i", async_mode="threading",
                              start_devices=False, testing=True, trusted_proxies=1,
                              config_path=ROOT / "tests" / "data" / "hall.toml", clock=fake_clock))
    seen = []
    app.before_request(lambda: seen.append((__import__("flask").request.remote_addr,
                                            __import__("flask").request.scheme)))
    app.test_client().get("/api/v1/health", headers={"X-Forwarded-For": "192.168.1.23",
                                                     "X-Forwarded-Proto": "https"},
                          environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert seen == [("192.168.1.23", "https")]


# ---------------------------------------------------------------- the document
def _spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def _param(operation, name):
    return next(p for p in operation["parameters"] if p["name"] == name)["schema"]


def _body_schema(operation):
    return operation["requestBody"]["content"]["application/json"]["schema"]["properties"]


def test_the_document_gives_the_audit_log_paging_ranges_and_they_hold(client, tokens):
    operation = _spec(client)["paths"]["/api/v1/events"]["get"]
    limit, after = _param(operation, "limit"), _param(operation, "after")
    assert (limit["minimum"], limit["maximum"], after["minimum"]) == (1, 1000, 0)
    assert after["maximum"] == 2 ** 63 - 1
    manager = tokens["manager"]
    for value, status in [(limit["maximum"], 200), (limit["maximum"] + 1, 400),
                          (limit["minimum"], 200), (limit["minimum"] - 1, 400)]:
        assert client.get(f"/api/v1/events?limit={value}", headers=manager).status_code == status
    assert client.get(f"/api/v1/events?after={after['maximum'] + 1}", headers=manager).status_code == 400


def test_the_document_lists_the_report_formats_and_only_those_work(client, tokens):
    formats = _param(_spec(client)["paths"]["/api/v1/reports/day"]["get"], "format")["enum"]
    assert formats == ["json", "xlsx"]
    for value in formats:
        assert client.get(f"/api/v1/reports/day?format={value}", headers=tokens["manager"]).status_code == 200
    assert client.get("/api/v1/reports/day?format=csv", headers=tokens["manager"]).status_code == 400


def test_the_document_lists_this_halls_areas_priorities_and_counters(client, luot):
    spec = _spec(client)
    ticket = _body_schema(spec["paths"]["/api/v1/tickets"]["post"])
    assert ticket["area"]["enum"] == [a.id for a in luot.config.areas]
    assert ticket["area"]["minLength"] == 1
    assert ticket["priority"]["enum"] == [c.id for c in luot.config.categories] + [None]
    counters = [c.number for c in luot.config.counters]
    assert _body_schema(spec["paths"]["/api/v1/announcements/test"]["post"])["counter"]["enum"] == counters
    transfer = spec["paths"]["/api/v1/counters/{n}/transfer"]["post"]
    assert _body_schema(transfer)["area"]["enum"] == [a.id for a in luot.config.areas]
    assert _param(transfer, "n")["enum"] == counters
    ticket_id = _param(spec["paths"]["/api/v1/tickets/{id}"]["get"], "id")
    assert ticket_id["minLength"] == 1 and ticket_id["maxLength"] == 64


def test_values_outside_the_documented_enums_are_refused(client, tokens):
    spec = _spec(client)
    ticket = _body_schema(spec["paths"]["/api/v1/tickets"]["post"])
    for area in ticket["area"]["enum"][:2]:
        assert client.post("/api/v1/tickets", json={"area": area}, headers=tokens["kiosk"]).status_code == 201
    assert client.post("/api/v1/tickets", json={"area": "nowhere"}, headers=tokens["kiosk"]).status_code == 404
    assert client.post("/api/v1/tickets", json={"area": "dat-dai", "priority": "vip"},
                       headers=tokens["kiosk"]).status_code == 400
    assert client.post("/api/v1/counters/1/pause", json={"reason": ""},
                       headers=tokens["manager"]).status_code == 400
