"""The province overview and the manager's page read-only, in a real browser: axe-core clean in
Vietnamese and English, live rows, sorting, drill-down links, no write button."""
from __future__ import annotations

from datetime import datetime

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

from tests.deployment.conftest import HALLS  # noqa: E402
from tests.support.axe import report, violations  # noqa: E402
from tests.support.live_server import LiveServer, api  # noqa: E402

PASSWORD = "mat-khau-123"
DESK = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from hall.clock import VIETNAM
    from store.auth import create_token, create_user
    from store.engine import make_engine
    server = LiveServer(tmp_path_factory.mktemp("province"),
                        extra_env={"LUOT_HALLS": str(HALLS)}).start()
    engine = make_engine(server.db_url)
    now = datetime.now(VIETNAM)
    create_user(engine, "*", "tinh", PASSWORD, "Sở Nội vụ", "province", [], now)
    server.kiosk = {hall: create_token(engine, hall, "kiosk", "k", [], now)
                    for hall in ("test-hall", "ward-2")}
    engine.dispose()
    for _ in range(2):
        assert api(server, "POST", "/api/v1/tickets", server.kiosk["test-hall"],
                   {"area": "dat-dai"})[0] == 201
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(browser, server):
    context = browser.new_context(viewport=DESK, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{server.url}/province")              # asks to sign in first
    page.fill('input[name="username"]', "tinh")
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_url(f"{server.url}/province")
    yield page
    context.close()


def _clean(page):
    found = violations(page)
    assert not found, "\n" + report(found)


def test_the_overview_is_live_sortable_and_accessible(page, server, artifacts):
    expect(page.locator("#link-state")).to_have_class("link-state is-online", timeout=10_000)
    rows = page.locator("#halls tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-hall", "ward-2")     # by name: "Chi nhánh…"
    expect(page.locator('#halls tr[data-hall="test-hall"] .waiting')).to_have_text("2")
    expect(page.locator('#halls tr[data-hall="ward-2"] .waiting')).to_have_text("0")
    for _ in range(3):
        assert api(server, "POST", "/h/ward-2/api/v1/tickets", server.kiosk["ward-2"],
                   {"area": "ho-tich"})[0] == 201
    ward = page.locator('#halls tr[data-hall="ward-2"]')
    expect(ward.locator(".waiting")).to_have_text("3", timeout=8_000)   # pushed, no reload
    expect(page.locator("#sum-waiting")).to_have_text("5")
    page.locator('th[data-sort="waiting"] button').click()
    expect(page.locator('th[data-sort="waiting"]')).to_have_attribute("aria-sort", "descending")
    expect(rows.nth(0)).to_have_attribute("data-hall", "ward-2")
    page.locator('th[data-sort="waiting"] button').click()
    expect(rows.nth(0)).to_have_attribute("data-hall", "test-hall")
    expect(ward.locator(".link-manage")).to_have_attribute("href", "/h/ward-2/manage")
    expect(ward.locator(".link-report")).to_have_attribute("href", "/h/ward-2/manage#report")
    expect(ward.locator(".link-display")).to_have_attribute("href", "/h/ward-2/display")
    _clean(page)
    page.screenshot(path=str(artifacts / "province-overview-1366x768.png"))
    page.locator(".lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Waiting")).to_be_visible()
    _clean(page)
    page.screenshot(path=str(artifacts / "province-overview-english-1366x768.png"))
    page.locator(".lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


@pytest.mark.parametrize("view", ["overview", "tokens", "locks", "report"])
def test_the_manager_page_is_read_only_for_the_province(page, server, view, artifacts):
    if not page.url.startswith(f"{server.url}/h/ward-2/manage"):
        page.goto(f"{server.url}/province")
        page.locator('#halls tr[data-hall="ward-2"] .link-manage').click()
        page.wait_for_url(f"{server.url}/h/ward-2/manage")
        expect(page.locator("#link-state")).to_have_class("link-state is-online", timeout=10_000)
    expect(page.locator(".read-only-note")).to_be_visible()
    expect(page.locator('a[data-view="reprint"]')).to_be_hidden()
    page.click(f'a[data-view="{view}"]')
    expect(page.locator(f"#view-{view}")).to_be_visible()
    page.wait_for_load_state("networkidle")
    if view == "overview":
        expect(page.locator("#counters .counter-row")).to_have_count(2)
        expect(page.locator("#counters .actions button")).to_have_count(0)
        page.screenshot(path=str(artifacts / "manage-read-only-1366x768.png"))
    if view == "tokens":
        expect(page.locator("#token-form")).to_be_hidden()
    _clean(page)
