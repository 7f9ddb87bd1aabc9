"""Hall events become board commands: numbers, blinks, paused/closed codes, blanks."""
from display.boards.driver import BLANK, Blink, Display, board_text
from display.boards.intents import intents


def ticket(number="1023", counter=2):
    return {"id": "t1", "number": number, "counter": counter, "status": "called"}


def counter(status="serving", current=None, number=2, shown_as=None):
    payload = {"number": number, "name": f"Quầy {number}", "status": status, "current": current,
               "pause_reason": None}
    return payload if shown_as is None else dict(payload, shown_as=shown_as)


def test_a_call_shows_the_number_then_blinks_on_that_counter():
    payload = {"seq": 1, "call_id": "c1", "recall": False, "ticket": ticket("A012"), "counter": 2}
    assert intents("ticket_called", payload) == [(2, Display("text", "A012")), (2, Blink(3))]


def test_a_call_accepts_a_counter_object_and_can_show_the_counter_number():
    payload = {"call_id": "c1", "recall": True, "ticket": ticket(), "counter": counter()}
    assert intents("ticket_called", payload, show_counter=True, blink=Blink(0, 4000)) == [
        (2, Display("text", "1023", 2)), (2, Blink(0, 4000))]


def test_a_paused_counter_shows_the_paused_code_and_a_closed_one_the_closed_code():
    assert intents("counter_updated", {"counter": counter("paused", ticket())}) == [(2, Display("paused"))]
    assert intents("counter_updated", {"counter": counter("closed")}) == [(2, Display("closed"))]


def test_a_serving_counter_shows_its_current_number():
    assert intents("counter_updated", {"counter": counter("serving", ticket("2005"))}) == [(2, Display("text", "2005"))]


def test_an_idle_counter_is_cleared_or_keeps_its_number_as_configured():
    assert intents("counter_updated", {"counter": counter("idle")}) == [(2, BLANK)]
    assert intents("counter_updated", {"counter": counter("idle")}, idle="keep") == []


def test_a_counter_nobody_staffs_shows_the_closed_code_never_a_ready_state():
    unstaffed = counter("idle", shown_as="closed")
    assert intents("counter_updated", {"counter": unstaffed}) == [(2, Display("closed"))]
    assert intents("counter_updated", {"counter": unstaffed}, idle="keep") == [(2, Display("closed"))]


def test_a_counter_whose_clerk_is_away_shows_the_away_text():
    away = counter("serving", ticket("2005"), shown_as="away")
    assert intents("counter_updated", {"counter": away}) == [(2, Display("text", "VANG"))]
    assert intents("counter_updated", {"counter": away}, away_text="T VANG") == \
        [(2, Display("text", "T VANG"))]


def test_a_staffed_counter_follows_its_status():
    staffed = counter("serving", ticket("2005"), shown_as="serving")
    assert intents("counter_updated", {"counter": staffed}) == [(2, Display("text", "2005"))]
    assert intents("counter_updated", {"counter": counter("idle", shown_as="idle")}) == [(2, BLANK)]


def test_other_events_ask_nothing_of_the_boards():
    assert intents("ticket_issued", {"ticket": ticket()}) == []
    assert intents("queue_updated", {"area": {}}) == []


def test_board_text_drops_vietnamese_marks_and_characters_a_board_cannot_show():
    assert board_text("a012") == "A012"
    assert board_text("Đ-01") == "D-01"
    assert board_text("Số 12!") == "SO 12"
    assert board_text("12345678") == "345678"
