"""The clerk's console (/counter/<n>) in a real browser against a real server process."""
import re
from datetime import datetime

import pytest

from tests.support.live_server import api

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

SMALL = {"width": 1366, "height": 768}
LARGE = {"width": 1920, "height": 1080}
PASSWORD = "mat-khau-123"
CLERKS = {"lan": "Nguyễn Thị Lan", "binh": "Trần Văn Bình", "hoa": "Lê Thị Hoa"}


# ------------------------------------------------------------------ fixtures
def add_people(server):
    """Three clerks, a kiosk token and a manager token on a running server."""
    from hall.clock import VIETNAM
    from store.auth import create_token, create_user
    from store.engine import make_engine
    engine = make_engine(server.db_url)
    now = datetime.now(VIETNAM)
    for username, name in CLERKS.items():
        create_user(engine, "test-hall", username, PASSWORD, name, "clerk", [], now)
    server.kiosk = create_token(engine, "test-hall", "kiosk", "kiosk", [], now, max_per_minute=0)
    server.manager = create_token(engine, "test-hall", "manager", "manager", [], now)
    create_user(engine, "test-hall", "quanly", PASSWORD, "Đỗ Văn Quản", "manager", [], now)
    engine.dispose()
    return server


@pytest.fixture
def hall(live_server):
    """The live server with three clerks and a kiosk token."""
    return add_people(live_server)


def sign_in(page, server, username):
    page.goto(f"{server.url}/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_url(f"{server.url}/counter")


@pytest.fixture
def consoles(browser):
    """Open the console of counter n of a server as a clerk, in a browser context of its own;
    no script error may happen on any of them."""
    contexts, errors = [], []

    def open_console(server, username, n, viewport=SMALL, expect_desk=True):
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(error))
        sign_in(page, server, username)
        page.goto(f"{server.url}/counter/{n}")
        if expect_desk:
            expect(page.locator("#desk")).to_be_visible(timeout=10_000)
            expect(page.locator("#link-state")).to_have_class("link-state is-online", timeout=10_000)
        return page
    yield open_console
    for context in contexts:
        context.close()
    assert not errors, errors


@pytest.fixture
def console(consoles, hall):
    """Open the console of counter n of `hall` as a clerk (see `consoles`)."""
    return lambda *args, **kwargs: consoles(hall, *args, **kwargs)


def issue(server, area, priority=None):
    status, ticket = api(server, "POST", "/api/v1/tickets", server.kiosk,
                         {"area": area, "priority": priority})
    assert status == 201, ticket
    return ticket


def counter_state(server, n):
    status, counter = api(server, "GET", f"/api/v1/counters/{n}", server.manager)
    assert status == 200, counter
    return counter


def area_waiting(server, area):
    _, snapshot = api(server, "GET", "/api/v1/state")
    return {a["id"]: a["waiting"] for a in snapshot["areas"]}[area]


def wait_until(page, predicate, timeout=10.0):
    """Poll a server-side condition while the page keeps running (no fixed sleeps)."""
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        page.wait_for_timeout(50)
    raise AssertionError("condition not met in time")


def button(page, action):
    return page.locator(f'.act[data-action="{action}"]')


def expect_current(page, number):
    expect(page.locator("#ticket-number")).to_have_text(number)


def settled(page):
    """The page has its answer: no request in flight (a key pressed while busy is dropped)."""
    page.wait_for_function("() => !window.LuotConsole.state.busy")


# ------------------------------------------------------------------ tests
def test_a_clerk_works_through_every_action_from_the_console(hall, console):
    numbers = [issue(hall, "dat-dai")["number"] for _ in range(3)]
    page = console("lan", 2)
    assert counter_state(hall, 2)["clerk"] == CLERKS["lan"]
    expect(page.locator(".queue[data-area='dat-dai'] .queue-count")).to_have_text("3")
    expect(button(page, "recall")).to_be_disabled()

    button(page, "next").click()
    expect_current(page, numbers[0])
    expect(page.locator("#ticket-area")).to_have_text("Đất đai")
    expect(page.locator("#ticket-state")).to_have_text("Đang phục vụNow serving")
    assert counter_state(hall, 2)["current"]["number"] == numbers[0]
    expect(page.locator(".queue[data-area='dat-dai'] .queue-count")).to_have_text("2")

    button(page, "recall").click()
    wait_until(page, lambda: counter_state(hall, 2)["current"]["call_count"] == 2)
    expect(page.locator("#ticket-tags")).to_contain_text("Đã gọi 2 lần")

    page.fill("#dossier-code", "000.00.12.H56-261130-0001")
    page.press("#dossier-code", "Enter")
    expect(page.locator("#dossier-saved")).to_contain_text("H56-261130-0001")
    assert counter_state(hall, 2)["current"]["dossier_code"] == "000.00.12.H56-261130-0001"

    button(page, "no-show").click()
    expect(page.locator("#ticket-number")).to_have_text("—")
    assert counter_state(hall, 2)["current"] is None
    missed = page.locator(f".missed-item[data-ticket='{numbers[0]}']")
    expect(missed).to_be_visible()
    expect(missed).to_contain_text("còn 29 phút")

    missed.locator(".missed-call").click()          # the citizen came back: one press
    expect_current(page, numbers[0])
    expect(missed).to_have_count(0)
    assert counter_state(hall, 2)["current"]["number"] == numbers[0]

    before = area_waiting(hall, "tu-phap")
    button(page, "transfer").click()
    dialog = page.locator("#transfer-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".choice-btn")).to_have_count(3)       # the hall's areas, as on the keypad
    expect(dialog.locator(".choice-btn", has_text="Đất đai")).to_be_disabled()    # its own
    dialog.locator(".choice-btn", has_text="Tư pháp – Hộ tịch").click()
    expect(page.locator("#ticket-number")).to_have_text("—")
    assert counter_state(hall, 2)["current"] is None
    assert area_waiting(hall, "tu-phap") == before + 1

    button(page, "pause").click()
    page.locator("#pause-dialog .choice-btn", has_text="Họp").click()
    expect(page.locator("#pause-reason")).to_have_text("Họp")
    counter = counter_state(hall, 2)
    assert (counter["status"], counter["pause_reason"]) == ("paused", "Họp")
    for action in ("next", "recall", "done", "no-show", "transfer", "call"):
        expect(button(page, action)).to_be_disabled()
    expect(button(page, "pause")).to_contain_text("Tiếp tục")
    expect(page.locator("#ticket-state")).to_contain_text("Quầy tạm dừng")

    button(page, "pause").click()                   # resume
    expect(button(page, "pause")).to_contain_text("Tạm dừng")
    assert counter_state(hall, 2)["status"] == "idle"

    button(page, "next").click()
    expect(page.locator("#ticket-number")).not_to_have_text("—")
    expect_current(page, counter_state(hall, 2)["current"]["number"])
    button(page, "done").click()
    expect(page.locator("#ticket-number")).to_have_text("—")
    counter = counter_state(hall, 2)
    assert counter["status"] == "idle" and counter["current"] is None
    expect(page.locator("#today-served")).to_have_text("1")
    expect(page.locator("#today-missed")).to_have_text("0")


def test_pause_takes_a_typed_reason_and_the_call_dialog_calls_a_number(hall, console):
    first, second = issue(hall, "tu-phap")["number"], issue(hall, "tu-phap")["number"]
    page = console("lan", 3)
    button(page, "call").click()
    page.fill("#call-number", second)
    page.press("#call-number", "Enter")
    expect_current(page, second)
    assert counter_state(hall, 3)["current"]["number"] == second
    button(page, "done").click()
    expect(button(page, "pause")).to_be_enabled()

    button(page, "pause").click()
    page.fill("#pause-other", "Đi lấy thêm mẫu tờ khai")
    page.press("#pause-other", "Enter")
    expect(page.locator("#pause-reason")).to_have_text("Đi lấy thêm mẫu tờ khai")
    assert counter_state(hall, 3)["pause_reason"] == "Đi lấy thêm mẫu tờ khai"
    assert area_waiting(hall, "tu-phap") == 1 and first


def key(page, name):
    """Press a shortcut once the page has finished the previous request (keys are dropped
    while one is in flight, by design)."""
    page.wait_for_function("() => !window.LuotConsole.state.busy")
    page.keyboard.press(name)


def test_keyboard_shortcuts_act_but_not_while_typing(hall, console):
    numbers = [issue(hall, "dat-dai")["number"] for _ in range(3)]
    page = console("lan", 1)
    key(page, "n")
    expect_current(page, numbers[0])
    key(page, "r")
    wait_until(page, lambda: counter_state(hall, 1)["current"]["call_count"] == 2)

    key(page, "h")                         # into the dossier field: keys are text now
    expect(page.locator("#dossier-code")).to_be_focused()
    page.keyboard.type("NXV")
    expect(page.locator("#dossier-code")).to_have_value("NXV")
    assert counter_state(hall, 1)["current"]["number"] == numbers[0]
    key(page, "Escape")

    key(page, "v")                         # no-show
    expect(page.locator(f".missed-item[data-ticket='{numbers[0]}']")).to_be_visible()
    key(page, "n")
    expect_current(page, numbers[1])
    key(page, "x")                         # done
    expect(page.locator("#ticket-number")).to_have_text("—")
    assert counter_state(hall, 1)["current"] is None

    key(page, "p")                         # pause: reasons by digit
    expect(page.locator("#pause-dialog")).to_be_visible()
    key(page, "4")
    expect(page.locator("#pause-reason")).to_have_text("Sự cố máy tính")
    assert counter_state(hall, 1)["pause_reason"] == "Sự cố máy tính"
    key(page, "p")                         # resume
    expect(button(page, "pause")).to_contain_text("Tạm dừng")
    assert counter_state(hall, 1)["status"] == "idle"

    key(page, "g")                         # call a number: typing N must not call next
    expect(page.locator("#call-number")).to_be_focused()
    page.keyboard.type(numbers[0])
    key(page, "Enter")
    expect_current(page, numbers[0])
    key(page, "c")                         # transfer by digit
    expect(page.locator("#transfer-dialog")).to_be_visible()
    key(page, "1")                         # Đất đai, its own area: nothing happens
    expect(page.locator("#transfer-dialog")).to_be_visible()
    key(page, "2")                         # Tư pháp – Hộ tịch: digits follow the hall's order
    expect(page.locator("#ticket-number")).to_have_text("—")
    assert area_waiting(hall, "tu-phap") == 1
    assert area_waiting(hall, "dat-dai") == 1       # numbers[2] untouched by all the typing


def test_a_double_press_calls_only_one_ticket(hall, console):
    numbers = [issue(hall, "dat-dai")["number"] for _ in range(3)]
    page = console("lan", 1)
    button(page, "next").dblclick()
    expect_current(page, numbers[0])
    page.wait_for_function("() => !window.LuotConsole.state.busy && "
                           "Date.now() - window.LuotConsole.state.lastPress.at > "
                           "window.LuotConsole.doublePressMs")
    page.keyboard.press("n")                         # two quick key presses: one call
    page.keyboard.press("n")
    expect_current(page, numbers[1])
    page.wait_for_function("() => !window.LuotConsole.state.busy")
    expect(page.locator(".queue[data-area='dat-dai'] .queue-count")).to_have_text("1")
    _, log = api(hall, "GET", "/api/v1/events?limit=1000", hall.manager)
    calls = [e["payload"]["ticket"]["number"] for e in log if e["name"] == "ticket_called"]
    assert calls == numbers[:2]
    assert area_waiting(hall, "dat-dai") == 1


def test_a_second_clerk_is_refused_with_the_holders_name(hall, console, artifacts):
    first = console("lan", 2)
    second = console("binh", 2, expect_desk=False)
    refusal = second.locator("#refused")
    expect(refusal).to_be_visible()
    expect(refusal.locator("#refused-text .vi")).to_have_text("Quầy 2 đang do Nguyễn Thị Lan sử dụng")
    expect(refusal.locator("#refused-text .en")).to_be_hidden()
    expect(refusal.locator("a", has_text="Chọn quầy khác")).to_have_attribute("href", "/counter")
    expect(second.locator(".act:visible")).to_have_count(0)
    second.screenshot(path=str(artifacts / "console-refused-1366x768.png"))
    second.goto(f"{hall.url}/counter")
    expect(second.locator(".counter-card.is-taken")).to_have_count(1)
    expect(second.locator(".counter-card.is-taken")).to_contain_text("Nguyễn Thị Lan")
    second.screenshot(path=str(artifacts / "counter-choose-1366x768.png"))
    assert counter_state(hall, 2)["clerk"] == CLERKS["lan"]
    expect(first.locator("#desk")).to_be_visible()

    first.locator("button", has_text="Đăng xuất").click()     # signing out frees the counter
    first.wait_for_url(f"{hall.url}/login")
    assert counter_state(hall, 2)["clerk"] is None
    card = second.locator(".counter-card", has_text="Quầy 2")
    expect(card).not_to_have_class(re.compile("is-taken"))     # the choice page redraws live
    card.click()
    expect(second.locator("#desk")).to_be_visible()
    assert counter_state(hall, 2)["clerk"] == CLERKS["binh"]


def test_an_error_is_shown_plainly_and_the_state_stays_right(hall, console, artifacts):
    mine, other_area = issue(hall, "dat-dai")["number"], issue(hall, "tu-phap")["number"]
    page = console("lan", 1)
    page.keyboard.press("n")
    expect_current(page, mine)

    page.keyboard.press("g")                         # a number from an area this counter lacks
    page.keyboard.type(other_area)
    page.keyboard.press("Enter")
    message = page.locator("#message")
    expect(message).to_have_class("message is-error")
    expect(page.locator("#message-text .vi")).to_have_text(
        f"Số {other_area} thuộc lĩnh vực Tư pháp – Hộ tịch, quầy 1 không phục vụ")
    expect(page.locator("#message-text .en")).to_have_text("Not served at this counter")
    expect(page.locator("#message-text .en")).to_be_hidden()         # one language at a time
    page.screenshot(path=str(artifacts / "console-error-1366x768.png"))
    expect_current(page, mine)
    assert counter_state(hall, 1)["current"]["number"] == mine
    page.keyboard.press("g")
    page.keyboard.type("9999")
    page.keyboard.press("Enter")
    expect(page.locator("#message-text .vi")).to_have_text("Không tìm thấy phiếu 9999 hôm nay")
    expect_current(page, mine)

    # Someone else finishes the ticket behind the page's back (a keypad, a manager).
    status, _ = api(hall, "POST", "/api/v1/counters/1/done", hall.manager)
    assert status == 200
    expect(page.locator("#ticket-number")).to_have_text("—")    # live update
    expect(button(page, "done")).to_be_disabled()

    # A manager releases the counter (signed in: sign-out is a person's act, not a token's):
    # the page says so and offers to take it back.
    from tests.support.previous_release import Browser
    manager = Browser(hall)
    manager.login("quanly", PASSWORD)
    assert manager.post("/api/v1/counters/1/sign-out")["clerk"] is None
    expect(page.locator("#refused-text .vi")).to_have_text("Bạn không còn giữ Quầy 1")
    expect(page.locator(".act:visible")).to_have_count(0)
    page.locator("#retake").click()
    expect(page.locator("#desk")).to_be_visible()
    assert counter_state(hall, 1)["clerk"] == CLERKS["lan"]


def test_a_clerk_of_counter_1_cannot_act_on_counter_2_through_the_page(hall, console):
    issue(hall, "dat-dai")
    page = console("lan", 1)
    other = console("binh", 2)
    refusal = "(e) => ({status: e.status, code: e.code})"
    for path in ("/api/v1/counters/2/next", "/api/v1/counters/2/pause"):
        result = page.evaluate(f"(p) => window.LuotConsole.post(p, {{reason: 'x'}}).then(null, {refusal})",
                               path)
        assert result == {"status": 403, "code": "forbidden_counter"}, result
    no_shows = page.evaluate(
        f"() => window.LuotConsole.get('/api/v1/counters/2/no-shows').then(null, {refusal})")
    assert no_shows["status"] == 403
    counter = counter_state(hall, 2)
    assert counter["current"] is None and counter["status"] == "idle"
    expect(other.locator("#desk")).to_be_visible()


def test_the_console_under_load_at_both_screen_sizes(hall, console, artifacts):
    for i in range(20):
        issue(hall, ["dat-dai", "tu-phap"][i % 2], "elderly" if i in (4, 9) else None)
    for _ in range(2):
        api(hall, "POST", "/api/v1/counters/4/next", hall.manager)
        api(hall, "POST", "/api/v1/counters/4/no-show", hall.manager)
    page = console("lan", 2)
    expect(page.locator(".missed-item")).to_have_count(2)
    page.keyboard.press("n")
    expect(page.locator("#ticket-number")).not_to_have_text("—")
    page.keyboard.press("r")
    settled(page)
    expect(page.locator("#today-served")).to_have_text("0")
    page.screenshot(path=str(artifacts / "console-1366x768.png"))
    assert page.evaluate("() => document.documentElement.scrollHeight <= innerHeight")

    big = console("hoa", 4, viewport=LARGE)
    big.keyboard.press("n")
    expect(big.locator("#ticket-number")).not_to_have_text("—")
    big.keyboard.press("x")
    settled(big)
    big.keyboard.press("n")
    expect(big.locator("#today-served")).to_have_text("1")
    big.screenshot(path=str(artifacts / "console-1920x1080.png"))
    page.keyboard.press("c")
    expect(page.locator("#transfer-dialog")).to_be_visible()
    page.screenshot(path=str(artifacts / "console-transfer-1366x768.png"))
    page.keyboard.press("Escape")
    expect(page.locator("#transfer-dialog")).to_be_hidden()
    page.keyboard.press("v")
    expect(page.locator(".missed-item")).to_have_count(3)
    settled(page)
    page.keyboard.press("p")
    expect(page.locator("#pause-dialog")).to_be_visible()
    page.screenshot(path=str(artifacts / "console-pause-dialog-1366x768.png"))
    page.keyboard.press("2")
    expect(page.locator("#pause-reason")).to_have_text("Họp")
    expect(page.locator("#today-missed")).to_have_text("1")
    page.screenshot(path=str(artifacts / "console-paused-1366x768.png"))
    assert big.evaluate("() => document.documentElement.scrollHeight <= innerHeight")


def test_the_buttons_are_the_counter_commands_and_follow_the_counters_actions(hall, console):
    from hall.commands import COUNTER_COMMANDS
    page = console("lan", 3)
    # Every command with a shortcut has a button with its label and key, in the list's order;
    # the dossier code has its field, undo its button by the message line, and resume shares
    # the pause button.
    shown = [c for c in COUNTER_COMMANDS if c.shortcut and c.name not in ("dossier", "resume", "undo")]
    expect(page.locator(".act")).to_have_count(len(shown))
    for i, command in enumerate(shown):
        act = page.locator(".act").nth(i)
        expect(act).to_have_attribute("data-action", command.name)
        expect(act.locator(".act-label .vi")).to_have_text(command.label_vi)
        expect(act.locator("kbd")).to_have_text(command.shortcut)
    # An idle counter: what the server lists in `actions` is enabled, the rest is not.
    actions = counter_state(hall, 3)["actions"]
    assert "next" in actions and "done" not in actions
    for command in shown:
        if command.name in actions:
            expect(button(page, command.name)).to_be_enabled()
        else:
            expect(button(page, command.name)).to_be_disabled()


# ------------------------------------------------------------------ nothing by accident
def undone(server):
    """What the record says was undone, in order."""
    _, log = api(server, "GET", "/api/v1/events?limit=1000", server.manager)
    return [e["payload"]["undo"] for e in log if e["payload"].get("undo")]


def test_nothing_by_accident_keys_come_back_and_a_release_can_be_undone(hall, console, artifacts):
    numbers = [issue(hall, "dat-dai")["number"] for _ in range(3)]
    page = console("lan", 1)
    page.clock.install()                                 # the browser's time, fast-forwarded below
    key(page, "n")
    expect_current(page, numbers[0])
    # A code scanned (typed, then Enter) into the dossier field gives the keys back at once.
    page.locator("#dossier-code").click()
    page.keyboard.type("000.00.12.H56-261130-0002")
    page.keyboard.press("Enter")
    expect(page.locator("#dossier-code")).not_to_be_focused()
    expect(page.locator("#dossier-saved")).to_contain_text("H56-261130-0002")

    # Done, no-show and transfer: one press of Z brings the citizen back for a few seconds.
    undo = page.locator("#undo")
    for keys in (["x"], ["v"], ["c", "2"]):              # done, no-show, transfer to Tư pháp
        expect_current(page, numbers[0])
        for name in keys:
            key(page, name)
        expect(page.locator("#ticket-number")).to_have_text("—")
        expect(undo).to_be_visible()
        expect(page.locator("#undo-left")).to_contain_text("giây")
        if keys == ["x"]:
            page.screenshot(path=str(artifacts / "console-undo-1366x768.png"))
        key(page, "z")
        expect_current(page, numbers[0])
        expect(undo).to_be_hidden()
    assert area_waiting(hall, "tu-phap") == 0
    assert undone(hall) == ["done", "no-show", "transfer"]     # each undo is in the record

    # Once its time is up the button goes, and Z sends nothing.
    key(page, "x")
    expect(undo).to_be_visible()
    page.clock.fast_forward("00:11")
    expect(undo).to_be_hidden()
    key(page, "z")
    settled(page)
    assert undone(hall) == ["done", "no-show", "transfer"]     # the server clock still allowed it
    key(page, "n")                                       # the next citizen, as usual
    expect_current(page, numbers[1])
    assert counter_state(hall, 1)["current"]["number"] == numbers[1]


# ------------------------------------------------------------------ presence
AWAY_MINUTES = 0.1   # 6 s: the console says it is there every second, the ticker runs twice a second


@pytest.fixture
def quiet_hall(tmp_path):
    """A hall whose quiet counters go away after 6 s, checked every half second."""
    from tests.support.live_server import TEST_HALL, LiveServer
    config = tmp_path / "hall.toml"
    config.write_text(TEST_HALL.read_text(encoding="utf-8").replace(
        "[hall]\n", f"[hall]\naway_after_minutes = {AWAY_MINUTES}\n", 1), encoding="utf-8")
    server = LiveServer(tmp_path / "server", config=config, extra_env={"LUOT_TICK_SECONDS": "0.5"})
    yield add_people(server.start())
    server.stop()


def test_an_open_console_keeps_its_counter_staffed(quiet_hall, consoles, browser):
    import time
    page = consoles(quiet_hall, "lan", 1)
    started = time.monotonic()
    # Another clerk takes counter 2 without a console open (its page was closed): it goes away.
    other = browser.new_context()
    try:
        sign_in(other.new_page(), quiet_hall, "binh")
        csrf = other.pages[0].evaluate("() => document.querySelector('input[name=csrf_token]')"
                                       " && document.querySelector('input[name=csrf_token]').value")
        assert other.request.post(f"{quiet_hall.url}/api/v1/counters/2/sign-in",
                                  headers={"X-CSRFToken": csrf or ""}).ok
        other.pages[0].close()
        wait_until(page, lambda: counter_state(quiet_hall, 2)["shown_as"] == "away", timeout=90)
    finally:
        other.close()
    assert time.monotonic() - started > AWAY_MINUTES * 60
    counter = counter_state(quiet_hall, 1)
    assert (counter["presence"], counter["shown_as"]) == ("present", "idle")
    expect(page.locator("#desk")).to_be_visible()
