"""The designated display (?audio=1, enrolled with a display token) plays each announcement;
only one display ever does; one without the token never does."""
import time

from playwright.sync_api import expect

from tests.support.live_server import TEST_HALL, LiveServer, api


def test_the_audio_display_plays_the_announcement_of_a_call(tmp_path, browser):
    config = tmp_path / "hall.toml"
    config.write_text(TEST_HALL.read_text(encoding="utf-8") + """
[announce]
enabled = true
sink = "browser"
repeat = 1
""", encoding="utf-8")
    server = LiveServer(tmp_path / "server", config=config, extra_env={"LUOT_FAKE_DEVICES": "0"})
    server.start()
    display_token = server.token("display")
    enrolled = browser.new_context()
    enrolled.add_init_script(f"localStorage.setItem('luot.display.token', '{display_token}')")
    anonymous = browser.new_page()                 # ?audio=1 without the token: asks for it
    anonymous_heard = []
    anonymous.on("request", lambda r: anonymous_heard.append(r.url) if r.url.endswith(".wav") else None)
    anonymous.goto(f"{server.url}/display?audio=1")
    expect(anonymous.locator("#audio-enrol")).to_be_visible()
    page = enrolled.new_page()
    try:
        heard = []
        page.on("request", lambda r: heard.append(r.url) if r.url.endswith(".wav") else None)
        page.goto(f"{server.url}/display?audio=1")
        expect(page.locator("body")).to_contain_text("Đất đai")
        expect(page.locator("#audio-enrol")).to_be_hidden()
        page.wait_for_function("() => window.luotDisplay.audioPlayer()")
        kiosk, manager = server.token("kiosk"), server.token("manager")
        api(server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})
        api(server, "POST", "/api/v1/counters/1/next", manager)
        deadline = time.monotonic() + 30          # the first start generates the voice pack
        while time.monotonic() < deadline and not heard:
            page.wait_for_timeout(100)
        assert heard, "the display never fetched the announcement"
        status, recent = api(server, "GET", "/api/v1/announcements")
        assert recent[0]["text"].startswith("Mời công dân có số thứ tự 1001 đến quầy số 1")
        assert heard[0].endswith(f"/api/v1/announcements/{recent[0]['id']}.wav")
        wav = page.request.get(heard[0])
        assert wav.ok and wav.body()[:4] == b"RIFF"
        assert not anonymous_heard
        anonymous.close()

        second = enrolled.new_page()                # a second TV also opened with ?audio=1
        second_heard = []
        second.on("request", lambda r: second_heard.append(r.url) if r.url.endswith(".wav") else None)
        second.goto(f"{server.url}/display?audio=1")
        expect(second.locator("#audio-state")).to_contain_text("màn hình khác")
        heard.clear()
        api(server, "POST", "/api/v1/counters/1/recall", manager)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not heard:
            page.wait_for_timeout(100)
        assert heard and not second_heard          # the hall hears each call once

        page.close()                               # the player goes away: the other takes over
        second.wait_for_function("() => window.luotDisplay.audioPlayer()")
        api(server, "POST", "/api/v1/counters/1/recall", manager)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not second_heard:
            second.wait_for_timeout(100)
        assert second_heard
        second.close()
    finally:
        enrolled.close()
        if not anonymous.is_closed():
            anonymous.close()
        server.stop()
