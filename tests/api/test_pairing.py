"""Devices pair with a one-time code, never a secret in an address (issue 11, item 8)."""
import sqlalchemy as sa

from store.auth import create_user
from store.tables import pairing_codes
from tests.admin.test_manage_routes import login


def _manager(app, luot):
    create_user(luot.engine, luot.config.id, "hoa", "mat-khau-123", "Lê Thị Hoa", "manager", [],
                luot.clock.now())
    client = app.test_client()
    return client, {"X-CSRFToken": login(client, "hoa")}


def _code(app, luot, **body):
    client, csrf = _manager(app, luot)
    made = client.post("/manage/api/pairing-codes", headers=csrf,
                       json={"role": "kiosk", "name": "Ki-ốt sảnh", **body})
    assert made.status_code == 201, made.get_json()
    return made.get_json()


def test_a_kiosk_pairs_once_with_the_code_the_manager_made(app, client, luot):
    made = _code(app, luot, max_per_minute=6)
    assert len(made["code"].replace(" ", "")) == 8 and made["valid_minutes"] == 10
    with luot.engine.connect() as conn:                      # only a hash is stored
        stored = conn.execute(sa.select(pairing_codes)).first()
    assert made["code"].replace(" ", "") not in repr(stored)
    paired = client.post("/api/v1/pair", json={"code": made["code"], "role": "kiosk"})
    assert paired.status_code == 201
    body = paired.get_json()
    assert body["role"] == "kiosk" and body["name"] == "Ki-ốt sảnh" and body["max_per_minute"] == 6
    bearer = {"Authorization": f"Bearer {body['token']}"}
    assert client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=bearer).status_code == 201
    again = client.post("/api/v1/pair", json={"code": made["code"], "role": "kiosk"})
    assert again.status_code == 400 and again.get_json()["error"]["code"] == "invalid_pairing_code"


def test_a_code_expires(app, client, luot, fake_clock):
    made = _code(app, luot)
    fake_clock.advance(minutes=10, seconds=1)
    assert client.post("/api/v1/pair", json={"code": made["code"], "role": "kiosk"}).status_code == 400


def test_wrong_guesses_wear_every_pending_code_out(app, client, luot):
    made = _code(app, luot)
    real = made["code"].replace(" ", "")
    wrong = f"{(int(real) + 1) % 10**8:08d}"
    for _ in range(5):
        assert client.post("/api/v1/pair", json={"code": wrong, "role": "kiosk"}).status_code == 400
    refused = client.post("/api/v1/pair", json={"code": real, "role": "kiosk"})
    assert refused.status_code == 400                        # worn out: ask for a new code


def test_a_code_for_another_device_is_refused_and_stays_usable(app, client, luot):
    made = _code(app, luot, role="rating", counter=2)
    other = client.post("/api/v1/pair", json={"code": made["code"], "role": "kiosk"})
    assert other.status_code == 409 and other.get_json()["error"]["code"] == "other_device"
    wrong_counter = client.post("/api/v1/pair", json={"code": made["code"], "role": "rating", "counter": 1})
    assert wrong_counter.status_code == 409
    paired = client.post("/api/v1/pair", json={"code": made["code"], "role": "rating", "counter": 2})
    assert paired.status_code == 201 and paired.get_json()["counters"] == [2]


def test_only_a_manager_makes_codes(app, client, luot, tokens):
    assert client.post("/manage/api/pairing-codes", json={"role": "kiosk", "name": "k"}).status_code == 401
    assert client.post("/manage/api/pairing-codes", json={"role": "kiosk", "name": "k"},
                       headers=tokens["kiosk"]).status_code == 403


def test_bad_pairing_requests_are_4xx(client):
    for body in ({"code": "1234 5678"}, {"code": "1234 5678", "role": "clerk"},
                 {"code": ["x"], "role": "kiosk"}, {"code": "12345678", "role": "kiosk", "counter": "2"}):
        answer = client.post("/api/v1/pair", json=body)
        assert answer.status_code == 400 and "error" in answer.get_json()


def test_a_made_token_puts_no_secret_in_an_address(app, luot):
    client, csrf = _manager(app, luot)
    made = client.post("/manage/api/tokens", headers=csrf, json={"role": "kiosk", "name": "k"})
    assert made.status_code == 201 and set(made.get_json()) == {"token", "secret"}
