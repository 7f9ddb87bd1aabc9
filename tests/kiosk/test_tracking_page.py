"""The citizen's tracking page /t/<id> and the kiosk's QR code for it."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.live_server import api

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser):
    """A phone-sized browser page, closed after the test."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def issue(server, token, area="dat-dai"):
    status, ticket = api(server, "POST", "/api/v1/tickets", token, {"area": area})
    assert status == 201
    return ticket


def test_tracking_page_shows_people_ahead_then_the_counter_when_called(live_server, phone, artifacts):
    kiosk, clerk = live_server.token("kiosk"), live_server.token("clerk", 2)
    issue(live_server, kiosk)
    mine = issue(live_server, kiosk)
    phone.goto(f"{live_server.url}/t/{mine['id']}")
    expect(phone.locator("#number")).to_have_text(mine["number"])
    expect(phone.locator("#area")).to_have_text("Đất đai")
    expect(phone.locator("#ahead")).to_have_text("1 người")
    expect(phone.locator("#live-state")).to_have_attribute("data-state", "online")
    phone.screenshot(path=artifacts / "track-waiting-360x740.png")

    assert api(live_server, "POST", "/api/v1/counters/2/next", clerk)[0] == 200
    expect(phone.locator("#ahead")).to_have_text("Bạn là người tiếp theo")
    expect(phone.locator("#status-title")).to_have_text("Sắp đến lượt bạn")

    assert api(live_server, "POST", "/api/v1/counters/2/next", clerk)[0] == 200
    expect(phone.locator("#status-title")).to_have_text("Mời bạn đến Quầy 2")
    expect(phone.locator("#facts")).to_be_hidden()
    assert phone.evaluate("window.LuotTrack.calls") == 1
    phone.screenshot(path=artifacts / "track-called-360x740.png")

    assert api(live_server, "POST", "/api/v1/counters/2/recall", clerk)[0] == 200
    phone.wait_for_function("() => window.LuotTrack.calls === 2")
    assert api(live_server, "POST", "/api/v1/counters/2/done", clerk)[0] == 200
    expect(phone.locator("#status-title")).to_have_text("Đã phục vụ xong — cảm ơn bạn!")


def test_transferred_ticket_is_followed_to_its_new_area(live_server, phone):
    kiosk, clerk = live_server.token("kiosk"), live_server.token("clerk", 1)
    mine = issue(live_server, kiosk)
    assert api(live_server, "POST", "/api/v1/counters/1/next", clerk)[0] == 200
    phone.goto(f"{live_server.url}/t/{mine['id']}")
    expect(phone.locator("#status-title")).to_have_text("Mời bạn đến Quầy 1")
    expect(phone.locator("#live-state")).to_have_attribute("data-state", "online")
    status, _ = api(live_server, "POST", "/api/v1/counters/1/transfer", clerk, {"area": "tu-phap"})
    assert status == 200
    expect(phone.locator("#area")).to_have_text("Tư pháp – Hộ tịch")
    expect(phone.locator("#moved")).to_contain_text("đã được chuyển sang lĩnh vực Tư pháp – Hộ tịch")
    expect(phone.locator("#number")).to_have_text(mine["number"])
    _, old = api(live_server, "GET", f"/api/v1/tickets/{mine['id']}")
    assert phone.url.endswith("/t/" + old["transferred_to"])


def test_unknown_ticket_gets_a_friendly_404_page(client):
    response = client.get("/t/no-such-ticket")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Không tìm thấy phiếu này" in page and "hỏi cán bộ" in page
    assert client.get("/t/no-such-ticket/qr.svg").status_code == 404


def test_qr_code_is_an_svg_for_a_known_ticket(client, tokens):
    ticket = client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"]).get_json()
    response = client.get(f"/t/{ticket['id']}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert re.search(rb"<svg[^>]*>.*<path", response.data, re.S)


def test_the_screen_qr_and_the_printed_ticket_hold_the_same_address(app, luot, client, tokens):
    from urllib.parse import urlparse

    from kiosk.web import tracking_url
    ticket = client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"]).get_json()
    printed = luot.ticket_content(ticket).tracking_url                # what the printer prints
    with app.test_request_context(base_url="http://127.0.0.1:5000/"):     # a kiosk on the server
        shown = tracking_url(ticket["id"])
    assert shown == printed
    host = urlparse(shown).hostname
    assert not host.startswith("127.") and host != "localhost"          # a phone can reach it


def test_tracking_address_uses_the_hall_public_url_when_configured(app, luot):
    from dataclasses import replace

    from kiosk.printing import TicketContent
    from kiosk.web import tracking_url
    config = replace(luot.config, public_url="https://hang-doi.example.gov.vn")
    luot.ticket_content = TicketContent(config, luot.device_config.printer, "http://10.0.0.5:5000")
    with app.test_request_context(base_url="http://10.0.0.5:5000/"):
        assert tracking_url("abc") == "https://hang-doi.example.gov.vn/t/abc"
