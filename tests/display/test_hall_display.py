"""The hall TV (/display) in a real browser against a real server process."""
import re
import threading
import time

import pytest

from tests.support.live_server import LiveServer, api

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

LANDSCAPE = {"width": 1920, "height": 1080}
PORTRAIT = {"width": 1080, "height": 1920}
UHD = {"width": 3840, "height": 2160}
HOLD = 2          # seconds per banner turn in these tests (default 5)


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    """One server for the module's read-mostly tests, with the tokens they need."""
    server = LiveServer(tmp_path_factory.mktemp("display")).start()
    server.tokens = {"kiosk": server.token("kiosk"), 1: server.token("clerk", 1),
                     2: server.token("clerk", 2), 3: server.token("clerk", 3),
                     4: server.token("clerk", 4)}
    yield server
    server.stop()


@pytest.fixture
def page_at(browser):
    """Open pages at a viewport size; all closed after the test."""
    pages = []

    def open_page(server, query="", viewport=LANDSCAPE, hold=HOLD):
        page = browser.new_page(viewport=viewport)
        pages.append(page)
        page.goto(f"{server.url}/display?hold={hold}{query}")
        expect(page.locator("body")).not_to_have_class("is-loading", timeout=10_000)
        return page
    yield open_page
    for page in pages:
        page.close()


def issue(server, area, priority=None):
    status, ticket = api(server, "POST", "/api/v1/tickets", server.tokens["kiosk"],
                         {"area": area, "priority": priority})
    assert status == 201, ticket
    return ticket


def call_next(server, counter, token=None):
    status, result = api(server, "POST", f"/api/v1/counters/{counter}/next",
                         token or server.tokens[counter])
    assert status == 200, result
    return result["current"]["number"]


def card(page, counter):
    return page.locator(f'.counter[data-counter="{counter}"]')


def recent_numbers(page):
    return page.locator("#recent .recent-number").all_inner_texts()


# ------------------------------------------------------------------ tests
def test_display_and_board_pages_are_served_and_unknown_board_is_404(client):
    display = client.get("/display?areas=dat-dai&lang=en")
    assert display.status_code == 200 and display.mimetype == "text/html"
    assert "Mất kết nối máy chủ" in display.get_data(as_text=True)
    board = client.get("/board/1")
    assert board.status_code == 200 and "Quầy" in board.get_data(as_text=True)
    missing = client.get("/board/99")
    assert missing.status_code == 404 and "Không có quầy số 99" in missing.get_data(as_text=True)


def test_call_appears_at_once_highlighted_and_listed_at_every_screen_size(hall, page_at, artifacts):
    issue(hall, "dat-dai", "elderly")
    issue(hall, "tu-phap")
    api(hall, "POST", "/api/v1/counters/4/pause", hall.tokens[4], {"reason": "Họp giao ban"})
    call_next(hall, 3)                                      # before: part of the snapshot
    pages = {"1920x1080": page_at(hall, hold=10),
             "1080x1920": page_at(hall, "&lang=en", PORTRAIT, hold=10),
             "3840x2160": page_at(hall, "", UHD, hold=10)}
    tv = pages["1920x1080"]
    expect(tv.locator("#hall-name")).to_contain_text("Trung tâm Phục vụ hành chính công")
    expect(tv.locator("#clock-date")).to_have_text(
        re.compile(r"^(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d\d/\d\d/\d{4}$"))
    expect(tv.locator(".counter")).to_have_count(5)
    expect(tv.locator("#notice")).to_have_text("Đường dây nóng: 1900 0000")

    number = call_next(hall, 1)
    for page in pages.values():
        expect(page.locator("#now-number")).to_have_text(number, timeout=1000)
    expect(tv.locator("#now")).to_have_class(re.compile(r"\bis-calling\b"))
    expect(tv.locator("#now-tags")).to_contain_text("Ưu tiên – Người cao tuổi")
    expect(card(tv, 1).locator(".counter-number")).to_have_text(number)
    expect(card(tv, 1)).to_have_class(re.compile(r"\bis-latest\b"))
    expect(card(tv, 4).locator(".counter-state")).to_have_text("Tạm dừng")
    expect(card(tv, 4).locator(".counter-reason")).to_have_text("Họp giao ban")
    assert recent_numbers(tv)[0] == number
    for size, page in pages.items():
        page.wait_for_timeout(500)           # let the entrance animation settle
        page.screenshot(path=str(artifacts / f"display-calling-{size}.png"))


def test_two_calls_50ms_apart_are_both_listed_and_both_get_a_banner_turn(hall, page_at, artifacts):
    first, second = issue(hall, "dat-dai")["number"], issue(hall, "tu-phap")["number"]
    page = page_at(hall)
    page.evaluate("window.luotDisplay.shown.length = 0")
    results = {}

    def press(counter):
        results[counter] = call_next(hall, counter)
    # Counters 1 (Đất đai only) and 3 (Tư pháp only): whichever press the
    # scheduler runs first, each counter has exactly one ticket it may call.
    worker = threading.Thread(target=press, args=(1,))
    worker.start()
    time.sleep(0.05)
    press(3)
    worker.join(10)
    assert (results[1], results[3]) == (first, second)

    page.wait_for_function("() => window.luotDisplay.shown.length >= 1", timeout=1000)
    assert set(recent_numbers(page)[:2]) == {first, second}
    page.wait_for_function("() => window.luotDisplay.shown.length >= 2", timeout=(HOLD + 3) * 1000)
    shown = page.evaluate("window.luotDisplay.shown")
    assert {s["number"] for s in shown} == {first, second}
    assert shown[1]["at"] - shown[0]["at"] >= 1500, "the first call kept its turn"
    expect(page.locator("#now-number")).to_have_text(shown[1]["number"])
    page.screenshot(path=str(artifacts / "display-second-of-two-calls-1920x1080.png"))


def test_area_filter_shows_only_those_areas_counters_queues_and_calls(hall, page_at, artifacts):
    issue(hall, "dat-dai")
    issue(hall, "tu-phap")
    page = page_at(hall, "&areas=tu-phap")
    expect(page.locator(".counter")).to_have_count(3)
    shown = sorted(int(n) for n in page.locator(".counter").evaluate_all(
        "cards => cards.map(c => c.dataset.counter)"))
    assert shown == [2, 3, 4]
    expect(page.locator("#queues .queue-name")).to_have_text(["Tư pháp – Hộ tịch"])
    before = recent_numbers(page)
    call_next(hall, 1)                                     # Đất đai at counter 1: not ours
    number = call_next(hall, 3)                            # Tư pháp at counter 3
    expect(page.locator("#now-number")).to_have_text(number, timeout=2000)
    assert recent_numbers(page) == ([number] + before)[:len(recent_numbers(page))]
    page.screenshot(path=str(artifacts / "display-areas-tu-phap-1920x1080.png"))

    only = page_at(hall, "&counters=1,5")
    expect(only.locator(".counter")).to_have_count(2)
    expect(only.locator("#queues .queue")).to_have_count(2)


def test_display_says_when_server_is_gone_and_recovers_after_restart(live_server, page_at, artifacts):
    live_server.tokens = {"kiosk": live_server.token("kiosk"), 2: live_server.token("clerk", 2)}
    issue(live_server, "tu-phap")
    before = call_next(live_server, 2)
    number_after = issue(live_server, "tu-phap")["number"]
    page = page_at(live_server)
    expect(card(page, 2).locator(".counter-number")).to_have_text(before)

    live_server.stop()
    offline = page.locator("#offline")
    expect(offline).to_be_visible(timeout=10_000)
    expect(offline).to_contain_text("Mất kết nối máy chủ — đang kết nối lại…")
    expect(page.locator("body")).to_have_class(re.compile(r"\bis-offline\b"))
    page.screenshot(path=str(artifacts / "display-offline-1920x1080.png"))

    live_server.start()
    assert call_next(live_server, 2) == number_after
    expect(offline).to_be_hidden(timeout=15_000)
    expect(card(page, 2).locator(".counter-number")).to_have_text(number_after, timeout=5000)
    expect(page.locator("#now-number")).to_have_text(number_after)
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bis-offline\b"))
    assert recent_numbers(page)[:2] == [number_after, before]
