"""The counter's rating screen (/rate/<n>) in a real browser against a real server: enrolled
with a rating token, it shows the clerk, invites the citizen the clerk just served, asks the
lowest level for reasons, thanks, and goes back to idle; the clerk's console counts it."""
import re
from datetime import datetime

import pytest

from tests.support.live_server import TEST_HALL, LiveServer, api

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

LANDSCAPE = {"width": 1280, "height": 800}
PORTRAIT = {"width": 800, "height": 1280}
PASSWORD = "mat-khau-123"
INVITE_SECONDS = 8
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
"""


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    """A real server whose invitations last INVITE_SECONDS, with a clerk and tokens (one for
    the tests of this module: each looks only at what it did)."""
    from hall.clock import VIETNAM
    from store.auth import create_token, create_user
    from store.engine import make_engine
    tmp_path = tmp_path_factory.mktemp("rating-screen")
    config = tmp_path / "hall.toml"
    config.write_text(TEST_HALL.read_text(encoding="utf-8") +
                      f"\n[rating]\ninvite_seconds = {INVITE_SECONDS}\n", encoding="utf-8")
    server = LiveServer(tmp_path / "server", config=config).start()
    engine = make_engine(server.db_url)
    now = datetime.now(VIETNAM)
    create_user(engine, "test-hall", "lan", PASSWORD, "Nguyễn Thị Lan", "clerk", [], now)
    server.kiosk = create_token(engine, "test-hall", "kiosk", "kiosk", [], now, max_per_minute=0)
    server.manager = create_token(engine, "test-hall", "manager", "manager", [], now)
    server.rating = create_token(engine, "test-hall", "rating", "Màn hình đánh giá quầy 2", [2], now)
    engine.dispose()
    yield server
    server.stop()


@pytest.fixture
def pages(browser):
    """New pages in contexts of their own; no script error or CSP violation on any."""
    opened, errors = [], []

    def open_page(viewport):
        context = browser.new_context(viewport=viewport, locale="vi-VN", has_touch=True)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(error))
        opened.append((context, page))
        return page
    yield open_page
    violations = [v for _, page in opened for v in page.evaluate("window.__violations || []")]
    for context, _ in opened:
        context.close()
    assert not errors and not violations, (errors, violations)


def console_of(pages, server, n):
    """Lan signs in and opens the console of counter n (which takes the counter)."""
    page = pages({"width": 1366, "height": 768})
    page.goto(f"{server.url}/login")
    page.fill('input[name="username"]', "lan")
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_url(f"{server.url}/counter")
    page.goto(f"{server.url}/counter/{n}")
    expect(page.locator("#link-state")).to_have_class("link-state is-online")
    return page


def clerk(console, action):
    """The clerk's console sends a counter command (with its session and CSRF token)."""
    console.evaluate(f"() => window.LuotConsole.post(`/api/v1/counters/${{window.LuotConsole.counter}}/{action}`)")


def issue(server):
    status, ticket = api(server, "POST", "/api/v1/tickets", server.kiosk, {"area": "dat-dai"})
    assert status == 201
    return ticket


def screen_shows(tablet, name):
    """The tablet shows this screen, and takes taps (a new screen ignores them for a moment)."""
    expect(tablet.locator("body")).to_have_attribute("data-screen", name, timeout=INVITE_SECONDS * 1000 + 4000)
    tablet.wait_for_function("() => Date.now() >= window.LuotRate.state.guardUntil")


def test_the_rating_screen_invites_the_citizen_just_served_and_the_clerk_sees_it(hall, pages, artifacts):
    console = console_of(pages, hall, 2)
    tablet = pages(LANDSCAPE)
    tablet.goto(f"{hall.url}/rate/2")
    screen_shows(tablet, "enrol")
    tablet.fill("#enrol-token", hall.kiosk)                       # not a rating token
    tablet.click("#enrol-form button")
    expect(tablet.locator("#enrol-error")).to_contain_text("không dành cho màn hình đánh giá Quầy 2")
    tablet.fill("#enrol-token", hall.rating)
    tablet.click("#enrol-form button")
    screen_shows(tablet, "idle")
    expect(tablet.locator("#clerk-name")).to_have_text("Nguyễn Thị Lan")
    assert "luot_" not in tablet.url
    tablet.screenshot(path=artifacts / "rate-idle-1280x800.png")

    served = issue(hall)
    clerk(console, "next")
    expect(tablet.locator("#clerk-serving")).to_have_text(f"Đang phục vụ số {served['number']}")
    clerk(console, "done")
    screen_shows(tablet, "invite")
    expect(tablet.locator("#invite-number")).to_have_text(served["number"])
    levels = tablet.locator("#levels .level")
    expect(levels).to_have_count(3)
    expect(levels.nth(0)).to_contain_text("Rất hài lòng")
    assert tablet.locator("#levels .level svg").count() == 3      # a drawn face per level
    tablet.screenshot(path=artifacts / "rate-invite-1280x800.png")
    tablet.set_viewport_size(PORTRAIT)
    tablet.screenshot(path=artifacts / "rate-invite-800x1280.png")

    levels.filter(has_text="Chưa hài lòng").tap()
    screen_shows(tablet, "reasons")
    tablet.locator(".reason", has_text="Thời gian chờ lâu").tap()
    tablet.locator(".reason", has_text="Phải đi lại nhiều lần").tap()
    expect(tablet.locator('.reason[aria-pressed="true"]')).to_have_count(2)
    tablet.screenshot(path=artifacts / "rate-reasons-800x1280.png")
    tablet.click("#reasons-send")
    screen_shows(tablet, "thanks")
    tablet.screenshot(path=artifacts / "rate-thanks-800x1280.png")

    _, day = api(hall, "GET", "/manage/api/ratings", hall.manager)
    rating = next(r for r in day["ratings"] if r["number"] == served["number"])
    assert (rating["number"], rating["level"], rating["source"], rating["clerk"]) == (
        served["number"], 1, "screen", "Nguyễn Thị Lan")
    assert [r["id"] for r in rating["reasons"]] == ["thoi-gian-cho", "di-lai"]
    expect(console.locator("#ratings-count")).to_have_text(str(day["count"]))
    expect(console.locator('#rating-levels [data-level="1"] .rating-count')).to_have_text(str(day["levels"][-1]["count"]))
    expect(console.locator("#rating-reasons")).to_have_text("Lý do chưa hài lòng: Thời gian chờ lâu, Phải đi lại nhiều lần")
    console.locator("#my-ratings").screenshot(path=artifacts / "console-my-ratings.png")
    screen_shows(tablet, "idle")                                  # after the thanks


def test_a_ticket_finished_during_an_invitation_replaces_it_and_time_runs_out(hall, pages):
    console = console_of(pages, hall, 2)
    tablet = pages(LANDSCAPE)
    tablet.goto(f"{hall.url}/rate/2")
    tablet.fill("#enrol-token", hall.rating)
    tablet.click("#enrol-form button")
    screen_shows(tablet, "idle")
    _, before = api(hall, "GET", "/manage/api/ratings", hall.manager)
    first, second = issue(hall), issue(hall)
    clerk(console, "next")
    clerk(console, "done")
    expect(tablet.locator("#invite-number")).to_have_text(first["number"])
    clerk(console, "next")
    clerk(console, "done")
    expect(tablet.locator("#invite-number")).to_have_text(second["number"])
    screen_shows(tablet, "idle")                                  # nobody rated in time
    tablet.reload()                                               # the token was kept
    screen_shows(tablet, "idle")
    assert re.fullmatch(r"luot_\S+", tablet.evaluate("() => localStorage.getItem('luot.rating.token')"))
    _, after = api(hall, "GET", "/manage/api/ratings", hall.manager)
    assert after["count"] == before["count"]


def test_staff_pair_the_rating_screen_with_a_one_time_code(hall, pages):
    from hall.clock import Clock
    from store.engine import make_engine
    from store.pairing import make_code
    engine = make_engine(hall.db_url)
    code = make_code(engine, "test-hall", "rating", "Màn hình quầy 2", [2], None, "test",
                     Clock().now())["code"]
    other = make_code(engine, "test-hall", "rating", "Màn hình quầy 1", [1], None, "test",
                      Clock().now())["code"]
    engine.dispose()
    tablet = pages(LANDSCAPE)
    tablet.goto(f"{hall.url}/rate/2")
    screen_shows(tablet, "enrol")
    tablet.fill("#enrol-token", other)                            # counter 1's code
    tablet.click("#enrol-form button")
    expect(tablet.locator("#enrol-error")).to_contain_text("dành cho thiết bị khác")
    tablet.fill("#enrol-token", code)
    tablet.click("#enrol-form button")
    screen_shows(tablet, "idle")
    token = tablet.evaluate("localStorage.getItem('luot.rating.token')")
    assert token.startswith("luot_") and token not in tablet.url
