"""Password guessing is slowed down without handing anyone a lever against a clerk.

Five failures in a row for one name from one address lock that pair for a minute; the same
name from another address still signs in. A manager (page route or CLI) lifts a lock.
"""
import re

import pytest

from accounts.throttle import LoginThrottle
from store.auth import create_user

HERE, THERE = "10.0.0.5", "10.0.0.9"


@pytest.fixture
def throttle(luot):
    return LoginThrottle(luot.engine, luot.config.id, luot.clock, limit=5, lock_seconds=60)


def test_five_failures_lock_the_pair_then_the_lock_expires(throttle, fake_clock):
    for _ in range(4):
        throttle.failed("lan", HERE)
    assert throttle.wait_seconds("lan", HERE) == 0
    throttle.failed("lan", HERE)
    assert throttle.wait_seconds("lan", HERE) == 60
    fake_clock.advance(seconds=59.5)
    assert throttle.wait_seconds("lan", HERE) == 1
    fake_clock.advance(seconds=1)
    assert throttle.wait_seconds("lan", HERE) == 0


def test_a_lock_holds_only_for_that_name_from_that_address(throttle):
    for _ in range(5):
        throttle.failed("lan", HERE)
    assert throttle.wait_seconds("lan", HERE) == 60
    assert throttle.wait_seconds("lan", THERE) == 0
    assert throttle.wait_seconds("binh", HERE) == 0


def test_names_are_counted_without_regard_to_case(throttle):
    for name in ("Lan", "LAN", "lan", "lAn", "lan"):
        throttle.failed(name, HERE)
    assert throttle.wait_seconds("LaN", HERE) == 60


def test_a_success_clears_the_count(throttle):
    for _ in range(4):
        throttle.failed("lan", HERE)
    throttle.succeeded("lan", HERE)
    for _ in range(4):
        throttle.failed("lan", HERE)
    assert throttle.wait_seconds("lan", HERE) == 0


def test_failures_far_apart_do_not_add_up(throttle, fake_clock):
    for _ in range(4):
        throttle.failed("lan", HERE)
    fake_clock.advance(minutes=16)
    throttle.failed("lan", HERE)
    assert throttle.wait_seconds("lan", HERE) == 0


def test_unlocking_a_name_lifts_its_locks_from_every_address(throttle):
    for address in (HERE, THERE):
        for _ in range(5):
            throttle.failed("lan", address)
    assert [(lock["username"], lock["address"]) for lock in throttle.locks()] == \
        [("lan", HERE), ("lan", THERE)]
    assert throttle.unlock("lan") == 2
    assert throttle.wait_seconds("lan", HERE) == throttle.wait_seconds("lan", THERE) == 0
    assert throttle.locks() == []


# ---------------------------------------------------------------- the login page
@pytest.fixture
def lan(luot):
    return create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan",
                       "clerk", [], luot.clock.now())


def attempt(client, password, address=HERE, username="lan"):
    page = client.get("/login", environ_base={"REMOTE_ADDR": address}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_the_login_page_refuses_a_locked_pair_even_with_the_right_password(app, lan):
    client = app.test_client()
    assert [attempt(client, "sai").status_code for _ in range(5)] == [401] * 5
    locked = attempt(client, "mat-khau-123")
    assert locked.status_code == 429
    assert "thử lại sau 60 giây" in locked.get_data(as_text=True)


def test_someone_guessing_elsewhere_does_not_lock_the_clerk_out(app, lan):
    for _ in range(6):
        attempt(app.test_client(), "sai", address=THERE)
    assert attempt(app.test_client(), "mat-khau-123", address=HERE).status_code == 302


def _lock_lan(app):
    client = app.test_client()
    for _ in range(5):
        attempt(client, "sai")
    assert attempt(client, "mat-khau-123").status_code == 429


def test_a_manager_sees_and_lifts_a_lock(app, luot, lan, tokens):
    _lock_lan(app)
    client = app.test_client()
    listed = client.get("/manage/api/login-locks", headers=tokens["manager"]).get_json()
    assert [(lock["username"], lock["address"], lock["seconds_left"]) for lock in listed] == \
        [("lan", HERE, 60)]
    response = client.post("/manage/api/login-locks/unlock", json={"username": "lan"},
                           headers=tokens["manager"])
    assert response.status_code == 200 and response.get_json() == {"unlocked": 1}
    assert attempt(app.test_client(), "mat-khau-123").status_code == 302


@pytest.mark.parametrize("body, status", [({}, 400), ({"username": ""}, 400),
                                          ({"username": 3}, 400), ({"username": "x" * 61}, 400)])
def test_unlock_needs_a_username(client, tokens, body, status):
    response = client.post("/manage/api/login-locks/unlock", json=body, headers=tokens["manager"])
    assert response.status_code == status and response.get_json()["error"]["code"] == "invalid_field"


def test_only_managers_lift_locks(client, tokens):
    for role in ("clerk1", "kiosk"):
        assert client.post("/manage/api/login-locks/unlock", json={"username": "lan"},
                           headers=tokens[role]).status_code == 403
        assert client.get("/manage/api/login-locks", headers=tokens[role]).status_code == 403
    assert client.get("/manage/api/login-locks").status_code == 401


def test_the_unlock_login_command_lifts_a_lock_held_by_the_server(app, luot, lan, tmp_path,
                                                                   fake_clock):
    """The CLI runs in its own process: the lock lives in the database, not in memory."""
    from server import Settings, create_app
    _lock_lan(app)
    other = create_app(Settings(**{**luot.settings.__dict__, "clock": fake_clock}))
    result = other.test_cli_runner().invoke(args=["unlock-login", "--username", "LAN"])
    assert result.exit_code == 0, result.output
    assert "1" in result.output and "lan" in result.output
    assert attempt(app.test_client(), "mat-khau-123").status_code == 302
    result = other.test_cli_runner().invoke(args=["unlock-login", "--username", "lan"])
    assert result.exit_code == 0 and "no lock" in result.output


def test_the_lock_survives_a_restart(app, luot, lan, fake_clock):
    from server import Settings, create_app
    _lock_lan(app)
    restarted = create_app(Settings(**{**luot.settings.__dict__, "clock": fake_clock}))
    assert attempt(restarted.test_client(), "mat-khau-123").status_code == 429
