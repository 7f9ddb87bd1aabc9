"""End to end: a manager signs in, watches counters and devices, releases a counter held by a
clerk, pauses another, creates a kiosk token, finds a ticket to reprint; screenshots."""
import re

import pytest
from playwright.sync_api import expect

from hall.clock import Clock
from store.auth import create_user
from store.engine import make_engine
from tests.support.live_server import TEST_HALL, LiveServer, api

PASSWORD = "mat-khau-123"
DEVICES = """
[printer]
enabled = true
url = "dummy"

[boards]
enabled = true
[[boards.bus]]
url = "/dev/luot-test-no-such-port"
boards = [ {address = 1, counter = 1}, {address = 2, counter = 2} ]
"""


@pytest.fixture
def hall_server(tmp_path):
    """A real server on the test hall plus a printer (works) and two LED boards (unplugged)."""
    config = tmp_path / "hall.toml"
    config.write_text(TEST_HALL.read_text(encoding="utf-8") + DEVICES, encoding="utf-8")
    server = LiveServer(tmp_path / "server", config=config, extra_env={"LUOT_FAKE_DEVICES": "0"})
    server.start()
    engine = make_engine(server.db_url)
    for username, name, role in [("hoa", "Lê Thị Hoa", "manager"), ("lan", "Nguyễn Thị Lan", "clerk")]:
        create_user(engine, "test-hall", username, PASSWORD, name, role, [], Clock().now())
    engine.dispose()
    yield server
    server.stop()


def sign_in_clerk(browser, server, counter):
    """The clerk logs in and takes a counter through the HTTP session, as the console does."""
    context = browser.new_context()
    login_page = context.request.get(f"{server.url}/login").text()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    context.request.post(f"{server.url}/login", form={"username": "lan", "password": PASSWORD,
                                                      "csrf_token": csrf})
    login_page = context.request.get(f"{server.url}/login").text()    # a new CSRF secret now
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    taken = context.request.post(f"{server.url}/api/v1/counters/{counter}/sign-in",
                                 headers={"X-CSRFToken": csrf})
    assert taken.ok, taken.text()
    return context


def lock_out(browser, server, username):
    """Five wrong passwords for a name from this machine lock it here."""
    context = browser.new_context()
    try:
        for _ in range(5):
            login_page = context.request.get(f"{server.url}/login").text()
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
            context.request.post(f"{server.url}/login", form={
                "username": username, "password": "sai-mat-khau", "csrf_token": csrf})
        assert context.request.get(f"{server.url}/login").ok
    finally:
        context.close()


def counter_row(page, n):
    return page.locator(f'#counters [data-counter="{n}"]')


def test_a_manager_runs_the_hall_from_the_dashboard(hall_server, browser, artifacts):
    server = hall_server
    kiosk, robot = server.token("kiosk"), server.token("manager")
    for area in ("dat-dai", "dat-dai", "tu-phap", "tra-ket-qua", "dat-dai"):
        assert api(server, "POST", "/api/v1/tickets", kiosk, {"area": area})[0] == 201
    clerk = sign_in_clerk(browser, server, 2)
    api(server, "POST", "/api/v1/counters/5/close", robot)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    try:
        page.goto(f"{server.url}/manage")
        page.fill("input[name=username]", "hoa")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page).to_have_url(re.compile(r"/manage$"))
        expect(counter_row(page, 2)).to_contain_text("Nguyễn Thị Lan")
        expect(page.locator('#devices [data-device="printer"]')).to_contain_text("Hoạt động")
        expect(page.locator('#devices [data-device="board-1"]')).to_contain_text("Mất kết nối")
        expect(page.locator('#areas [data-area="dat-dai"]')).to_contain_text("3")

        api(server, "POST", "/api/v1/counters/1/next", robot)          # arrives live
        expect(counter_row(page, 1)).to_contain_text("1001")
        counter_row(page, 3).get_by_role("button", name="Tạm dừng").click()
        page.locator("#pause-reasons .chip", has_text="Họp").click()
        page.locator("#pause-form button[value=ok]").click()
        expect(counter_row(page, 3)).to_contain_text("Họp")
        page.screenshot(path=str(artifacts / "manage-overview-1366x768.png"))

        counter_row(page, 2).get_by_role("button", name="Giải phóng quầy").click()
        page.locator("#confirm-ok").click()
        expect(counter_row(page, 2)).to_contain_text("Chưa có cán bộ")
        assert api(server, "GET", "/api/v1/counters/2")[1]["clerk"] is None

        page.click('a[data-view="tokens"]')
        page.fill("#token-name", "Ki-ốt sảnh chính")
        page.fill("#token-rate", "1")
        page.click("#token-form button[type=submit]")
        expect(page.locator("#token-secret")).to_be_visible()
        code = page.locator("#pairing-code").text_content()
        assert re.fullmatch(r"\d{4} \d{4}", code)
        status, paired = api(server, "POST", "/api/v1/pair", None, {"code": code, "role": "kiosk"})
        assert status == 201 and paired["max_per_minute"] == 1
        secret = paired["token"]
        assert api(server, "POST", "/api/v1/tickets", secret, {"area": "tu-phap"})[0] == 201
        assert api(server, "POST", "/api/v1/tickets", secret, {"area": "tu-phap"})[0] == 429
        page.click('a[data-view="overview"]')
        page.click('a[data-view="tokens"]')
        row = page.locator("#tokens tr", has_text="Ki-ốt sảnh chính")
        expect(row).to_contain_text("1 phiếu/phút")
        expect(row).to_contain_text("Bị chặn lúc")
        expect(page.locator('#people tr[data-user]').first).to_be_visible()
        page.screenshot(path=str(artifacts / "manage-tokens-1366x768.png"))
        page.locator("#people").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "manage-people-1366x768.png"))

        page.click('a[data-view="reprint"]')
        page.fill("#reprint-number", "1002")
        page.press("#reprint-number", "Enter")
        expect(page.locator("#reprint-results")).to_contain_text("Đất đai")
        page.wait_for_function("() => document.getElementById('preview-image').naturalWidth > 0")
        page.locator("#reprint-results").get_by_role("button", name="In lại").click()
        expect(page.locator("#toast")).to_contain_text("Đã gửi phiếu 1002")
        page.screenshot(path=str(artifacts / "manage-reprint-1366x768.png"))

        lock_out(browser, server, "lan")                  # five wrong passwords
        page.click('a[data-view="locks"]')
        lock = page.locator('#locks tr[data-username="lan"]')
        expect(lock).to_contain_text("127.0.0.1")
        page.screenshot(path=str(artifacts / "manage-locks-1366x768.png"))
        lock.get_by_role("button", name="Mở khóa").click()
        page.locator("#confirm-ok").click()
        expect(page.locator("#toast")).to_contain_text("Đã mở khóa “lan”")
        expect(lock).to_have_count(0)
        expect(page.locator("#locks")).to_contain_text("Không có tài khoản nào bị khóa")

        page.click('a[data-view="audit"]')
        expect(page.locator("#audit")).to_contain_text("Giải phóng quầy")
        expect(page.locator("#audit")).to_contain_text("Tạm dừng quầy — Họp")
        expect(page.locator("#audit tr").first).to_contain_text("In lại phiếu — Đất đai")
        expect(page.locator("#audit tr").first).to_contain_text("Lê Thị Hoa")   # who reprinted
        expect(page.locator("#audit")).to_contain_text("Cấp số — Tư pháp – Hộ tịch")
        page.screenshot(path=str(artifacts / "manage-audit-1366x768.png"))

        page.set_viewport_size({"width": 1920, "height": 1080})
        page.click('a[data-view="report"]')
        expect(page.locator("#report-area")).to_contain_text("Đất đai")
        page.screenshot(path=str(artifacts / "manage-report-1920x1080.png"))
        page.click('a[data-view="tokens"]')
        page.screenshot(path=str(artifacts / "manage-tokens-1920x1080.png"))
        page.click('a[data-view="overview"]')
        expect(counter_row(page, 1)).to_contain_text("1001")
        page.screenshot(path=str(artifacts / "manage-overview-1920x1080.png"))
        assert not errors, errors
    finally:
        context.close()
        clerk.close()
