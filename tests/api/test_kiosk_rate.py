"""A kiosk token issues at most its ticket rate (issue 11, item 3): 429 with the JSON error
beyond it, enforced by the database, set per token, visible to the manager."""
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from store.auth import KIOSK_PER_MINUTE, create_token, list_tokens
from store.rates import take_ticket_slot
from store.tables import tokens as tokens_table


def _kiosk(luot, max_per_minute=None):
    secret = create_token(luot.engine, luot.config.id, "kiosk", "Ki-ốt sảnh", [], luot.clock.now(),
                          max_per_minute)
    return {"Authorization": f"Bearer {secret}"}


def _issue(client, headers):
    return client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=headers)


def test_a_kiosk_token_is_limited_by_default(client, luot, fake_clock):
    kiosk = _kiosk(luot)
    assert [_issue(client, kiosk).status_code for _ in range(KIOSK_PER_MINUTE)] == [201] * KIOSK_PER_MINUTE
    refused = _issue(client, kiosk)
    assert refused.status_code == 429
    error = refused.get_json()["error"]
    assert error["code"] == "rate_limited" and "vui lòng chờ" in error["message"]
    assert error["details"]["retry_after_seconds"] == 5 and refused.headers["Retry-After"] == "5"
    fake_clock.advance(seconds=5)                       # one every 60/12 s after the burst
    assert _issue(client, kiosk).status_code == 201
    assert _issue(client, kiosk).status_code == 429
    fake_clock.advance(minutes=1)
    assert _issue(client, kiosk).status_code == 201


def test_the_manager_sees_the_limit_and_when_it_was_hit(client, luot, fake_clock):
    kiosk = _kiosk(luot, 2)
    for _ in range(3):
        _issue(client, kiosk)
    listed = list_tokens(luot.engine, luot.config.id)[0]
    assert listed["max_per_minute"] == 2
    assert listed["last_limited_at"] == "2026-11-30T09:00:00.000+07:00"


def test_zero_means_no_limit(client, luot):
    kiosk = _kiosk(luot, 0)
    assert all(_issue(client, kiosk).status_code == 201 for _ in range(40))


def test_the_limit_holds_across_connections_at_once(luot):
    """Many requests at once (as from several server processes): the database lets exactly the
    burst through."""
    create_token(luot.engine, luot.config.id, "kiosk", "k", [], luot.clock.now(), 5)
    token_id = list_tokens(luot.engine, luot.config.id)[0]["id"]
    now = luot.clock.now()
    with ThreadPoolExecutor(8) as pool:
        waits = list(pool.map(lambda _: take_ticket_slot(luot.engine, token_id, 5, now), range(40)))
    assert waits.count(0.0) == 5


def test_create_token_sets_the_rate(app, luot):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["create-token", "--role", "kiosk", "--name", "k", "--max-per-minute", "3"])
    assert made.exit_code == 0, made.output
    assert list_tokens(luot.engine, luot.config.id)[0]["max_per_minute"] == 3
    made = runner.invoke(args=["create-token", "--role", "kiosk", "--name", "k2"])
    assert list_tokens(luot.engine, luot.config.id)[0]["max_per_minute"] == KIOSK_PER_MINUTE
    refused = runner.invoke(args=["create-token", "--role", "display", "--max-per-minute", "3"])
    assert refused.exit_code != 0
    refused = runner.invoke(args=["create-token", "--role", "kiosk", "--max-per-minute", "-1"])
    assert refused.exit_code != 0


def test_the_managers_page_sets_the_rate_on_creation(app, luot):
    from tests.admin.test_manage_routes import login
    from store.auth import create_user
    create_user(luot.engine, luot.config.id, "hoa", "mat-khau-123", "Lê Thị Hoa", "manager", [],
                luot.clock.now())
    client = app.test_client()
    csrf = {"X-CSRFToken": login(client, "hoa")}
    made = client.post("/manage/api/tokens", headers=csrf,
                       json={"role": "kiosk", "name": "Ki-ốt 2", "max_per_minute": 6})
    assert made.status_code == 201 and made.get_json()["token"]["max_per_minute"] == 6
    bad = client.post("/manage/api/tokens", headers=csrf,
                      json={"role": "kiosk", "name": "Ki-ốt 3", "max_per_minute": -2})
    assert bad.status_code == 400
    with luot.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(tokens_table)).scalar() == 1


def test_the_limit_holds_on_postgresql_too(postgres_url, fake_clock):
    from store.engine import make_engine
    from store.migrate import upgrade
    from tests.support.databases import fresh_postgres_database
    engine = make_engine(fresh_postgres_database(postgres_url))
    upgrade(engine)
    create_token(engine, "test-hall", "kiosk", "k", [], fake_clock.now(), 5)
    token_id = list_tokens(engine, "test-hall")[0]["id"]
    with ThreadPoolExecutor(8) as pool:
        waits = list(pool.map(lambda _: take_ticket_slot(engine, token_id, 5, fake_clock.now()),
                              range(40)))
    assert waits.count(0.0) == 5 and min(w for w in waits if w) == 12     # 60/5 s
    assert list_tokens(engine, "test-hall")[0]["last_limited_at"] is not None
    engine.dispose()
