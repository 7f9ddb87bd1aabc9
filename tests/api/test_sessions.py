"""People who sign in: login, one clerk per counter, CSRF on session writes."""
import re

import pytest

from store.auth import create_user


@pytest.fixture
def people(luot):
    return add_people(luot)


def add_people(luot) -> dict:
    """Lan (clerk), Bình (clerk of counter 2), Hoa (manager): their ids by username."""
    now = luot.clock.now()
    ids = {}
    for username, name, role, counters in [("lan", "Nguyễn Thị Lan", "clerk", []),
                                          ("binh", "Trần Văn Bình", "clerk", [2]),
                                          ("hoa", "Lê Thị Hoa", "manager", [])]:
        ids[username] = create_user(luot.engine, luot.config.id, username, "mat-khau-123", name,
                                    role, counters, now)
    return ids


def login(client, username, password="mat-khau-123"):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": token})
    if response.status_code == 302:          # signing in made a new CSRF secret
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return response, token


def csrf_of(client, n=1):
    page = client.get(f"/counter/{n}").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def test_wrong_password_is_refused(client, people):
    response, _ = login(client, "lan", "sai-mat-khau")
    assert response.status_code == 401
    assert "không đúng" in response.get_data(as_text=True)


def test_login_form_without_csrf_is_refused(client, people):
    response = client.post("/login", data={"username": "lan", "password": "mat-khau-123"})
    assert response.status_code == 400


def test_a_clerk_signs_in_at_a_counter_and_calls(app, client, people, tokens):
    client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"])
    response, token = login(client, "lan")
    assert response.status_code == 302
    headers = {"X-CSRFToken": token}
    assert client.post("/api/v1/counters/1/next", headers=headers).status_code == 403   # not seated
    seated = client.post("/api/v1/counters/1/sign-in", headers=headers)
    assert seated.status_code == 200 and seated.get_json()["clerk"] == "Nguyễn Thị Lan"
    body = client.post("/api/v1/counters/1/next", headers=headers).get_json()
    assert body["current"]["number"] == "1001"
    log = client.application.extensions["luot"].audit(0, 100)
    assert [e["actor"] for e in log if e["name"] == "ticket_called"][0].endswith("Nguyễn Thị Lan")


def test_session_writes_need_the_csrf_token(client, people):
    login(client, "lan")
    response = client.post("/api/v1/counters/1/sign-in")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_a_second_clerk_is_refused_with_the_holders_name(app, people):
    first, second = app.test_client(), app.test_client()
    _, t1 = login(first, "lan")
    _, t2 = login(second, "binh")
    assert first.post("/api/v1/counters/2/sign-in", headers={"X-CSRFToken": t1}).status_code == 200
    refused = second.post("/api/v1/counters/2/sign-in", headers={"X-CSRFToken": t2})
    assert refused.status_code == 409
    assert "Nguyễn Thị Lan" in refused.get_json()["error"]["message"]
    assert second.post("/api/v1/counters/2/next", headers={"X-CSRFToken": t2}).status_code == 403


def test_a_clerk_limited_to_some_counters_cannot_take_others(client, people):
    _, token = login(client, "binh")
    assert client.post("/api/v1/counters/1/sign-in", headers={"X-CSRFToken": token}).status_code == 403


def test_a_manager_releases_a_counter(app, people):
    clerk, manager = app.test_client(), app.test_client()
    _, t1 = login(clerk, "lan")
    _, t2 = login(manager, "hoa")
    clerk.post("/api/v1/counters/3/sign-in", headers={"X-CSRFToken": t1})
    released = manager.post("/api/v1/counters/3/sign-out", headers={"X-CSRFToken": t2})
    assert released.get_json()["clerk"] is None
    assert clerk.post("/api/v1/counters/3/next", headers={"X-CSRFToken": t1}).status_code == 403


def test_logout_releases_the_counter(client, people):
    _, token = login(client, "lan")
    client.post("/api/v1/counters/4/sign-in", headers={"X-CSRFToken": token})
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/api/v1/counters/4").get_json()["clerk"] is None
    assert client.get("/counter").status_code == 302     # back to the login page


def test_a_clerk_sees_their_own_day_and_the_no_shows(client, people, tokens, fake_clock):
    for _ in range(3):
        client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"])
    _, token = login(client, "lan")
    headers = {"X-CSRFToken": token}
    client.post("/api/v1/counters/1/sign-in", headers=headers)
    client.post("/api/v1/counters/1/next", headers=headers)
    fake_clock.advance(minutes=4)
    client.post("/api/v1/counters/1/next", headers=headers)
    client.post("/api/v1/counters/1/no-show", headers=headers)
    assert client.get("/api/v1/me/today").get_json() == {
        "served": 1, "no_show": 1, "avg_service_seconds": 240.0}
    missed = client.get("/api/v1/counters/1/no-shows").get_json()
    assert [t["number"] for t in missed] == ["1002"]
    assert client.get("/api/v1/counters/2/no-shows").status_code == 403
