from counter.keypad import ActionResult, FakeKeypads, KeyAction

CONFIG = {"keypads": {"bus": [{"url": "loop://", "keypads": [{"address": 1, "counter": 2}]}]}}


def test_fake_keypads_turn_presses_into_actions_like_the_driver():
    seen = []
    fake = FakeKeypads(CONFIG, lambda action: seen.append(action) or ActionResult(True))
    fake.handle("counter_updated", {"counter": {"number": 2, "status": "paused",
                                                "areas": [], "current": None}})
    for key in ["C", "7", "\r", "S"]:
        fake.press(2, key)
    assert seen == [KeyAction(2, "call", "7"), KeyAction(2, "resume")]
    assert fake.status()["keypad-2"]["status"] == "ok"
