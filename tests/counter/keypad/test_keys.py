from counter.keypad import protocol as p
from counter.keypad.keys import KeyAction, KeyInterpreter


def feed_all(interpreter, keys, paused=False):
    actions = []
    for key in keys:
        code = ord(key) if isinstance(key, str) else key
        step = interpreter.feed(code, paused=paused)
        if step.action:
            actions.append(step.action)
    return actions


def test_single_keys_act_at_once():
    keys = [p.KEY_NEXT, p.KEY_RECALL, p.KEY_NO_SHOW, p.KEY_DONE, p.KEY_PAUSE, p.KEY_RESUME]
    actions = feed_all(KeyInterpreter(3), keys)
    assert [a.action for a in actions] == ["next", "recall", "no-show", "done", "pause",
                                           "resume"]
    assert all(a.counter == 3 and a.arg is None for a in actions)


def test_call_number_collects_digits_until_enter():
    interpreter = KeyInterpreter(2)
    actions = feed_all(interpreter, [p.KEY_CALL, "1", "0", "2"])
    assert actions == [] and interpreter.prompt == "GOI SO: 102_"
    assert feed_all(interpreter, ["3", p.KEY_ENTER]) == [KeyAction(2, "call", "1023")]
    assert interpreter.prompt == ""


def test_transfer_takes_an_area_index():
    actions = feed_all(KeyInterpreter(1), [p.KEY_TRANSFER, "2", p.KEY_ENTER])
    assert actions == [KeyAction(1, "transfer", "2")]


def test_clear_cancels_an_entry():
    interpreter = KeyInterpreter(1)
    assert feed_all(interpreter, [p.KEY_CALL, "5", p.KEY_CLEAR, p.KEY_ENTER]) == []
    assert interpreter.prompt == ""


def test_digits_without_a_command_do_nothing():
    assert feed_all(KeyInterpreter(1), ["4", "2", p.KEY_ENTER]) == []


def test_a_command_key_abandons_an_entry_and_acts():
    actions = feed_all(KeyInterpreter(1), [p.KEY_TRANSFER, "2", p.KEY_NEXT, p.KEY_ENTER])
    assert actions == [KeyAction(1, "next")]


def test_toggle_key_pauses_a_running_counter_and_resumes_a_paused_one():
    assert feed_all(KeyInterpreter(1), [p.KEY_PAUSE_TOGGLE]) == [KeyAction(1, "pause")]
    assert feed_all(KeyInterpreter(1), [p.KEY_PAUSE_TOGGLE], paused=True) == \
        [KeyAction(1, "resume")]


def test_entry_stops_growing_at_its_maximum_length():
    actions = feed_all(KeyInterpreter(1), [p.KEY_TRANSFER, "1", "2", "3", p.KEY_ENTER])
    assert actions == [KeyAction(1, "transfer", "12")]
