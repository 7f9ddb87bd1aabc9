"""Every page passes axe-core with no serious or critical violation (contrast, names, labels,
landmarks), in Vietnamese and, for the staff pages, in English. One server and one browser
context per role for the whole module; each page (or view, or screen) is one test."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

from tests.support.axe import report, violations  # noqa: E402
from tests.support.live_server import LiveServer, api  # noqa: E402

PASSWORD = "mat-khau-123"
STAFF = {"lan": ("Nguyễn Thị Lan", "clerk"), "hoa": ("Lê Thị Hoa", "manager")}
DESK = {"width": 1366, "height": 768}
PORTRAIT = {"width": 1080, "height": 1920}
PHONE = {"width": 360, "height": 740}
TV = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    """A server with a clerk, a manager, a kiosk token, a called ticket and a waiting one."""
    from hall.clock import VIETNAM
    from store.auth import create_token, create_user
    from store.engine import make_engine
    server = LiveServer(tmp_path_factory.mktemp("a11y")).start()
    engine = make_engine(server.db_url)
    now = datetime.now(VIETNAM)
    for username, (name, role) in STAFF.items():
        create_user(engine, "test-hall", username, PASSWORD, name, role, [], now)
    server.kiosk = create_token(engine, "test-hall", "kiosk", "kiosk", [], now, max_per_minute=0)
    manager = create_token(engine, "test-hall", "manager", "manager", [], now)
    engine.dispose()
    for area in ("dat-dai", "dat-dai", "tu-phap"):
        assert api(server, "POST", "/api/v1/tickets", server.kiosk, {"area": area})[0] == 201
    status, counter = api(server, "POST", "/api/v1/counters/3/next", manager)
    assert status == 200, counter
    server.called = counter["current"]
    yield server
    server.stop()


def signed_in(browser, server, username, viewport=DESK):
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{server.url}/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_load_state()
    return context, page


@pytest.fixture(scope="module")
def pages(browser, hall):
    """One page per role: a citizen's (kiosk, phone, TV), a clerk's and a manager's."""
    contexts, made = [], {}
    public = browser.new_context(viewport=PORTRAIT)
    contexts.append(public)
    made["public"] = public.new_page()
    for username in STAFF:
        context, page = signed_in(browser, hall, username)
        contexts.append(context)
        made[username] = page
    yield made
    for context in contexts:
        context.close()


def assert_accessible(page, artifacts=None, name=None):
    found = violations(page)
    if artifacts is not None and name:
        page.screenshot(path=str(artifacts / f"a11y-{name}.png"))
    assert not found, "\n" + report(found)


# ------------------------------------------------------------------ public pages
def open_kiosk(page, hall):
    page.set_viewport_size(PORTRAIT)
    page.goto(f"{hall.url}/kiosk")
    page.evaluate("token => localStorage.setItem('luot.kiosk.token', token)", hall.kiosk)
    page.reload()
    expect(page.locator('.area[data-area="dat-dai"]')).to_be_enabled()


@pytest.mark.parametrize("screen", ["home", "priority", "result"])
def test_the_kiosk_screens_are_accessible(pages, hall, screen):
    page = pages["public"]
    open_kiosk(page, hall)
    if screen in ("priority", "result"):
        page.locator('.area[data-area="tu-phap"]').click()
        expect(page.locator("#btn-normal")).to_be_enabled()
    if screen == "result":
        page.locator("#btn-normal").click()
        expect(page.locator("#screen-result")).to_be_visible()
        expect(page.locator("#btn-done")).to_be_enabled()
    assert_accessible(page)


def test_the_locked_kiosk_and_its_pairing_keypad_are_accessible(pages, hall, artifacts):
    page = pages["public"]
    page.set_viewport_size(PORTRAIT)
    page.goto(f"{hall.url}/kiosk")
    page.evaluate("localStorage.removeItem('luot.kiosk.token')")
    page.reload()
    expect(page.locator("#screen-enrol")).to_be_visible()
    page.locator('#pair-keys [data-digit="1"]').click()
    assert_accessible(page, artifacts, "kiosk-locked")


@pytest.mark.parametrize("path, viewport, ready", [
    ("/t/{ticket}", PHONE, "main"),
    ("/display", TV, ".counter, .card, main"),
    ("/display?audio=1", TV, "#audio-enrol"),
    ("/board/3", {"width": 1280, "height": 800}, "main, body"),
    ("/no-such-page", PHONE, "main"),
], ids=["tracking", "hall-display", "hall-display-enrol", "counter-board", "not-found"])
def test_the_public_pages_are_accessible(pages, hall, path, viewport, ready):
    page = pages["public"]
    page.set_viewport_size(viewport)
    page.goto(hall.url + path.format(ticket=hall.called["id"]))
    page.locator(ready).first.wait_for()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)


# ------------------------------------------------------------------ staff pages
def test_the_sign_in_page_is_accessible(browser, hall):
    context = browser.new_context(viewport=DESK)
    try:
        page = context.new_page()
        page.goto(f"{hall.url}/login")
        assert_accessible(page)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_counter_choice_and_the_console_are_accessible(pages, hall, lang):
    page = pages["lan"]
    page.goto(f"{hall.url}/counter")
    set_lang(page, lang)
    assert_accessible(page)
    page.goto(f"{hall.url}/counter/1")
    expect(page.locator("#link-state")).to_have_class("link-state is-online", timeout=10_000)
    page.wait_for_function("() => !window.LuotConsole.state.busy && window.LuotConsole.state.counter")
    assert_accessible(page)
    page.keyboard.press("n")                             # serving, with the missed list and undo
    expect(page.locator("#ticket-number")).not_to_have_text("—")
    page.wait_for_function("() => !window.LuotConsole.state.busy")
    page.keyboard.press("x")
    expect(page.locator("#undo")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("z")
    expect(page.locator("#ticket-number")).not_to_have_text("—")
    page.wait_for_function("() => !window.LuotConsole.state.busy")
    page.keyboard.press("c")                             # a dialog open
    expect(page.locator("#transfer-dialog")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")


VIEWS = ["overview", "reprint", "announcements", "report", "tokens", "locks", "audit"]
IN_ENGLISH = ["overview", "tokens", "locks"]      # same colours; these have forms and badges


@pytest.mark.parametrize("view, lang", [(view, "vi") for view in VIEWS]
                         + [(view, "en") for view in IN_ENGLISH])
def test_every_view_of_the_manager_page_is_accessible(pages, hall, view, lang):
    page = pages["hoa"]
    if not page.url.startswith(f"{hall.url}/manage"):
        page.goto(f"{hall.url}/manage")
        expect(page.locator("#link-state")).to_have_class("link-state is-online", timeout=10_000)
    set_lang(page, lang)
    page.click(f'a[data-view="{view}"]')
    expect(page.locator(f"#view-{view}")).to_be_visible()
    page.wait_for_load_state("networkidle")
    if view == "reprint":
        page.fill("#reprint-number", hall.called["number"])
        page.press("#reprint-number", "Enter")
        expect(page.locator("#reprint-results li").first).to_be_visible()
    assert_accessible(page)


def set_lang(page, lang):
    """Use the header's switch until the page speaks `lang`."""
    if page.locator("html").get_attribute("lang") != lang:
        page.locator(".lang-switch").first.click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


# ------------------------------------------------------------------ one language at a time
def test_the_english_switch_changes_the_staff_pages_and_is_remembered(browser, hall, artifacts):
    context, page = signed_in(browser, hall, "hoa")
    try:
        page.goto(f"{hall.url}/manage#locks")
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        expect(page.get_by_role("link", name="Khóa đăng nhập")).to_be_visible()
        page.locator(".lang-switch").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("link", name="Sign-in locks")).to_be_visible()
        expect(page.get_by_role("link", name="Khóa đăng nhập")).to_have_count(0)
        expect(page.locator("#locks")).to_contain_text("No sign-in is locked")
        page.screenshot(path=str(artifacts / "manage-locks-english-1366x768.png"))
        page.goto(f"{hall.url}/counter/2")               # remembered by this browser
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator('.act[data-action="next"]')).to_have_accessible_name(re.compile("^Call next"))
        expect(page.locator("#message-text .en")).to_be_visible()   # "Signed in at Quầy 2"
        page.screenshot(path=str(artifacts / "console-english-1366x768.png"))
        page.locator(".lang-switch").click()
        expect(page.locator('.act[data-action="next"]')).to_have_accessible_name(re.compile("^Gọi số tiếp"))
        page.goto(f"{hall.url}/login")
        expect(page.locator("html")).to_have_attribute("lang", "vi")
    finally:
        context.close()
