"""The demo hall's first run makes accounts with passwords generated here, once."""
import re
import stat

import pytest

from accounts.demo import ensure_demo_accounts, start_up_notice
from store.auth import check_user, count_users, list_tokens


@pytest.fixture
def demo_app(tmp_path, fake_clock):
    from server import DEMO_CONFIG, Settings, create_app
    return create_app(Settings(instance_path=tmp_path / "instance", async_mode="threading",
                               config_path=DEMO_CONFIG, testing=True, start_devices=False,
                               clock=fake_clock))


@pytest.fixture
def demo(demo_app):
    return demo_app.extensions["deployment"].default


def test_first_run_makes_clerks_and_a_manager_and_start_up_prints_no_secret(demo, demo_app):
    path = ensure_demo_accounts(demo, "http://127.0.0.1:5000")
    text = path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert count_users(demo.engine, demo.config.id) == 6
    username, password = re.search(r"clerk\s+(quay1)\s+(\S+)", text).groups()
    assert check_user(demo.engine, demo.config.id, username, password).role == "clerk"
    assert "enrol" not in text and "luot_" not in text and list_tokens(demo.engine, demo.config.id) == []
    notice = start_up_notice(demo, path, "http://127.0.0.1:5000")
    assert str(path) in notice and password not in notice and "luot_" not in notice
    code = re.search(r"pairing code (\d{4} \d{4})", notice).group(1)      # short-lived, once
    paired = demo_app.test_client().post("/api/v1/pair", json={"code": code, "role": "kiosk"})
    assert paired.status_code == 201 and paired.get_json()["max_per_minute"] == 12


def test_a_second_run_changes_nothing(demo):
    first = ensure_demo_accounts(demo, "http://x").read_text(encoding="utf-8")
    assert ensure_demo_accounts(demo, "http://x").read_text(encoding="utf-8") == first
    assert count_users(demo.engine, demo.config.id) == 6


def test_passwords_differ_between_installations(tmp_path, demo):
    text = ensure_demo_accounts(demo, "http://x").read_text(encoding="utf-8")
    passwords = re.findall(r"(?:clerk|manager)\s+\S+\s+(\S+)", text)
    assert len(set(passwords)) == 6
