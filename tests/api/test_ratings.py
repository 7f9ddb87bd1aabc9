"""Rating over HTTP: the phone page by the ticket's id, the counter's rating screen by its
token and the public id of the ticket it was invited for; the clerk's and manager's views."""
import pytest

from hall.public import public_id


@pytest.fixture
def screen(luot):
    """Bearer headers of counter 2's rating screen."""
    from store.auth import create_token
    secret = create_token(luot.engine, luot.config.id, "rating", "Màn hình đánh giá quầy 2", [2],
                          luot.clock.now())
    return {"Authorization": f"Bearer {secret}"}


def serve(client, tokens, counter=2, clerk="clerk2"):
    """Issue a ticket, call it at the counter and finish it; returns the ticket."""
    ticket = client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"]).get_json()
    assert client.post(f"/api/v1/counters/{counter}/next", headers=tokens[clerk]).status_code == 200
    assert client.post(f"/api/v1/counters/{counter}/done", headers=tokens[clerk]).status_code == 200
    return ticket


def rate_on_screen(client, screen, ticket, level=3, reasons=(), counter=2):
    return client.post("/api/v1/ratings", headers=screen, json={
        "counter": counter, "public_id": public_id(ticket["id"]), "level": level, "reasons": list(reasons)})


def error_code(response):
    return response.get_json()["error"]["code"]


# ------------------------------------------------------------------ the phone page
def test_the_phone_page_rates_its_served_ticket_once(client, tokens):
    ticket = serve(client, tokens)
    before = client.get(f"/api/v1/tickets/{ticket['id']}/rating").get_json()
    assert before["rating"] is None and before["open"] is True
    assert [lv["label"] for lv in before["scale"]["levels"]] == ["Rất hài lòng", "Hài lòng", "Chưa hài lòng"]

    response = client.post("/api/v1/ratings", json={"ticket": ticket["id"], "level": 1,
                                                    "reasons": ["thoi-gian-cho"]})
    assert response.status_code == 201
    rating = response.get_json()
    assert (rating["level"], rating["reasons"], rating["source"]) == (1, ["thoi-gian-cho"], "phone")
    assert "ticket" not in rating and rating["public_id"] == public_id(ticket["id"])

    again = client.post("/api/v1/ratings", json={"ticket": ticket["id"], "level": 3})
    assert again.status_code == 409 and error_code(again) == "already_rated"
    after = client.get(f"/api/v1/tickets/{ticket['id']}/rating").get_json()
    assert after["open"] is False and after["rating"]["level"] == 1


def test_an_unserved_or_unknown_ticket_is_refused_with_a_clear_message(client, tokens):
    waiting = client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"]).get_json()
    refused = client.post("/api/v1/ratings", json={"ticket": waiting["id"], "level": 3})
    assert refused.status_code == 409 and error_code(refused) == "not_served"
    assert "phục vụ" in refused.get_json()["error"]["message"]
    assert client.get(f"/api/v1/tickets/{waiting['id']}/rating").get_json()["open"] is False
    unknown = client.post("/api/v1/ratings", json={"ticket": "no-such-ticket", "level": 3})
    assert unknown.status_code == 404 and error_code(unknown) == "unknown_ticket"
    assert client.get("/api/v1/tickets/no-such-ticket/rating").status_code == 404


@pytest.mark.parametrize("body, status, code", [
    ({"level": 3}, 400, "missing_field"),
    ({"ticket": "x", "level": 9}, 400, "invalid_level"),
    ({"ticket": "x", "level": "3"}, 400, "invalid_level"),
    ({"ticket": "x", "level": 3, "reasons": ["thai-do"]}, 400, "invalid_reason"),
    ({"ticket": "x", "level": 1, "reasons": ["free text of my own"]}, 400, "invalid_reason"),
    ([1, 2], 400, "invalid_json"),
])
def test_bad_ratings_are_refused_as_json_and_change_nothing(client, tokens, luot, body, status, code):
    ticket = serve(client, tokens)
    if isinstance(body, dict) and body.get("ticket") == "x":
        body = {**body, "ticket": ticket["id"]}
    response = client.post("/api/v1/ratings", json=body)
    assert response.status_code == status and error_code(response) == code
    assert luot.hall.ratings.rating_of(ticket["id"]) is None


def test_the_rating_closes_at_the_end_of_the_business_day(client, tokens, fake_clock):
    ticket = serve(client, tokens)
    fake_clock.advance(days=1)
    assert client.get(f"/api/v1/tickets/{ticket['id']}/rating").get_json()["open"] is False
    late = client.post("/api/v1/ratings", json={"ticket": ticket["id"], "level": 3})
    assert late.status_code == 409 and error_code(late) == "rating_closed"


# ------------------------------------------------------------------ the counter's screen
def test_the_rating_screen_rates_the_ticket_its_counter_just_finished(client, tokens, screen, luot):
    ticket = serve(client, tokens)
    response = rate_on_screen(client, screen, ticket, level=1, reasons=["thai-do"])
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["source"] == "screen" and "ticket" not in response.get_json()
    stored = luot.hall.uow.store.read
    with stored() as tx:
        rating = tx.get_rating(ticket["id"])
    assert rating.counter == 2 and rating.reasons == ("thai-do",)


def test_a_screen_rating_never_lands_on_the_next_citizen_when_the_clerk_moves_fast(
        client, tokens, screen, luot, fake_clock):
    first = serve(client, tokens)
    fake_clock.advance(seconds=4)
    second = serve(client, tokens)        # finished before the first citizen tapped
    late = rate_on_screen(client, screen, first)
    assert late.status_code == 409 and error_code(late) == "not_invited"
    assert luot.hall.ratings.rating_of(first["id"]) is None
    assert luot.hall.ratings.rating_of(second["id"]) is None
    assert rate_on_screen(client, screen, second).status_code == 201


def test_the_screen_invitation_ends_after_invite_seconds(client, tokens, screen, fake_clock, luot):
    ticket = serve(client, tokens)
    fake_clock.advance(seconds=luot.config.rating.invite_seconds + 10)
    response = rate_on_screen(client, screen, ticket)
    assert response.status_code == 409 and error_code(response) == "nothing_to_rate"


def test_a_screen_rates_only_at_its_own_counter_and_only_with_a_rating_token(client, tokens, screen):
    ticket = serve(client, tokens, counter=1, clerk="clerk1")
    other = rate_on_screen(client, screen, ticket, counter=1)
    assert other.status_code == 403 and error_code(other) == "forbidden_counter"
    anonymous = client.post("/api/v1/ratings", json={"counter": 1, "public_id": public_id(ticket["id"]),
                                                     "level": 3})
    assert anonymous.status_code == 401
    kiosk = rate_on_screen(client, tokens["kiosk"], ticket, counter=1)
    assert kiosk.status_code == 403 and error_code(kiosk) == "forbidden"
    unknown = rate_on_screen(client, screen, ticket, counter=99)
    assert unknown.status_code == 404 and error_code(unknown) == "unknown_counter"


def test_a_rating_token_is_made_by_the_cli_for_a_counter(app, luot):
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["create-token", "--role", "rating"])
    assert refused.exit_code != 0 and "needs at least one --counter" in refused.output
    made = runner.invoke(args=["create-token", "--role", "rating", "--counter", "2"])
    assert made.exit_code == 0, made.output
    from store.auth import find_token
    principal = find_token(luot.engine, luot.config.id, made.output.strip().splitlines()[-1])
    assert (principal.role, principal.counters) == ("rating", (2,))


# ------------------------------------------------------------------ who sees ratings
def test_the_clerk_sees_their_own_days_ratings_without_who_gave_them(client, tokens, luot):
    from store.auth import create_user
    create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan", "clerk", [],
                luot.clock.now())
    csrf = _login(client, "lan")
    assert client.post("/api/v1/counters/2/sign-in", headers=csrf).status_code == 200
    tickets = []
    for _ in range(3):
        tickets.append(client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"]).get_json())
        client.post("/api/v1/counters/2/next", headers=csrf)
        client.post("/api/v1/counters/2/done", headers=csrf)
    someone_else = serve(client, tokens, counter=1, clerk="clerk1")
    for ticket, level, reasons in [(tickets[0], 3, []), (tickets[1], 1, ["thai-do", "di-lai"]),
                                   (tickets[2], 1, []), (someone_else, 1, ["huong-dan"])]:
        assert client.post("/api/v1/ratings", json={"ticket": ticket["id"], "level": level,
                                                    "reasons": reasons}).status_code == 201
    mine = client.get("/api/v1/me/ratings").get_json()
    assert mine["count"] == 3 and mine["satisfied"] == 1
    assert [(lv["value"], lv["count"]) for lv in mine["levels"]] == [(3, 1), (2, 0), (1, 2)]
    assert mine["latest_reasons"] == [[{"id": "thai-do", "label": "Thái độ phục vụ", "label_en": "Staff attitude"},
                                       {"id": "di-lai", "label": "Phải đi lại nhiều lần",
                                        "label_en": "Had to come back several times"}]]
    assert "1002" not in str(mine)


def test_my_ratings_need_a_signed_in_person(client):
    assert client.get("/api/v1/me/ratings").status_code == 401


def test_the_manager_sees_every_rating_of_a_day_with_ticket_counter_clerk_and_reasons(client, tokens, fake_clock):
    first = serve(client, tokens)
    client.post("/api/v1/ratings", json={"ticket": first["id"], "level": 1, "reasons": ["thoi-gian-cho"]})
    day = client.get("/manage/api/ratings", headers=tokens["manager"]).get_json()
    assert day["business_date"] == "2026-11-30" and day["count"] == 1
    row = day["ratings"][0]
    assert (row["number"], row["area_name"], row["counter"], row["level"], row["source"]) == (
        "1001", "Đất đai", 2, 1, "phone")
    assert row["clerk"] == "test clerk (mã thiết bị)"
    assert row["reasons"] == [{"id": "thoi-gian-cho", "label": "Thời gian chờ lâu", "label_en": "Long wait"}]
    assert "id" not in row and first["id"] not in str(day)
    assert client.get("/manage/api/ratings?date=2026-11-29", headers=tokens["manager"]).get_json()["count"] == 0
    bad = client.get("/manage/api/ratings?date=30/11/2026", headers=tokens["manager"])
    assert bad.status_code == 400 and error_code(bad) == "invalid_query"
    assert client.get("/manage/api/ratings", headers=tokens["clerk1"]).status_code == 403


def _login(client, username) -> dict:
    """Sign in; returns the header that session writes carry."""
    from tests.api.test_sessions import csrf_of, login
    login(client, username)
    return {"X-CSRFToken": csrf_of(client, 2)}
