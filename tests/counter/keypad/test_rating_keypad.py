"""A rating keypad on the counter bus: the citizen rates the ticket the clerk just finished."""
import pytest

from counter.acting import ActingClerk
from counter.keypad import Keypads, parse_keypads
from counter.keypad import protocol as p
from counter.keypad.rating import Invitations, RatingKeys, compose_rating
from store.auth import create_user

from .conftest import wait_for


@pytest.fixture
def rating_keypad(luot, make_sim):
    """A rating keypad (address 6) at counter 1 on a pty, acting on the test hall."""
    sim = make_sim([6])
    config = {"keypads": {"poll_interval_ms": 10, "reply_timeout_ms": 60, "bus": [
        {"url": sim.url, "keypads": [{"address": 6, "counter": 1, "kind": "rating"}]}]}}
    keypads = Keypads(parse_keypads(config, luot.config.rating.invite_seconds),
                      ActingClerk(luot.hall).key)
    luot.bus.subscribe(keypads)
    keypads.start()
    yield sim
    keypads.stop()


def line2(sim):
    return (sim.keypad(6).display or p.Display()).line2


def shown(sim):
    return sim.keypad(6).display


def test_a_press_after_done_rates_that_ticket_once(luot, rating_keypad):
    user = create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan",
                       "clerk", [], luot.clock.now())
    luot.service.sign_in(1, user, "Nguyễn Thị Lan")
    ticket = luot.service.issue_ticket("dat-dai")
    luot.service.call_next(1, actor="test")
    wait_for(lambda: line2(rating_keypad) == "QUAY 1")
    luot.service.done(1, actor="test")
    wait_for(lambda: line2(rating_keypad) == "XIN MOI DANH GIA")
    assert (shown(rating_keypad).state, shown(rating_keypad).line1) == ("invite", "SO 1001       Q1")
    rating_keypad.press(6, "1")
    wait_for(lambda: line2(rating_keypad) == "CAM ON QUY KHACH")
    assert shown(rating_keypad).state == "thanks"
    rating = luot.hall.ratings.rating_of(ticket["id"])
    assert (rating["level"], rating["source"], rating["counter"]) == (3, "keypad", 1)
    rating_keypad.press(6, "3")
    wait_for(lambda: line2(rating_keypad) == "DA DANH GIA ROI")
    assert shown(rating_keypad).state == "rated"
    assert luot.hall.ratings.rating_of(ticket["id"])["level"] == 3


def test_a_press_with_nothing_to_rate_says_so(rating_keypad):
    rating_keypad.press(6, "2")
    wait_for(lambda: line2(rating_keypad) == "CHUA CO LUOT PV")
    assert shown(rating_keypad).state == "nothing"


def test_only_keys_1_to_4_rate():
    keys = RatingKeys(2)
    assert [keys.feed(code).action for code in (p.KEY_NEXT, ord("0"), ord("5"))] == [None] * 3
    assert keys.feed(ord("4")).action.arg == "4"


def test_an_invitation_lasts_invite_seconds_and_ends_when_the_ticket_is_rated_or_undone():
    now = [100.0]
    invitations = Invitations(30, lambda: now[0])
    served = {"ticket": {"id": "t1", "number": "1001", "counter": 2, "status": "served"}}
    invitations.apply("ticket_updated", served)
    assert invitations.current(2).number == "1001"
    now[0] = 131.0
    assert invitations.current(2) is None
    invitations.apply("ticket_updated", served)
    invitations.apply("ticket_rated", {"rating": {"ticket": "t1", "counter": 2}})
    assert invitations.current(2) is None
    invitations.apply("ticket_updated", served)
    invitations.apply("ticket_updated", {"ticket": dict(served["ticket"], status="called")})
    assert invitations.current(2) is None


def test_the_rating_screen_invites_then_thanks():
    invitation = Invitations(30, lambda: 0.0)
    invitation.apply("ticket_updated", {"ticket": {"id": "t", "number": "K012", "counter": 3,
                                                   "status": "served"}})
    shown = compose_rating(3, invitation.current(3))
    assert (shown.state, shown.number, shown.line1, shown.line2) == \
        ("invite", "K012", "SO K012       Q3", "XIN MOI DANH GIA")
    assert compose_rating(3, None, "CAM ON QUY KHACH", "rated").state == "thanks"
    assert p.parse_display(p.display_payload(compose_rating(3, None))) == \
        p.Display("idle", None, "", "DANH GIA DICH VU", "QUAY 3")
