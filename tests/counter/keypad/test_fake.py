from counter.keypad import FakeKeypads, KeyAction, parse_keypads
from devices.adapter import ActionResult

CONFIG = {"keypads": {"bus": [{"url": "loop://", "keypads": [{"address": 1, "counter": 2}]}]}}


def test_fake_keypads_turn_presses_into_actions_like_the_driver():
    seen = []
    fake = FakeKeypads(parse_keypads(CONFIG), lambda action: seen.append(action) or ActionResult(True))
    fake.start()
    fake.handle("counter_updated", {"counter": {"number": 2, "status": "paused",
                                                "areas": [], "current": None}})
    for key in ["C", "7", "\r", "S"]:
        fake.press(2, key)
    assert seen == [KeyAction(2, "call", "7"), KeyAction(2, "resume")]
    assert [(s.id, s.status) for s in fake.health()] == [("keypad-2", "ok")]


def test_a_fake_rating_keypad_sends_its_key_number():
    seen = []
    fake = FakeKeypads(parse_keypads(CONFIG), lambda action: seen.append(action) or ActionResult(True))
    assert fake.press(2, "N", kind="rating") is None
    fake.press(2, "1", kind="rating")
    assert seen == [KeyAction(2, "rate", "1")]
