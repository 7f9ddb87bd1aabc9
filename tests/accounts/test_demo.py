"""The demo hall's first run makes accounts with passwords generated here, once."""
import re
import stat

import pytest

from accounts.demo import ensure_demo_accounts
from store.auth import check_user, count_users, find_token


@pytest.fixture
def demo(tmp_path, fake_clock):
    from server import DEMO_CONFIG, Settings, create_app
    app = create_app(Settings(instance_path=tmp_path / "instance", async_mode="threading",
                              config_path=DEMO_CONFIG, testing=True, start_devices=False,
                              clock=fake_clock))
    return app.extensions["luot"]


def test_first_run_makes_clerks_a_manager_and_a_kiosk_token(demo):
    path = ensure_demo_accounts(demo, "http://127.0.0.1:5000")
    text = path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert count_users(demo.engine, demo.config.id) == 6
    username, password = re.search(r"clerk\s+(quay1)\s+(\S+)", text).groups()
    assert check_user(demo.engine, demo.config.id, username, password).role == "clerk"
    token = re.search(r"enrol=(\S+)", text).group(1)
    assert find_token(demo.engine, demo.config.id, token).role == "kiosk"


def test_a_second_run_changes_nothing(demo):
    first = ensure_demo_accounts(demo, "http://x").read_text(encoding="utf-8")
    assert ensure_demo_accounts(demo, "http://x").read_text(encoding="utf-8") == first
    assert count_users(demo.engine, demo.config.id) == 6


def test_passwords_differ_between_installations(tmp_path, demo):
    text = ensure_demo_accounts(demo, "http://x").read_text(encoding="utf-8")
    passwords = re.findall(r"(?:clerk|manager)\s+\S+\s+(\S+)", text)
    assert len(set(passwords)) == 6
