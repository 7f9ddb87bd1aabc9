"""The hall TV that plays the voice is enrolled with a one-time pairing code typed by staff,
never with a secret in its address (issue 11, item 8)."""
from playwright.sync_api import expect


def test_staff_pair_the_audio_display_with_a_code(live_server, browser):
    from hall.clock import Clock
    from store.engine import make_engine
    from store.pairing import make_code
    engine = make_engine(live_server.db_url)
    code = make_code(engine, "test-hall", "display", "TV sảnh", [], None, "test", Clock().now())["code"]
    engine.dispose()
    page = browser.new_page()
    try:
        page.goto(f"{live_server.url}/display?audio=1")
        expect(page.locator("#audio-enrol")).to_be_visible()
        page.fill("#audio-token", "0000 0000")                 # a wrong code: said, nothing kept
        page.locator("#audio-enrol button").click()
        expect(page.locator("#audio-state")).to_contain_text("Mã ghép nối không đúng")
        assert page.evaluate("localStorage.getItem('luot.display.token')") is None
        page.fill("#audio-token", code)
        page.locator("#audio-enrol button").click()
        page.wait_for_function("() => (localStorage.getItem('luot.display.token') || '').startsWith('luot_')")
        expect(page.locator("#audio-enrol")).to_be_hidden()
        token = page.evaluate("localStorage.getItem('luot.display.token')")
        assert token not in page.url and "enrol" not in page.url
    finally:
        page.close()
