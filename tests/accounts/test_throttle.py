"""Password guessing is slowed down: five failures in a row lock the name for a minute."""
import re

from accounts.throttle import LoginThrottle
from store.auth import create_user


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def test_five_failures_lock_then_the_lock_expires():
    clock = Clock()
    throttle = LoginThrottle(limit=5, lock_seconds=60, monotonic=clock)
    for _ in range(4):
        throttle.failed("user:lan")
    assert throttle.wait_seconds("user:lan") == 0
    throttle.failed("user:lan")
    assert throttle.wait_seconds("user:lan") == 60
    clock.t += 59.5
    assert throttle.wait_seconds("user:lan") == 1
    clock.t += 1
    assert throttle.wait_seconds("user:lan") == 0


def test_a_success_clears_the_count():
    throttle = LoginThrottle(limit=2)
    throttle.failed("user:lan")
    throttle.succeeded("user:lan")
    throttle.failed("user:lan")
    assert throttle.wait_seconds("user:lan") == 0


def test_the_login_page_refuses_a_locked_name_even_with_the_right_password(app, luot):
    app.extensions["login_throttle"] = LoginThrottle(limit=3, lock_seconds=60)
    create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan", "clerk", [],
                luot.clock.now())
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)

    def attempt(password):
        return client.post("/login", data={"username": "lan", "password": password,
                                           "csrf_token": token})
    assert [attempt("sai").status_code for _ in range(3)] == [401, 401, 401]
    locked = attempt("mat-khau-123")
    assert locked.status_code == 429
    assert "thử lại sau 60 giây" in locked.get_data(as_text=True)
