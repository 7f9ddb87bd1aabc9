"""The virtual counter board (/board/<n>) in a real browser against a real server process."""
import re

import pytest

from tests.support.live_server import api

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

SMALL_SCREEN = {"width": 1280, "height": 800}


def test_unknown_counter_board_is_a_404_page(client):
    response = client.get("/board/99")
    assert response.status_code == 404
    assert "Không có quầy số 99" in response.get_data(as_text=True)
    assert client.get("/board/3").status_code == 200


def test_board_shows_the_called_number_blinking_then_the_paused_state(live_server, browser,
                                                                     artifacts):
    kiosk, clerk = live_server.token("kiosk"), live_server.token("clerk", 1)
    status, ticket = api(live_server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})
    assert status == 201
    page = browser.new_page(viewport=SMALL_SCREEN)
    try:
        page.goto(f"{live_server.url}/board/1")
        body, number = page.locator("body"), page.locator("#number")
        expect(body).not_to_have_class(re.compile(r"is-loading"), timeout=10_000)
        expect(page.locator(".board-no")).to_have_text("1")
        expect(number).to_have_text("—")

        status, _ = api(live_server, "POST", "/api/v1/counters/1/next", clerk)
        assert status == 200
        expect(number).to_have_text(ticket["number"], timeout=1000)
        expect(body).to_have_class(re.compile(r"\bis-blinking\b"))
        expect(page.locator("#label")).to_have_text("Mời công dân có số")
        page.screenshot(path=str(artifacts / "board-1-calling-1280x800.png"))

        assert api(live_server, "POST", "/api/v1/counters/1/done", clerk)[0] == 200
        status, _ = api(live_server, "POST", "/api/v1/counters/1/pause", clerk,
                        {"reason": "Nghỉ trưa"})
        assert status == 200
        expect(number).to_have_text("TẠM DỪNG", timeout=2000)
        expect(page.locator("#detail")).to_have_text("Nghỉ trưa")
        expect(body).to_have_attribute("data-status", "paused")
        page.wait_for_timeout(3200)          # let the call's blink finish before the picture
        page.screenshot(path=str(artifacts / "board-1-paused-1280x800.png"))

        page.set_viewport_size({"width": 800, "height": 1280})
        page.screenshot(path=str(artifacts / "board-1-paused-800x1280.png"))
    finally:
        page.close()
