"""The phone page (/t/<id>) offers the rating once the ticket is served, once; it says thanks,
and says so when the visit was rated another way."""
from datetime import datetime

import pytest

from hall.public import public_id
from tests.support.live_server import api

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def hall(live_server):
    """The live server with a kiosk, a clerk at counter 2 and counter 2's rating screen."""
    from hall.clock import VIETNAM
    from store.auth import create_token
    from store.engine import make_engine
    engine = make_engine(live_server.db_url)
    now = datetime.now(VIETNAM)
    for role, counters in [("kiosk", []), ("clerk", [2]), ("rating", [2])]:
        setattr(live_server, role, create_token(engine, "test-hall", role, role, counters, now))
    engine.dispose()
    return live_server


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    context.close()
    assert not errors, errors


def served_ticket(hall, phone):
    """A citizen follows a ticket on the phone while it is called and served at counter 2."""
    status, ticket = api(hall, "POST", "/api/v1/tickets", hall.kiosk, {"area": "dat-dai"})
    assert status == 201
    phone.goto(f"{hall.url}/t/{ticket['id']}")
    expect(phone.locator("#live-state")).to_have_attribute("data-state", "online")
    expect(phone.locator("#rating")).to_be_hidden()
    assert api(hall, "POST", "/api/v1/counters/2/next", hall.clerk)[0] == 200
    assert api(hall, "POST", "/api/v1/counters/2/done", hall.clerk)[0] == 200
    expect(phone.locator("#rating-levels .rating-level")).to_have_count(3, timeout=10_000)
    return ticket


def test_the_phone_rates_the_visit_once_after_service(hall, phone, artifacts):
    served_ticket(hall, phone)
    phone.screenshot(path=artifacts / "track-rating-ask-360x740.png", full_page=True)
    phone.locator(".rating-level", has_text="Chưa hài lòng").tap()
    phone.locator(".rating-reason", has_text="Hướng dẫn chưa rõ").tap()
    phone.screenshot(path=artifacts / "track-rating-reasons-360x740.png", full_page=True)
    phone.tap("#rating-send")
    expect(phone.locator("#rating-result-text")).to_have_text("Cảm ơn bạn đã đánh giá!")
    expect(phone.locator("#rating-result-level")).to_have_text("Mức đánh giá: Chưa hài lòng")
    phone.screenshot(path=artifacts / "track-rating-thanks-360x740.png", full_page=True)

    phone.reload()
    expect(phone.locator("#rating-result-text")).to_have_text("Lượt phục vụ này đã được đánh giá. Xin cảm ơn bạn!")
    expect(phone.locator("#rating-result-level")).to_have_text("Mức đánh giá: Chưa hài lòng")
    expect(phone.locator('[data-step="levels"]')).to_be_hidden()


def test_a_visit_rated_at_the_counter_is_not_offered_again_on_the_phone(hall, phone):
    ticket = served_ticket(hall, phone)
    status, _ = api(hall, "POST", "/api/v1/ratings", hall.rating,
                    {"counter": 2, "public_id": public_id(ticket["id"]), "level": 3})
    assert status == 201
    expect(phone.locator("#rating-result-text")).to_have_text("Lượt phục vụ này đã được đánh giá. Xin cảm ơn bạn!")
    expect(phone.locator("#rating-result-level")).to_have_text("Mức đánh giá: Rất hài lòng")
