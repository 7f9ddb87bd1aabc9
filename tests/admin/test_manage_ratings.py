"""The manager's ratings view (/manage#ratings): every rating of a day with its ticket,
counter, clerk, level and reasons; a new rating appears while it is open. The manager also
makes a counter's rating screen token."""
import re
from datetime import datetime

from playwright.sync_api import expect

from hall.public import public_id
from tests.support.live_server import api

PASSWORD = "mat-khau-123"


def served(server, tokens):
    """A ticket issued, called and finished at counter 2; returns it."""
    status, ticket = api(server, "POST", "/api/v1/tickets", tokens["kiosk"], {"area": "dat-dai"})
    assert status == 201
    assert api(server, "POST", "/api/v1/counters/2/next", tokens["clerk"])[0] == 200
    assert api(server, "POST", "/api/v1/counters/2/done", tokens["clerk"])[0] == 200
    return ticket


def test_the_manager_reads_every_rating_of_the_day(live_server, browser, artifacts):
    from hall.clock import VIETNAM
    from store.auth import create_token, create_user
    from store.engine import make_engine
    engine = make_engine(live_server.db_url)
    now = datetime.now(VIETNAM)
    create_user(engine, "test-hall", "hoa", PASSWORD, "Lê Thị Hoa", "manager", [], now)
    tokens = {role: create_token(engine, "test-hall", role, name, counters, now) for role, name, counters in
              [("kiosk", "kiosk", []), ("clerk", "Bàn phím quầy 2", [2]), ("rating", "Màn hình quầy 2", [2])]}
    engine.dispose()
    first = served(live_server, tokens)
    api(live_server, "POST", "/api/v1/ratings", None, {"ticket": first["id"], "level": 1,
                                                       "reasons": ["thai-do", "thoi-gian-cho"]})

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    try:
        page.goto(f"{live_server.url}/login")
        page.fill("input[name=username]", "hoa")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page).to_have_url(re.compile(r"/manage$"))
        page.click('a[data-view="ratings"]')
        rows = page.locator("#ratings tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(first["number"])
        expect(rows.first).to_contain_text("Chưa hài lòng")
        expect(rows.first).to_contain_text("Thái độ phục vụ, Thời gian chờ lâu")
        expect(rows.first).to_contain_text("Bàn phím quầy 2 (mã thiết bị)")
        expect(rows.first).to_contain_text("Điện thoại")

        second = served(live_server, tokens)                     # rated at the counter, live
        status, _ = api(live_server, "POST", "/api/v1/ratings", tokens["rating"],
                        {"counter": 2, "public_id": public_id(second["id"]), "level": 3})
        assert status == 201
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text("Rất hài lòng")
        expect(rows.first).to_contain_text("Màn hình tại quầy")
        expect(page.locator("#rating-tiles")).to_contain_text("50%")
        page.screenshot(path=artifacts / "manage-ratings-1366x768.png")

        page.click('a[data-view="tokens"]')
        page.check('input[name="role"][value="rating"]')
        page.select_option("#token-counter", "3")
        page.fill("#token-name", "Máy tính bảng quầy 3")
        expect(page.locator("#token-rate-field")).to_be_hidden()      # no ticket rate for a screen
        page.click("#token-form button[type=submit]")
        expect(page.locator("#pairing-code")).to_have_text(re.compile(r"^\d{4} \d{4}$"))
        code = page.locator("#pairing-code").text_content()
        status, paired = api(live_server, "POST", "/api/v1/pair", None,
                             {"code": code, "role": "rating", "counter": 3})
        assert status == 201 and paired["name"] == "Máy tính bảng quầy 3"
        page.click('a[data-view="overview"]')
        page.click('a[data-view="tokens"]')
        expect(page.locator("#tokens")).to_contain_text("Màn hình đánh giá quầy 3")
    finally:
        context.close()
    assert not errors, errors
