"""The manager's announcements view: a speaker test is marked "Thử loa", and listening again
fetches the WAV inside the hall's own address (/h/<hall>/…)."""
import re

import pytest
from playwright.sync_api import expect

from hall.clock import Clock
from store.auth import create_user
from store.engine import make_engine
from tests.support.live_server import TEST_HALL, LiveServer, api

PASSWORD = "mat-khau-123"


@pytest.fixture
def server(tmp_path):
    config = tmp_path / "hall.toml"
    config.write_text(TEST_HALL.read_text(encoding="utf-8") + """
[announce]
enabled = true
sink = "none"
""", encoding="utf-8")
    server = LiveServer(tmp_path / "server", config=config).start()
    engine = make_engine(server.db_url)
    create_user(engine, "test-hall", "hoa", PASSWORD, "Lê Thị Hoa", "manager", [], Clock().now())
    engine.dispose()
    yield server
    server.stop()


def test_a_speaker_test_is_marked_and_plays_from_the_halls_address(server, browser, artifacts):
    kiosk, robot = server.token("kiosk"), server.token("manager")
    api(server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})
    api(server, "POST", "/api/v1/counters/1/next", robot)              # a real call
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    wavs = []
    page.on("request", lambda r: wavs.append(r.url) if r.url.endswith(".wav") else None)
    try:
        base = f"{server.url}/h/test-hall"
        page.goto(f"{base}/manage")
        page.fill("input[name=username]", "hoa")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page).to_have_url(re.compile(r"/manage$"))
        page.goto(f"{base}/manage#announcements")
        page.locator("#test-counter").select_option("2")
        page.locator("#test-form button[type=submit]").click()
        rows = page.locator("#announcements tr")
        expect(rows.first).to_contain_text("Thử loa. Mời công dân có số thứ tự 1 đến quầy số 2",
                                           timeout=10_000)
        expect(rows.first.locator(".status", has_text="Thử loa")).to_have_count(1)
        expect(rows.nth(1)).to_contain_text("1001")
        expect(rows.nth(1).locator(".status", has_text="Thử loa")).to_have_count(0)
        rows.first.get_by_role("button").click()
        page.wait_for_timeout(500)
        assert wavs and wavs[0].startswith(f"{base}/api/v1/announcements/"), wavs
        page.screenshot(path=str(artifacts / "manage-announcements-test-1366x768.png"))
    finally:
        page.close()
