"""The province role: one account reads every hall (pages, API, reports, the manager's page
read-only, the overview) and writes nowhere; hall accounts stay in their hall."""
import re

import pytest


PASSWORD = "mat-khau-123"


def _token(deployment, hall_id, role, counters=()):
    from store.auth import create_token
    return create_token(deployment.engine, hall_id, role, f"{role} of {hall_id}", counters,
                        deployment.clock.now())


def _bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def _signed_in(app, deployment, username, hall_id="*", role="province"):
    from store.auth import create_user
    create_user(deployment.engine, hall_id, username, PASSWORD, f"Người {username}", role, [],
                deployment.clock.now())
    browser = app.test_client()
    page = browser.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = browser.post("/login", data={"username": username, "password": PASSWORD,
                                          "csrf_token": csrf})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    page = browser.get("/login").get_data(as_text=True)      # signing in made a new CSRF secret
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return browser, csrf, answer


def test_a_province_account_has_no_hall_and_only_it_has_none(deployment):
    from store.auth import create_token, create_user
    now = deployment.clock.now()
    with pytest.raises(ValueError):
        create_user(deployment.engine, "test-hall", "tinh", PASSWORD, "Tỉnh", "province", [], now)
    with pytest.raises(ValueError):
        create_user(deployment.engine, "*", "quanly", PASSWORD, "Quản lý", "manager", [], now)
    with pytest.raises(ValueError):
        create_token(deployment.engine, "ward-2", "province", "p", [], now)


@pytest.mark.parametrize("prefix", ["", "/h/test-hall", "/h/ward-2"])
@pytest.mark.parametrize("path", ["/api/v1/state", "/api/v1/events", "/api/v1/reports",
                                  "/api/v1/reports/day", "/api/v1/devices",
                                  "/manage/api/tokens", "/manage/api/ratings",
                                  "/api/v1/config", "/api/v1/counters/1/no-shows"])
def test_a_province_token_reads_every_hall(client, deployment, prefix, path):
    province = _bearer(_token(deployment, "*", "province"))
    answer = client.get(prefix + path, headers=province)
    assert answer.status_code == 200, answer.get_data(as_text=True)


def test_the_province_reads_the_staff_view(client, deployment):
    province = _bearer(_token(deployment, "*", "province"))
    staff = client.get("/h/ward-2/api/v1/counters", headers=province).get_json()
    public = client.get("/h/ward-2/api/v1/counters").get_json()
    assert "clerk_id" in staff[0] and "clerk_id" not in public[0]


@pytest.mark.parametrize("method,path,body", [
    ("POST", "/api/v1/tickets", {"area": "ho-tich"}),
    ("POST", "/api/v1/counters/1/open", {}),
    ("POST", "/api/v1/counters/1/next", {}),
    ("POST", "/manage/api/tokens", {"role": "kiosk", "name": "k"}),
    ("POST", "/manage/api/tokens/1/revoke", {}),
    ("POST", "/manage/api/login-locks/unlock", {"username": "x"}),
    ("POST", "/api/v1/ratings", {"counter": 1, "public_id": "x", "level": 1}),
])
@pytest.mark.parametrize("prefix", ["", "/h/ward-2"])
def test_a_province_token_writes_nowhere(client, deployment, method, path, body, prefix):
    province = _bearer(_token(deployment, "*", "province"))
    before = client.get(prefix + "/api/v1/state", headers=province).get_json()
    answer = client.open(prefix + path, method=method, json=body, headers=province)
    assert answer.status_code == 403
    assert answer.get_json()["error"]["code"] == "read_only"
    assert "read-only" in answer.get_json()["error"]["message"]
    after = client.get(prefix + "/api/v1/state", headers=province).get_json()
    assert after["seq"] == before["seq"]


def test_a_province_person_signs_in_at_the_root_and_reads_every_manager_page(app, deployment):
    browser, csrf, answer = _signed_in(app, deployment, "tinh")
    assert answer.headers["Location"].endswith("/province")
    overview = browser.get("/province")
    assert overview.status_code == 200
    assert "Tổng quan toàn tỉnh" in overview.get_data(as_text=True)
    for prefix in ("", "/h/ward-2"):
        page = browser.get(prefix + "/manage")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert 'class="manage read-only"' in html and "Chế độ chỉ xem" in html
        assert '"read_only": true' in html
        assert browser.get(prefix + "/api/v1/reports").status_code == 200
        refused = browser.post(prefix + "/api/v1/counters/1/open", json={},
                               headers={"X-CSRFToken": csrf})
        assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "read_only"
    assert browser.post("/h/ward-2/logout", data={"csrf_token": csrf}).status_code == 302
    assert browser.get("/api/v1/province").status_code == 401


def test_a_manager_sees_only_their_hall(app, deployment, client):
    browser, csrf, _ = _signed_in(app, deployment, "hoa", "test-hall", "manager")
    page = browser.get("/manage").get_data(as_text=True)
    assert 'class="manage"' in page and "Chế độ chỉ xem" not in page
    refused = browser.get("/h/ward-2/api/v1/reports")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "wrong_hall"
    elsewhere = browser.get("/h/ward-2/manage")      # not signed in there: B's sign-in page
    assert elsewhere.status_code == 302 and "/h/ward-2/login" in elsewhere.headers["Location"]
    assert browser.get("/api/v1/province").status_code == 403
    assert browser.get("/province").status_code == 403
    manager_a = _bearer(_token(deployment, "test-hall", "manager"))
    assert client.get("/api/v1/province", headers=manager_a).status_code == 403
    refused = client.get("/h/ward-2/api/v1/reports", headers=manager_a)
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "wrong_hall"


def test_the_overview_is_the_deployments_not_a_halls(client, deployment):
    province = _bearer(_token(deployment, "*", "province"))
    assert client.get("/h/ward-2/api/v1/province", headers=province).status_code == 404
    assert client.get("/h/ward-2/province").status_code == 404
    assert client.get("/api/v1/province").status_code == 401
    assert client.get("/province").headers["Location"].endswith("/login?next=/province")


def test_the_overview_has_every_hall_with_the_halls_own_figures(client, deployment):
    from hall.clock import business_date
    from store.reports import Period, period_report
    kiosk_b = _bearer(_token(deployment, "ward-2", "kiosk"))
    manager_b = _bearer(_token(deployment, "ward-2", "manager"))
    for _ in range(3):
        assert client.post("/h/ward-2/api/v1/tickets", json={"area": "ho-tich"},
                           headers=kiosk_b).status_code == 201
    deployment.clock.advance(minutes=7)
    assert client.post("/h/ward-2/api/v1/counters/2/next", headers=manager_b).status_code == 200
    assert client.post("/h/ward-2/api/v1/counters/2/done", headers=manager_b).status_code == 200
    assert client.post("/h/ward-2/api/v1/counters/1/close", headers=manager_b).status_code == 200
    province = _bearer(_token(deployment, "*", "province"))
    snapshot = client.get("/api/v1/province", headers=province).get_json()
    rows = {row["id"]: row for row in snapshot["halls"]}
    assert list(rows) == ["test-hall", "ward-2"]
    ward = rows["ward-2"]
    runtime = deployment.halls["ward-2"]
    areas = runtime.queries.areas()
    assert ward["waiting"] == sum(a["waiting"] for a in areas) == 2
    assert ward["oldest_waiting_at"] == areas[0]["oldest_waiting_at"]
    assert ward["longest_wait_min"] == 7
    assert ward["counters_open"] == 1 and ward["counters_total"] == 2
    today = business_date(deployment.clock.now())
    totals = period_report(deployment.engine, runtime.config, Period(today, today),
                           deployment.clock.now())["totals"]
    assert ward["served_today"] == totals["served"] == 1
    assert ward["ratings_today"] == 0 and ward["satisfaction"] is None
    assert ward["links"] == {"manage": "/h/ward-2/manage", "report": "/h/ward-2/manage#report",
                             "display": "/h/ward-2/display", "kiosk": "/h/ward-2/kiosk",
                             "config": "/h/ward-2/api/v1/config"}
    assert rows["test-hall"]["waiting"] == 0 and rows["test-hall"]["default"] is True
    for link in ward["links"].values():
        assert client.get(link.split("#")[0], headers=province).status_code in (200, 302)


def test_satisfaction_shows_when_ratings_exist(client, deployment):
    kiosk_b = _bearer(_token(deployment, "ward-2", "kiosk"))
    manager_b = _bearer(_token(deployment, "ward-2", "manager"))
    ticket = client.post("/h/ward-2/api/v1/tickets", json={"area": "ho-tich"},
                         headers=kiosk_b).get_json()
    client.post("/h/ward-2/api/v1/counters/1/next", headers=manager_b)
    client.post("/h/ward-2/api/v1/counters/1/done", headers=manager_b)
    rated = client.post("/h/ward-2/api/v1/ratings", json={"ticket": ticket["id"], "level": 3})
    assert rated.status_code == 201, rated.get_data(as_text=True)
    province = _bearer(_token(deployment, "*", "province"))
    ward = client.get("/api/v1/province", headers=province).get_json()["halls"][1]
    assert ward["ratings_today"] == 1 and ward["satisfaction"] == 1.0


def test_device_faults_count_the_halls_device_health(client, deployment):
    from devices.adapter import DeviceStatus
    deployment.halls["ward-2"].device_health.report(DeviceStatus("printer", "error", "paper out"))
    deployment.halls["ward-2"].device_health.report(DeviceStatus("keypad-1", "ok", ""))
    province = _bearer(_token(deployment, "*", "province"))
    rows = client.get("/api/v1/province", headers=province).get_json()["halls"]
    assert [(r["device_faults"], r["devices_total"]) for r in rows] == [(0, 0), (1, 2)]


def test_the_cli_creates_a_province_account(app, deployment):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["create-province-user", "--username", "tinh", "--full-name",
                               "Sở Nội vụ", "--password", PASSWORD])
    assert made.exit_code == 0, made.output
    again = runner.invoke(args=["create-province-user", "--username", "tinh", "--full-name",
                                "x", "--password", PASSWORD])
    assert again.exit_code != 0 and "exists" in again.output
    token = runner.invoke(args=["create-token", "--role", "province"])
    assert token.exit_code == 0, token.output
    secret = token.output.strip().splitlines()[-1]
    assert app.test_client().get("/h/ward-2/api/v1/events",
                                 headers=_bearer(secret)).status_code == 200
    token_id = re.search(r"revoke-token (\d+)", token.output).group(1)
    assert runner.invoke(args=["revoke-token", token_id]).exit_code == 0
    assert app.test_client().get("/h/ward-2/api/v1/events",
                                 headers=_bearer(secret)).status_code == 401
    from store.auth import check_user
    principal = check_user(deployment.engine, "ward-2", "tinh", PASSWORD)
    assert principal.role == "province"


def test_the_province_reads_each_halls_configuration(client, deployment):
    province = _bearer(_token(deployment, "*", "province"))
    config = client.get("/h/ward-2/api/v1/config", headers=province).get_json()
    assert config["source"] == "b-ward-2.toml"
    assert config["hall"]["id"] == "ward-2"
    assert config["hall"]["areas"][0]["numbering"]["start"] == 7001
    assert [c["number"] for c in config["hall"]["counters"]] == [1, 2]
    assert client.get("/h/ward-2/api/v1/config").status_code == 401
    kiosk = _bearer(_token(deployment, "ward-2", "kiosk"))
    assert client.get("/h/ward-2/api/v1/config", headers=kiosk).status_code == 403
    manager_a = _bearer(_token(deployment, "test-hall", "manager"))
    assert client.get("/h/ward-2/api/v1/config", headers=manager_a).get_json()["error"]["code"] \
        == "wrong_hall"


def test_every_get_of_every_hall_answers_a_province_person(app, deployment):
    """Every GET route of the app, in each hall, signed in as a province person: never 401,
    403 or 5xx (404 only for made-up ids)."""
    browser, _, _ = _signed_in(app, deployment, "tinh")
    kiosk_b = _bearer(_token(deployment, "ward-2", "kiosk"))
    ticket = browser.post("/h/ward-2/api/v1/tickets", json={"area": "ho-tich"},
                          headers=kiosk_b).get_json()
    values = {"n": "1", "number": "1", "ticket_id": ticket["id"], "announcement_id": "1",
              "token_id": "1", "filename": "css/staff.css", "hall_id": "no-such-branch"}
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        path = rule.rule
        for name in rule.arguments:
            path = re.sub(rf"<(?:[a-z]+:)?{name}>", values[name], path)
        for prefix in ("", "/h/ward-2"):
            if path in ("/province", "/api/v1/province") and prefix:
                continue
            answer = browser.get(prefix + path, query_string={"number": ticket["number"]})
            assert answer.status_code not in (401, 403) and answer.status_code < 500, \
                (prefix + path, answer.status_code, answer.get_data(as_text=True)[:200])
            checked += 1
    assert checked > 40


def test_the_overview_leads_a_province_person_to_the_branches_status(app, deployment):
    browser, _, _ = _signed_in(app, deployment, "tinh-chi-nhanh")
    overview = browser.get("/province").get_data(as_text=True)
    assert 'href="/province/branches"' in overview
    page = browser.get("/province/branches")
    assert page.status_code == 200 and "chi nhánh" in page.get_data(as_text=True).lower()
    assert browser.get("/api/v1/province/branches").status_code == 200
    assert browser.post("/api/v1/province/branch/hello", json={}).status_code in (401, 403)
