"""Shared fixtures: an app on a temporary SQLite database with a fake clock."""
from datetime import datetime

import pytest

from hall.clock import VIETNAM, FakeClock


@pytest.fixture
def fake_clock():
    return FakeClock(datetime(2026, 11, 30, 9, 0, tzinfo=VIETNAM))


@pytest.fixture
def app(tmp_path, fake_clock):
    from server import ROOT, Settings, create_app
    settings = Settings(instance_path=tmp_path / "instance", async_mode="threading",
                        config_path=ROOT / "tests" / "data" / "hall.toml", testing=True,
                        start_devices=False, clock=fake_clock)
    return create_app(settings)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def luot(app):
    return app.extensions["luot"]


@pytest.fixture
def tokens(luot):
    """Bearer headers for each role (clerk bound to counter 1)."""
    from store.auth import create_token
    now = luot.clock.now()

    def make(role, counters=()):
        secret = create_token(luot.engine, luot.config.id, role, f"test {role}", counters, now)
        return {"Authorization": f"Bearer {secret}"}
    return {"kiosk": make("kiosk"), "display": make("display"), "clerk1": make("clerk", [1]),
            "clerk2": make("clerk", [2]), "manager": make("manager"), "admin": make("admin")}
