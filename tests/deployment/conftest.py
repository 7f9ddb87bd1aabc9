"""One deployment of the test halls (tests/data/halls: test-hall and ward-2) on a temporary
SQLite database with the fake clock; the province overview pushes without its 2 s pause."""
import pytest

from tests.support.live_server import TEST_HALLS as HALLS


@pytest.fixture
def app(tmp_path, fake_clock, monkeypatch):
    import deployment.province
    from server import Settings, create_app
    monkeypatch.setattr(deployment.province, "PUSH_SECONDS", 0.05)
    settings = Settings(instance_path=tmp_path / "instance", async_mode="threading",
                        halls_dir=HALLS, testing=True, start_devices=False, clock=fake_clock)
    return create_app(settings)


@pytest.fixture
def deployment(app):
    return app.extensions["deployment"]
