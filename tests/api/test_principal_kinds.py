"""Every route checks who is acting: a device token or a signed-in person (issue 11, item 2).

A token's id and a person's id are counted apart (both start at 1): a device must never pass
for the person whose id it shares."""
import pytest

from store.auth import create_token, create_user, find_token
from tests.api.test_sessions import add_people, login


@pytest.fixture
def people(luot):
    return add_people(luot)


def _bearer(luot, role, counters=()):
    secret = create_token(luot.engine, luot.config.id, role, f"test {role}", counters,
                          luot.clock.now())
    return find_token(luot.engine, luot.config.id, secret).id, {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("role", ["display", "kiosk", "rating"])
def test_a_device_token_sharing_the_clerks_id_cannot_sign_the_clerk_out(app, luot, people, role):
    clerk = app.test_client()
    _, csrf = login(clerk, "binh")                     # binh may sit at counter 2
    assert clerk.post("/api/v1/counters/2/sign-in", headers={"X-CSRFToken": csrf}).status_code == 200
    token_id = None
    while token_id != people["binh"]:                  # a token whose id is binh's id
        token_id, device = _bearer(luot, role, [2] if role == "rating" else [])
        assert token_id <= people["binh"]
    answer = app.test_client().post("/api/v1/counters/2/sign-out", headers=device)
    assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "person_only"
    assert luot.queries.counter(2)["clerk"] == "Trần Văn Bình"


@pytest.mark.parametrize("role", ["kiosk", "display", "clerk", "manager", "admin"])
def test_sign_in_sign_out_and_my_day_are_for_signed_in_people_only(client, tokens, role):
    headers = tokens["clerk1" if role == "clerk" else role]
    for method, path in [("post", "/api/v1/counters/1/sign-in"), ("post", "/api/v1/counters/1/sign-out"),
                         ("get", "/api/v1/me/today")]:
        answer = getattr(client, method)(path, headers=headers)
        assert answer.status_code == 403, (path, answer.get_json())
        assert answer.get_json()["error"]["code"] == "person_only"
    assert client.get("/api/v1/me/today").status_code == 401


def test_a_signed_in_manager_still_releases_a_counter(app, people):
    clerk, manager = app.test_client(), app.test_client()
    _, t1 = login(clerk, "lan")
    _, t2 = login(manager, "hoa")
    clerk.post("/api/v1/counters/1/sign-in", headers={"X-CSRFToken": t1})
    released = manager.post("/api/v1/counters/1/sign-out", headers={"X-CSRFToken": t2})
    assert released.status_code == 200 and released.get_json()["clerk"] is None


def test_a_person_never_holds_a_device_role(luot):
    for role in ("kiosk", "display", "rating"):
        with pytest.raises(ValueError):
            create_user(luot.engine, luot.config.id, f"x{role}", "mat-khau-123", "X", role, [],
                        luot.clock.now())


def test_a_display_or_rating_token_cannot_issue_tickets_or_act(client, luot, tokens):
    _, rating = _bearer(luot, "rating", [1])
    for headers in (tokens["display"], rating):
        assert client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=headers).status_code == 403
        assert client.post("/api/v1/counters/1/next", headers=headers).status_code == 403
