"""The clerk's console (/counter/<n>) in a real browser against a real server process."""
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
@pytest.fixture
def hall(live_server):
    """The live server with three clerks and a kiosk token."""
    from hall.clock import VIETNAM
    from store.auth import create_token, create_user
    from store.engine import make_engine
    engine = make_engine(live_server.db_url)
    now = datetime.now(VIETNAM)
    for username, name in CLERKS.items():
        create_user(engine, "test-hall", username, PASSWORD, name, "clerk", [], now)
    live_server.kiosk = create_token(engine, "test-hall", "kiosk", "kiosk", [], now)
    live_server.manager = create_token(engine, "test-hall", "manager", "manager", [], now)
    engine.dispose()
    return live_server


@pytest.fixture
def console(browser, hall):
    """Open the console of counter n as a clerk, in a browser context of its own; no script
    error may happen on any of them."""
    contexts, errors = [], []

    def open_console(username, n, viewport=SMALL, expect_desk=True):
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(error))
        page.goto(f"{hall.url}/login")
        page.fill('input[name="username"]', username)
        page.fill('input[name="password"]', PASSWORD)
        page.click('button[type="submit"]')
        page.wait_for_url(f"{hall.url}/counter")
        page.goto(f"{hall.url}/counter/{n}")
        if expect_desk:
            expect(page.locator("#desk")).to_be_visible(timeout=10_000)
            expect(page.locator("#link-state")).to_have_class("link-state is-online", timeout=10_000)
        return page
    yield open_console
    for context in contexts:
        context.close()
    assert not errors, errors


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
    expect(dialog.locator(".choice-btn")).to_have_count(2)       # every area but its own
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
    key(page, "1")                         # Tư pháp – Hộ tịch (Đất đai is left out)
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
    expect(refusal.locator("#refused-text")).to_have_text("Quầy 2 đang do Nguyễn Thị Lan sử dụng")
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
    second.reload()
    second.locator(".counter-card", has_text="Quầy 2").click()
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
    expect(page.locator("#message-text")).to_have_text(
        f"Số {other_area} thuộc lĩnh vực Tư pháp – Hộ tịch, quầy 1 không phục vụ")
    expect(page.locator("#message-en")).to_have_text("not served at this counter")
    page.screenshot(path=str(artifacts / "console-error-1366x768.png"))
    expect_current(page, mine)
    assert counter_state(hall, 1)["current"]["number"] == mine
    page.keyboard.press("g")
    page.keyboard.type("9999")
    page.keyboard.press("Enter")
    expect(page.locator("#message-text")).to_have_text("Không tìm thấy phiếu 9999 hôm nay")
    expect_current(page, mine)

    # Someone else finishes the ticket behind the page's back (a keypad, a manager).
    status, _ = api(hall, "POST", "/api/v1/counters/1/done", hall.manager)
    assert status == 200
    expect(page.locator("#ticket-number")).to_have_text("—")    # live update
    expect(button(page, "done")).to_be_disabled()

    # A manager releases the counter: the page says so and offers to take it back.
    status, _ = api(hall, "POST", "/api/v1/counters/1/sign-out", hall.manager)
    assert status == 200
    expect(page.locator("#refused-text")).to_have_text("Bạn không còn giữ Quầy 1")
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
    # the dossier code has its field, and resume shares the pause button.
    shown = [c for c in COUNTER_COMMANDS if c.shortcut and c.name not in ("dossier", "resume")]
    expect(page.locator(".act")).to_have_count(len(shown))
    for i, command in enumerate(shown):
        act = page.locator(".act").nth(i)
        expect(act).to_have_attribute("data-action", command.name)
        expect(act.locator(".act-vi")).to_have_text(command.label_vi)
        expect(act.locator("kbd")).to_have_text(command.shortcut)
    # An idle counter: what the server lists in `actions` is enabled, the rest is not.
    actions = counter_state(hall, 3)["actions"]
    assert "next" in actions and "done" not in actions
    for command in shown:
        if command.name in actions:
            expect(button(page, command.name)).to_be_enabled()
        else:
            expect(button(page, command.name)).to_be_disabled()
