"""The manager's page and its JSON routes: who may see them, CSRF, tokens, ticket look-up."""
import re

import pytest

from store.auth import create_user, find_token, hash_token

PASSWORD = "mat-khau-123"


@pytest.fixture
def people(luot):
    now = luot.clock.now()
    return {username: create_user(luot.engine, luot.config.id, username, PASSWORD, name, role, [], now)
            for username, name, role in [("lan", "Nguyễn Thị Lan", "clerk"),
                                         ("hoa", "Lê Thị Hoa", "manager")]}


def login(client, username):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    page = client.get("/login").get_data(as_text=True)     # signing in made a new CSRF secret
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def manager(client, people):
    """A test client signed in as a manager, with the CSRF header of its page."""
    token = login(client, "hoa")
    return client, {"X-CSRFToken": token}


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/manage")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_clerk_gets_a_friendly_refusal_page(client, people):
    login(client, "lan")
    response = client.get("/manage")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "dành cho quản lý trung tâm" in page and "Nguyễn Thị Lan" in page


def test_a_manager_gets_the_dashboard_with_the_csrf_token(manager):
    client, _ = manager
    page = client.get("/manage").get_data(as_text=True)
    assert "Quản lý trung tâm" in page and "Lê Thị Hoa" in page
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    created = client.post("/manage/api/tokens", headers={"X-CSRFToken": csrf},
                          json={"role": "kiosk", "name": "Ki-ốt"})
    assert created.status_code == 201


@pytest.mark.parametrize("method, path", [("GET", "/manage/api/tokens"),
                                          ("POST", "/manage/api/tokens"),
                                          ("POST", "/manage/api/tokens/1/revoke"),
                                          ("GET", "/manage/api/tickets?number=1001")])
def test_the_manager_routes_refuse_anonymous_callers_and_clerks(app, people, tokens, method, path):
    anonymous = app.test_client().open(path, method=method, json={"role": "kiosk", "name": "x"})
    assert anonymous.status_code == 401
    assert anonymous.get_json()["error"]["code"] == "unauthorized"
    clerk = app.test_client()
    csrf = login(clerk, "lan")
    refused = clerk.open(path, method=method, json={"role": "kiosk", "name": "x"},
                         headers={"X-CSRFToken": csrf})
    assert refused.status_code == 403
    assert app.test_client().open(path, method=method, headers=tokens["kiosk"],
                                  json={"role": "kiosk", "name": "x"}).status_code == 403


def test_creating_a_token_needs_the_csrf_token(manager):
    client, _ = manager
    response = client.post("/manage/api/tokens", json={"role": "kiosk", "name": "Ki-ốt sảnh"})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "csrf_failed"
    assert client.get("/manage/api/tokens").get_json() == []


def test_a_new_kiosk_token_is_shown_once_and_stored_only_as_a_hash(manager, luot):
    client, headers = manager
    response = client.post("/manage/api/tokens", headers=headers,
                           json={"role": "kiosk", "name": "  Ki-ốt   sảnh chính "})
    assert response.status_code == 201
    body = response.get_json()
    secret = body["secret"]
    assert body["token"]["name"] == "Ki-ốt sảnh chính" and body["token"]["role"] == "kiosk"
    assert set(body) == {"token", "secret"}                  # no enrol link: no secret in an address
    assert find_token(luot.engine, luot.config.id, secret).role == "kiosk"
    listed = client.get("/manage/api/tokens").get_data(as_text=True)
    assert secret not in listed and hash_token(secret) not in listed
    with luot.engine.connect() as conn:
        stored = [tuple(row) for row in conn.exec_driver_sql("SELECT * FROM tokens")]
    assert not any(secret in str(value) for row in stored for value in row)
    assert any(hash_token(secret) in row for row in stored)
    kiosk = client.post("/api/v1/tickets", json={"area": "dat-dai"},
                        headers={"Authorization": f"Bearer {secret}"})
    assert kiosk.status_code == 201


def test_a_display_token_is_made_too(manager):
    client, headers = manager
    body = client.post("/manage/api/tokens", headers=headers,
                       json={"role": "display", "name": "TV sảnh"}).get_json()
    assert body["token"]["role"] == "display" and body["token"]["max_per_minute"] == 0


@pytest.mark.parametrize("body", [{"role": "manager", "name": "x"}, {"role": "kiosk", "name": " "},
                                  {"role": "kiosk", "name": "x" * 121}, {"role": "kiosk"}, ["kiosk"]])
def test_a_manager_cannot_mint_other_roles_or_nameless_tokens(manager, body):
    client, headers = manager
    response = client.post("/manage/api/tokens", headers=headers, json=body)
    assert response.status_code == 400


def test_a_revoked_token_stops_working_and_is_listed_as_revoked(manager):
    client, headers = manager
    created = client.post("/manage/api/tokens", headers=headers,
                          json={"role": "kiosk", "name": "Ki-ốt cũ"}).get_json()
    token_id = created["token"]["id"]
    kiosk = {"Authorization": f"Bearer {created['secret']}"}
    assert client.post(f"/manage/api/tokens/{token_id}/revoke").status_code == 403   # no CSRF
    revoked = client.post(f"/manage/api/tokens/{token_id}/revoke", headers=headers)
    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"]
    again = client.post(f"/manage/api/tokens/{token_id}/revoke", headers=headers).get_json()
    assert again["revoked_at"] == revoked.get_json()["revoked_at"]
    refused = client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=kiosk)
    assert refused.status_code == 401
    listed = {t["id"]: t for t in client.get("/manage/api/tokens").get_json()}
    assert listed[token_id]["revoked_at"] is not None


def test_revoking_an_unknown_token_is_a_404(manager):
    client, headers = manager
    response = client.post("/manage/api/tokens/999/revoke", headers=headers)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "unknown_token"


def test_a_manager_may_not_revoke_a_manager_token_but_an_admin_may(manager, app, tokens):
    client, headers = manager
    listed = client.get("/manage/api/tokens").get_json()
    manager_token = next(t for t in listed if t["role"] == "manager")
    path = f"/manage/api/tokens/{manager_token['id']}/revoke"
    assert client.post(path, headers=headers).status_code == 403
    assert app.test_client().post(path, headers=tokens["admin"]).status_code == 200


def test_todays_tickets_are_found_by_number(manager, tokens, fake_clock):
    client, _ = manager
    for area in ("dat-dai", "tra-ket-qua", "dat-dai"):
        client.post("/api/v1/tickets", json={"area": area}, headers=tokens["kiosk"])
    found = client.get("/manage/api/tickets?number=1002").get_json()
    assert [(t["number"], t["area"]) for t in found] == [("1002", "dat-dai")]
    assert [t["number"] for t in client.get("/manage/api/tickets?number=k001").get_json()] == ["K001"]
    assert client.get("/manage/api/tickets?number=1009").get_json() == []
    assert client.get("/manage/api/tickets?number=").status_code == 400
    fake_clock.advance(days=1)
    login(client, "hoa")                       # a day idle ended the session
    assert client.get("/manage/api/tickets?number=1002").get_json() == []


def test_the_preview_and_reprint_of_a_found_ticket(manager, tokens):
    client, headers = manager
    client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"])
    ticket = client.get("/manage/api/tickets?number=1001").get_json()[0]
    image = client.get(f"/api/v1/tickets/{ticket['id']}/ticket.png")
    assert image.status_code == 200 and image.data[:8] == b"\x89PNG\r\n\x1a\n"
    refused = client.post(f"/api/v1/tickets/{ticket['id']}/reprint", headers=headers)
    assert refused.status_code == 409            # the test hall has no printer
    assert refused.get_json()["error"]["code"] == "no_printer"


def page_config(html: str) -> dict:
    import json
    return json.loads(re.search(r'id="manage-config">(.*?)</script>', html, re.S).group(1))


def test_the_page_takes_the_long_wait_threshold_and_the_row_commands_from_the_server(manager, luot):
    client, _ = manager
    config = page_config(client.get("/manage").get_data(as_text=True))
    assert config["long_wait_minutes"] == luot.config.long_wait_minutes == 30
    rows = {status: [c["name"] for c in commands] for status, commands in config["row_commands"].items()}
    assert rows == {"closed": ["open"], "idle": ["pause", "close"], "paused": ["resume", "close"],
                    "serving": ["done"]}
    pause = config["row_commands"]["idle"][0]
    assert (pause["label_vi"], pause["fields"], pause["primary"]) == ("Tạm dừng", ["reason"], False)


def test_every_row_command_is_one_the_domain_allows_in_that_state():
    from admin.web import ROW_COMMANDS
    from hall.commands import COMMANDS
    from hall.model import CounterState
    from hall.states import CounterStatus
    for status, names in ROW_COMMANDS.items():
        for name in names:
            state = CounterState("hall", 1, CounterStatus(status))
            assert COMMANDS[name].allowed_for(state), (status, name)


def test_a_rating_screen_token_is_made_for_one_counter_of_the_hall(manager, luot):
    client, headers = manager
    made = client.post("/manage/api/tokens", headers=headers,
                       json={"role": "rating", "name": "Màn hình đánh giá quầy 3", "counter": 3})
    assert made.status_code == 201 and made.get_json()["token"]["counters"] == [3]
    assert find_token(luot.engine, luot.config.id, made.get_json()["secret"]).role == "rating"
    for counter, status in [(None, 400), ("3", 400), (99, 404)]:
        refused = client.post("/manage/api/tokens", headers=headers,
                              json={"role": "rating", "name": "x", "counter": counter})
        assert refused.status_code == status
