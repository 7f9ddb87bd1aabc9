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
    """Bearer headers for each role (clerk bound to counter 1; the kiosk's rate unlimited, as
    an integration's: tests/api/test_kiosk_rate.py tests the limit)."""
    from store.auth import create_token
    now = luot.clock.now()

    def make(role, counters=()):
        secret = create_token(luot.engine, luot.config.id, role, f"test {role}", counters, now,
                              max_per_minute=0 if role == "kiosk" else None)
        return {"Authorization": f"Bearer {secret}"}
    return {"kiosk": make("kiosk"), "display": make("display"), "clerk1": make("clerk", [1]),
            "clerk2": make("clerk", [2]), "manager": make("manager"), "admin": make("admin")}


# ---------------------------------------------------------------- end-to-end
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                 "--autoplay-policy=no-user-gesture-required"]
ARTIFACTS = __import__("pathlib").Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture
def live_server(tmp_path):
    """A real server process (eventlet) on the test hall, stopped after the test."""
    from tests.support.live_server import LiveServer
    server = LiveServer(tmp_path / "server").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (headless)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def artifacts():
    """Folder for screenshots that a person should look at (kept after the run)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL server for this test session."""
    from tests.support.services import ThrowawayPostgres
    server = ThrowawayPostgres().start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def redis_url():
    """A throwaway Redis server for this test session."""
    from tests.support.services import ThrowawayRedis
    server = ThrowawayRedis().start()
    yield server.url
    server.stop()
