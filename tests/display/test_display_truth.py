"""The hall TV never lies in a burst (issue 10 part 3): a call the hall has moved past
(finished, transferred, recalled, or its counter called someone else) never gets a banner
turn, the banner shows each counter's newest call, and the list shows each ticket once."""
import re

import pytest

from tests.support.live_server import LiveServer, api

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

HOLD = 8          # long enough for the whole burst to reach the server first


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("display-truth")).start()
    server.tokens = {"kiosk": server.token("kiosk"),
                     **{n: server.token("clerk", n) for n in (1, 2, 3, 5)}}
    yield server
    server.stop()


def issue(server, area):
    status, ticket = api(server, "POST", "/api/v1/tickets", server.tokens["kiosk"], {"area": area})
    assert status == 201, ticket
    return ticket["number"]


def act(server, counter, action, body=None):
    status, result = api(server, "POST", f"/api/v1/counters/{counter}/{action}",
                         server.tokens[counter], body)
    assert status == 200, result
    return result


def test_a_burst_shows_only_current_calls_newest_per_counter_each_ticket_once(
        hall, browser, artifacts):
    x = issue(hall, "tra-ket-qua")
    a, b = issue(hall, "dat-dai"), issue(hall, "dat-dai")
    c, d = issue(hall, "tu-phap"), issue(hall, "tu-phap")
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(f"{hall.url}/display?hold={HOLD}")
        expect(page.locator("body")).not_to_have_class("is-loading", timeout=10_000)
        page.evaluate("window.luotDisplay.shown.length = 0")
        act(hall, 5, "next")                                  # X holds the banner for HOLD s
        expect(page.locator("#now-number")).to_have_text(x, timeout=2000)

        assert act(hall, 1, "next")["current"]["number"] == a
        assert act(hall, 1, "next")["current"]["number"] == b      # A finished: B is current
        assert act(hall, 3, "next")["current"]["number"] == c
        act(hall, 3, "recall")                                     # C again: one turn, a mark
        assert act(hall, 2, "next")["current"]["number"] == d
        act(hall, 2, "transfer", {"area": "dat-dai"})              # D leaves counter 2

        page.wait_for_function("() => window.luotDisplay.pending() === 0 "
                               "&& window.luotDisplay.shown.length >= 3", timeout=(HOLD + 8) * 1000)
        shown = page.evaluate("window.luotDisplay.shown")
        assert [s["number"] for s in shown] == [x, b, c], shown
        expect(page.locator("#now-number")).to_have_text(c)
        expect(page.locator("#now")).to_have_class(re.compile(r"\bis-recall\b"))

        numbers = page.locator("#recent .recent-number").all_inner_texts()
        assert len(numbers) == len(set(numbers)), numbers          # each ticket once
        assert set(numbers) == {x, a, b, c, d}
        row_c = page.locator("#recent .recent-row").filter(has_text=c)
        expect(row_c).to_have_count(1)
        expect(row_c.locator(".tag-recall")).to_have_count(1)
        page.screenshot(path=str(artifacts / "display-burst-truth-1920x1080.png"))

        page.reload()                                              # the snapshot agrees
        expect(page.locator("body")).not_to_have_class("is-loading", timeout=10_000)
        numbers = page.locator("#recent .recent-number").all_inner_texts()
        assert len(numbers) == len(set(numbers)), numbers
    finally:
        page.close()
