"""The touchscreen kiosk end to end: a real server, Debian's Chromium, an enrolled token."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.live_server import LiveServer, api

PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
TIMEOUT = 10_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the tests that do not stop it or fill an area (they use `live_server`)."""
    server = LiveServer(tmp_path_factory.mktemp("kiosk-server")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def kiosk_token(server):
    return server.token("kiosk")


@pytest.fixture(scope="module")
def clerk_at_counter_2(server, browser):
    """A clerk signs in at counter 2 (Tư pháp – Hộ tịch, Đất đai): it is staffed now."""
    from hall.clock import Clock
    from store.auth import create_user
    from store.engine import make_engine
    engine = make_engine(server.db_url)
    create_user(engine, "test-hall", "lan", "mat-khau-123", "Nguyễn Thị Lan", "clerk", [], Clock().now())
    engine.dispose()
    context = browser.new_context()
    login = context.request.get(f"{server.url}/login").text()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    context.request.post(f"{server.url}/login", form={"username": "lan", "password": "mat-khau-123",
                                                      "csrf_token": csrf})
    login = context.request.get(f"{server.url}/login").text()     # a new CSRF secret now
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    assert context.request.post(f"{server.url}/api/v1/counters/2/sign-in",
                                headers={"X-CSRFToken": csrf}).ok
    yield 2
    context.close()


@pytest.fixture
def open_kiosk(browser):
    """Open /kiosk in a fresh browser context (empty localStorage), enrolled when given a token."""
    contexts = []

    def open_(server, token=None, viewport=PORTRAIT):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(server.url + "/kiosk")
        if token:
            enrol(page, token)
        return page
    yield open_
    for context in contexts:
        context.close()


def enrol(page, token):
    """What pairing leaves behind: the kiosk's token in its localStorage (then a reload)."""
    page.evaluate("token => localStorage.setItem('luot.kiosk.token', token)", token)
    page.reload()


def area_button(page, area_id):
    return page.locator(f'.area[data-area="{area_id}"]')


def shown_ticket_id(page) -> str:
    src = page.locator("#result-qr").get_attribute("src")
    return re.fullmatch(r"/t/([^/]+)/qr\.svg", src).group(1)


def issued(server, area_id) -> int:
    _, state = api(server, "GET", "/api/v1/state")
    return next(a["issued"] for a in state["areas"] if a["id"] == area_id)


def take_ticket(page, area_id, choice="Không — lấy số thường"):
    area_button(page, area_id).click()
    expect(page.locator("#screen-priority")).to_be_visible()
    page.get_by_role("button", name=choice).click()
    expect(page.locator("#screen-result")).to_be_visible()


def test_enrolled_citizen_takes_a_priority_ticket_and_sees_number_counters_and_qr(
        server, kiosk_token, clerk_at_counter_2, open_kiosk, artifacts):
    page = open_kiosk(server, kiosk_token)
    expect(area_button(page, "dat-dai")).to_be_enabled()
    assert page.evaluate("localStorage.getItem('luot.kiosk.token')") == kiosk_token
    expect(area_button(page, "dat-dai")).to_contain_text("Đất đai")
    expect(area_button(page, "dat-dai")).not_to_contain_text("Chưa có quầy mở")
    page.screenshot(path=artifacts / "kiosk-home-1080x1920.png")
    area_button(page, "dat-dai").click()
    expect(page.get_by_role("button", name="Người cao tuổi")).to_be_enabled()
    page.screenshot(path=artifacts / "kiosk-priority-1080x1920.png")
    page.get_by_role("button", name="Người cao tuổi").click()
    expect(page.locator("#screen-result")).to_be_visible()
    number = page.locator("#result-number").inner_text()
    status, ticket = api(server, "GET", f"/api/v1/tickets/{shown_ticket_id(page)}")
    assert status == 200
    assert (ticket["number"], ticket["area"], ticket["priority"]) == (number, "dat-dai", "elderly")
    expect(page.locator("#result-counters")).to_have_text("Quầy 2")      # staffed now, of 1, 2, 4
    expect(page.locator("#result-priority")).to_have_text("Ưu tiên – Người cao tuổi")
    expect(page.locator("#countdown")).to_contain_text("giây")
    page.wait_for_function("() => document.getElementById('result-qr').naturalWidth > 0")
    page.screenshot(path=artifacts / "kiosk-result-1080x1920.png")


def test_normal_ticket_is_one_tap_away_and_a_tap_returns_home(
        server, kiosk_token, open_kiosk, artifacts):
    page = open_kiosk(server, kiosk_token, LANDSCAPE)
    expect(area_button(page, "tu-phap")).to_be_enabled()
    page.screenshot(path=artifacts / "kiosk-home-1920x1080.png")
    area_button(page, "tu-phap").click()
    normal = page.get_by_role("button", name="Không — lấy số thường")
    expect(normal).to_be_enabled()
    page.screenshot(path=artifacts / "kiosk-priority-1920x1080.png")
    normal.click()
    expect(page.locator("#screen-result")).to_be_visible()
    _, ticket = api(server, "GET", f"/api/v1/tickets/{shown_ticket_id(page)}")
    assert ticket["priority"] is None and ticket["area"] == "tu-phap"
    expect(page.locator("#result-number")).to_have_text(ticket["number"])
    page.wait_for_function("() => document.getElementById('result-qr').naturalWidth > 0")
    page.screenshot(path=artifacts / "kiosk-result-1920x1080.png")
    page.get_by_role("button", name=re.compile("Xong")).click()
    expect(page.locator("#screen-home")).to_be_visible()


def test_double_tap_issues_one_ticket(server, kiosk_token, open_kiosk):
    page = open_kiosk(server, kiosk_token)
    before = issued(server, "dat-dai")
    area_button(page, "dat-dai").dblclick()
    normal = page.locator("#btn-normal")
    expect(normal).to_be_enabled()
    answered_at_once = normal.evaluate(
        "button => { button.click(); button.click();"
        " return button.classList.contains('is-busy') && button.disabled; }")
    assert answered_at_once, "the tapped button must show its busy state synchronously"
    expect(page.locator("#screen-result")).to_be_visible()
    expect(page.locator("#btn-done")).to_be_enabled()        # taps count again after a moment
    page.locator("#result-number").click(click_count=2)      # a tap on the result is no way home
    page.locator("#result-qr").click()
    expect(page.locator("#screen-result")).to_be_visible()
    page.locator("#btn-done").click()                        # its button is
    expect(page.locator("#screen-home")).to_be_visible()
    assert issued(server, "dat-dai") == before + 1


def test_result_returns_home_by_itself_after_the_countdown(server, kiosk_token, browser):
    context = browser.new_context(viewport=PORTRAIT)
    try:
        page = context.new_page()
        page.clock.install()
        page.goto(f"{server.url}/kiosk")
        enrol(page, kiosk_token)
        take_ticket(page, "tu-phap")
        expect(page.locator("#countdown")).to_have_text("Tự trở về sau 20 giây")   # [kiosk] default
        page.clock.fast_forward("00:15")
        expect(page.locator("#screen-result")).to_be_visible()
        page.clock.fast_forward("00:06")
        expect(page.locator("#screen-home")).to_be_visible()
    finally:
        context.close()


def test_without_a_staffed_counter_the_result_says_so_instead_of_guessing(
        server, kiosk_token, open_kiosk, artifacts):
    page = open_kiosk(server, kiosk_token)
    expect(area_button(page, "tra-ket-qua")).to_contain_text("Chưa có quầy mở — vui lòng chờ")
    take_ticket(page, "tra-ket-qua")
    expect(page.locator("#result-counters")).to_have_text("Chưa có quầy mở — vui lòng chờ")
    expect(page.locator("#result-wait")).to_have_text("Sẽ ước tính khi có quầy mở")
    page.screenshot(path=artifacts / "kiosk-result-no-counter-1080x1920.png")


def test_english_toggle_translates_and_a_new_citizen_gets_vietnamese(server, kiosk_token, open_kiosk):
    page = open_kiosk(server, kiosk_token)
    page.get_by_role("button", name="English").click()
    expect(page.locator("#home-title")).to_have_text("Touch the service you need")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    take_ticket(page, "dat-dai", "No — regular number")
    expect(page.locator("#screen-result")).to_contain_text("Your number")
    page.locator("#btn-done").click()
    expect(page.locator("#home-title")).to_have_text("Chạm vào lĩnh vực bạn cần giải quyết")


def test_printer_without_paper_is_announced_on_the_result(server, kiosk_token, open_kiosk):
    page = open_kiosk(server, kiosk_token)
    page.route("**/kiosk/printer-status", lambda route: route.fulfill(
        json={"id": "printer", "status": "no_paper", "detail": "paper end"}))
    page.reload()
    take_ticket(page, "tu-phap")
    expect(page.locator("#result-printer")).to_have_text("Máy in hết giấy — vui lòng ghi nhớ số của bạn")


def test_printer_status_route_exposes_only_the_printer(app, client, luot):
    from devices.adapter import DeviceStatus
    assert client.get("/kiosk/printer-status").get_json()["status"] == "unknown"
    luot.device_health.report(DeviceStatus("board-1", "offline", "no ack"))
    luot.device_health.report(DeviceStatus("printer", "no_paper", "paper end"))
    assert client.get("/kiosk/printer-status").get_json() == {
        "id": "printer", "status": "no_paper", "detail": "paper end"}


def test_kiosk_without_token_shows_the_locked_screen(server, open_kiosk):
    page = open_kiosk(server)
    expect(page.locator("#screen-enrol")).to_contain_text("Máy chưa được đăng ký")
    expect(page.locator("#screen-enrol")).to_contain_text("nhập mã ghép nối 8 số")
    expect(page.locator("#pair-go")).to_be_disabled()


def test_an_old_enrol_link_enrols_nothing_and_leaves_the_address(server, kiosk_token, open_kiosk):
    page = open_kiosk(server)
    page.goto(f"{server.url}/kiosk?enrol={kiosk_token}")
    expect(page.locator("#screen-enrol")).to_be_visible()
    assert "enrol" not in page.url and kiosk_token not in page.url
    assert page.evaluate("localStorage.getItem('luot.kiosk.token')") is None


def _pairing_code(server, max_per_minute=None) -> str:
    from hall.clock import Clock
    from store.engine import make_engine
    from store.pairing import make_code
    engine = make_engine(server.db_url)
    try:
        return make_code(engine, "test-hall", "kiosk", "Ki-ốt sảnh", [], max_per_minute, "test",
                         Clock().now())["code"]
    finally:
        engine.dispose()


def type_code(page, code):
    """Tap the digits once the screen takes taps (a new screen ignores them for a moment)."""
    page.wait_for_function("() => Date.now() >= window.LuotKiosk.state.guardUntil")
    for digit in code.replace(" ", ""):
        page.locator(f'#pair-keys [data-digit="{digit}"]').click()


def test_staff_pair_a_locked_kiosk_with_the_code_and_a_fast_kiosk_is_told_to_wait(
        server, clerk_at_counter_2, open_kiosk, artifacts):
    page = open_kiosk(server)
    type_code(page, "1234 5678")
    expect(page.locator("#pair-code")).to_have_text("12345678")
    page.locator("#pair-go").click()                       # a wrong code: said, and cleared
    expect(page.locator("#pair-error")).to_contain_text("Mã ghép nối không đúng")
    expect(page.locator("#pair-go")).to_be_disabled()
    code = _pairing_code(server, max_per_minute=1)
    type_code(page, code[:3])
    page.locator('[data-action="pair-erase"]').click()
    type_code(page, code[2:])
    page.screenshot(path=artifacts / "kiosk-pairing-1080x1920.png")
    page.locator("#pair-go").click()
    expect(area_button(page, "tu-phap")).to_be_enabled()  # paired: the home screen
    token = page.evaluate("localStorage.getItem('luot.kiosk.token')")
    assert token.startswith("luot_") and token not in page.url
    take_ticket(page, "tu-phap")
    page.locator("#btn-done").click()
    area_button(page, "tu-phap").click()
    page.locator("#btn-normal").click()                   # a second ticket in the same minute
    expect(page.locator("#screen-message")).to_be_visible()
    expect(page.locator("#message-text")).to_contain_text("Ki-ốt đang cấp số quá nhanh — vui lòng chờ")
    page.wait_for_timeout(600)                             # past the screen's fade-in
    page.screenshot(path=artifacts / "kiosk-rate-limited-1080x1920.png")


def test_rejected_token_sends_the_kiosk_back_to_the_enrol_screen(server, open_kiosk):
    page = open_kiosk(server, "luot_not-a-real-token")
    area_button(page, "dat-dai").click()
    page.locator("#btn-normal").click()
    expect(page.locator("#screen-enrol")).to_be_visible()
    assert page.evaluate("localStorage.getItem('luot.kiosk.token')") is None


def test_full_area_is_refused_then_shown_closed_and_cannot_be_tapped(live_server, open_kiosk, artifacts):
    token = live_server.token("kiosk")
    for _ in range(4):
        assert api(live_server, "POST", "/api/v1/tickets", token, {"area": "tra-ket-qua"})[0] == 201
    page = open_kiosk(live_server, token)
    area_button(page, "tra-ket-qua").click()
    expect(page.locator("#btn-normal")).to_be_enabled()
    assert api(live_server, "POST", "/api/v1/tickets", token, {"area": "tra-ket-qua"})[0] == 201
    page.locator("#btn-normal").click()
    expect(page.locator("#screen-message")).to_contain_text("Đã hết số hôm nay")
    expect(page.locator("#btn-message-ok")).to_be_enabled()
    page.screenshot(path=artifacts / "kiosk-message-1080x1920.png")
    page.locator("#btn-message-ok").click()
    button = area_button(page, "tra-ket-qua")
    expect(button).to_be_disabled()
    expect(button).to_contain_text("Đã hết số hôm nay")
    button.click(force=True)
    expect(page.locator("#screen-home")).to_be_visible()
    assert issued(live_server, "tra-ket-qua") == 5


def test_server_outage_is_said_plainly_and_the_kiosk_recovers(live_server, open_kiosk, artifacts):
    token = live_server.token("kiosk")
    page = open_kiosk(live_server, token)
    expect(area_button(page, "dat-dai")).to_be_enabled()
    live_server.stop()
    offline = page.locator("#offline")
    expect(offline).to_be_visible(timeout=TIMEOUT)
    expect(offline).to_contain_text("Hệ thống tạm thời gián đoạn — vui lòng chờ trong giây lát")
    page.screenshot(path=artifacts / "kiosk-offline-1080x1920.png")
    live_server.start()
    expect(offline).to_be_hidden(timeout=15_000)
    take_ticket(page, "dat-dai")
    assert issued(live_server, "dat-dai") == 1
