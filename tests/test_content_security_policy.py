"""Every page works under the content security policy, in a real browser on a real server.

The policy allows only same-origin scripts, styles and fonts, data: images, same-origin or
blob: audio and a same-origin Socket.IO connection. A page that breaks it shows up here as a
`securitypolicyviolation`.
"""
from datetime import datetime

import pytest

from tests.support.live_server import api

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

PASSWORD = "mat-khau-123"
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
                           e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def hall(live_server):
    """The live server with a clerk, a manager, a kiosk token and one ticket."""
    from hall.clock import VIETNAM
    from store.auth import create_token, create_user
    from store.engine import make_engine
    engine = make_engine(live_server.db_url)
    now = datetime.now(VIETNAM)
    create_user(engine, "test-hall", "lan", PASSWORD, "Nguyễn Thị Lan", "clerk", [], now)
    create_user(engine, "test-hall", "hoa", PASSWORD, "Lê Thị Hoa", "manager", [], now)
    live_server.kiosk = create_token(engine, "test-hall", "kiosk", "kiosk", [], now, max_per_minute=0)
    engine.dispose()
    live_server.ticket = api(live_server, "POST", "/api/v1/tickets", live_server.kiosk,
                             {"area": "dat-dai"})[1]
    return live_server


@pytest.fixture
def open_page(browser, hall):
    """Open a path (signed in as someone, if asked); returns (page, websockets opened)."""
    contexts = []

    def open_(path, username=None):
        context = browser.new_context()
        contexts.append(context)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        sockets = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        if username:
            page.goto(f"{hall.url}/login")
            page.fill('input[name="username"]', username)
            page.fill('input[name="password"]', PASSWORD)
            page.click('button[type="submit"]')
            page.wait_for_load_state("networkidle")
        page.goto(hall.url + path)
        return page, sockets
    yield open_
    for context in contexts:
        context.close()


def violations(page) -> list[str]:
    page.wait_for_timeout(300)
    return page.evaluate("window.__violations")


def connected_by_websocket(page, sockets, seconds: float = 5) -> bool:
    """Whether the page opened its Socket.IO websocket (not only the polling fallback)."""
    for _ in range(int(seconds * 10)):
        if any("/socket.io/" in url and "transport=websocket" in url for url in sockets):
            return True
        page.wait_for_timeout(100)
    return False


def test_the_hall_display_fills_itself_over_a_same_origin_websocket(open_page):
    page, sockets = open_page("/display?audio=1")
    expect(page.locator("body")).to_contain_text("Đất đai")
    assert connected_by_websocket(page, sockets)
    assert violations(page) == []


@pytest.mark.parametrize("path", ["/board/1", "/login", "/kiosk"])
def test_public_pages_load_without_a_violation(open_page, path):
    page, _ = open_page(path)
    page.wait_for_load_state("networkidle")
    assert violations(page) == []


def test_the_ticket_page_and_its_qr_code_load_without_a_violation(open_page, hall):
    page, sockets = open_page(f"/t/{hall.ticket['id']}")
    expect(page.locator("body")).to_contain_text(hall.ticket["number"])
    assert connected_by_websocket(page, sockets)
    assert violations(page) == []


def test_the_console_loads_without_a_violation(open_page):
    page, sockets = open_page("/counter/1", username="lan")
    page.wait_for_load_state("networkidle")
    assert connected_by_websocket(page, sockets)
    assert violations(page) == []


def test_the_counter_choice_page_loads_without_a_violation(open_page):
    page, _ = open_page("/counter", username="lan")
    page.wait_for_load_state("networkidle")
    assert violations(page) == []


def test_the_manager_page_loads_without_a_violation(open_page):
    page, sockets = open_page("/manage", username="hoa")
    page.wait_for_load_state("networkidle")
    assert connected_by_websocket(page, sockets)
    assert violations(page) == []
