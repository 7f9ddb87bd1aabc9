"""What a clerk's keypad screen shows: number, counter, waiting and state, always readable."""
import pytest

from counter.keypad.screen import STATE_LABELS, CounterView, HallView, compose


@pytest.mark.parametrize("state", sorted(set(STATE_LABELS) - {"unknown"}))
@pytest.mark.parametrize("waiting", [5, 999, 1000, 1234, 9999, 65000])
def test_line_2_keeps_a_space_between_the_waiting_count_and_the_state(state, waiting):
    line2 = compose(CounterView(2, state), waiting).line2
    count, label = line2.split(maxsplit=1)[1].split(" ", 1)
    assert len(line2) <= 16 and line2.startswith("CHO ") and label.strip()
    assert count == (str(waiting) if waiting <= 9999 else "9999+")


def test_the_full_label_is_used_when_it_fits():
    assert compose(CounterView(2, "idle"), 12).line2 == "CHO 12  SAN SANG"
    assert compose(CounterView(2, "idle"), 1234).line2 == "CHO 1234  S.SANG"
    assert compose(CounterView(2, "serving"), 1234).line2 == "CHO 1234 DANG PV"


def test_the_screen_follows_what_the_hall_shows_of_the_counter():
    hall = HallView()
    hall.apply("counter_updated", {"counter": {"number": 2, "status": "idle", "shown_as": "closed",
                                               "areas": [], "current": None}})
    shown = compose(hall.counter(2), 0)
    assert (shown.state, shown.line2) == ("closed", "CHO 0       DONG")
    hall.apply("counter_updated", {"counter": {"number": 2, "status": "serving", "shown_as": "away",
                                               "areas": [], "current": {"number": "1023"}}})
    shown = compose(hall.counter(2), 3)
    assert (shown.state, shown.number, shown.line2) == ("away", "1023", "CHO 3   TAM VANG")
