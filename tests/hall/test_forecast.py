"""The forecast replays the hall with the code that calls: what it predicts is what happens."""
import random

import pytest

from hall.clock import FakeClock
from hall.core import build_hall
from hall.errors import AreaClosed
from hall.memory import MemoryStore

from .conftest import MONDAY_9AM, make_config

AREAS = ["dat-dai", "tu-phap"]          # counter 1: dat-dai; counter 2: tu-phap + dat-dai


def _random_morning(rng, hall, clock, steps):
    """Arrivals of both kinds and calls at random counters, with time passing."""
    service = hall.service
    for _ in range(steps):
        roll = rng.random()
        if roll < 0.55:
            try:
                service.issue_ticket(rng.choice(AREAS), "elderly" if rng.random() < 0.35 else None)
            except AreaClosed:                      # Tư pháp's cap is small: a full area
                pass
        elif roll < 0.9:
            service.call_next(rng.choice([1, 2]), actor=f"user:{rng.randint(1, 2)}:clerk")
        else:
            counter = rng.choice([1, 2])
            if hall.queries.counter(counter)["current"]:
                service.done(counter, actor="user:1:clerk")
        clock.advance(seconds=rng.randint(5, 240))


@pytest.mark.parametrize("policy", ["strict", "interleave"])
def test_the_predicted_order_is_the_order_in_which_tickets_are_called(policy):
    for seed in range(25):
        rng, clock = random.Random(seed), FakeClock(MONDAY_9AM)
        config = make_config(priority__policy=policy, priority__every_n=rng.randint(1, 3))
        hall = build_hall(config, MemoryStore.for_config(config), clock)
        for counter in (1, 2):
            hall.service.sign_in(counter, counter, f"Cán bộ {counter}")
        _random_morning(rng, hall, clock, rng.randint(10, 60))
        predicted = hall.queries.forecast()
        waiting = [t for t in hall.queries.snapshot()["areas"] for _ in range(t["waiting"])]
        assert len(predicted) == len(waiting), seed
        for entry in predicted:                         # every surface says the same
            assert hall.queries.ticket(entry["ticket"])["ahead"] == entry["position"]
        for entry in predicted:                         # nothing else changes: replay
            called = hall.service.call_next(entry["counter"], actor="user:1:clerk")["current"]
            assert called["id"] == entry["ticket"], (seed, entry)


def test_you_are_next_is_shown_only_to_the_ticket_the_next_free_counter_calls(clock):
    config = make_config(priority__policy="strict")
    hall = build_hall(config, MemoryStore.for_config(config), clock)
    hall.service.sign_in(1, 1, "Cán bộ 1")
    normal = hall.service.issue_ticket("dat-dai")
    elderly = hall.service.issue_ticket("dat-dai", "elderly")
    assert elderly["ahead"] == 0 and hall.queries.ticket(normal["id"])["ahead"] == 1
    assert hall.service.call_next(1, actor="user:1:x")["current"]["id"] == elderly["id"]


def test_a_busy_counter_frees_up_after_its_expected_service_time(clock):
    config = make_config(priority__policy="strict")
    hall = build_hall(config, MemoryStore.for_config(config), clock)
    for counter in (1, 2):
        hall.service.sign_in(counter, counter, f"Cán bộ {counter}")
    for _ in range(3):                                   # teach it: 10 minutes per citizen
        hall.service.issue_ticket("dat-dai")
        hall.service.call_next(1, actor="a")
        clock.advance(minutes=10)
        hall.service.done(1, actor="a")
    hall.service.issue_ticket("dat-dai")
    hall.service.call_next(2, actor="b")                 # counter 2 busy from now on
    clock.advance(minutes=2)
    first = hall.service.issue_ticket("dat-dai")
    second = hall.service.issue_ticket("dat-dai")
    assert (first["ahead"], first["estimated_wait_min"]) == (0, 0)          # counter 1 is idle
    assert (hall.queries.ticket(second["id"])["ahead"],
            hall.queries.ticket(second["id"])["estimated_wait_min"]) == (1, 8)  # counter 2 at +8


def test_an_unstaffed_hall_gives_the_order_but_no_time(clock):
    config = make_config(priority__policy="strict")
    hall = build_hall(config, MemoryStore.for_config(config), clock)
    first = hall.service.issue_ticket("dat-dai")
    second = hall.service.issue_ticket("dat-dai", "elderly")
    assert hall.queries.ticket(first["id"])["ahead"] == 1 and second["ahead"] == 0
    assert second["estimated_wait_min"] is None
    assert hall.queries.areas()[0]["open_counters"] == []


def test_a_quiet_clerk_is_away_and_stops_counting_in_estimates(clock):
    config = make_config()
    hall = build_hall(config, MemoryStore.for_config(config), clock)
    hall.service.sign_in(1, 1, "Cán bộ 1")
    hall.service.issue_ticket("dat-dai")
    clock.advance(minutes=1)
    assert hall.days.check_presence() == []
    clock.advance(minutes=1, seconds=1)
    assert hall.days.check_presence() == [1]
    counter = hall.queries.counter(1)
    assert (counter["presence"], counter["shown_as"]) == ("away", "away")
    assert hall.queries.areas()[0]["open_counters"] == []
    hall.service.heartbeat(1, clerk_id=1)                # the console is back
    assert hall.queries.counter(1)["shown_as"] == "idle"


def test_a_clerk_serving_a_long_citizen_stays_staffed_and_keeps_the_ticket(clock):
    config = make_config()
    hall = build_hall(config, MemoryStore.for_config(config), clock)
    hall.service.sign_in(1, 1, "Cán bộ 1")
    hall.service.issue_ticket("dat-dai")
    hall.service.call_next(1, actor="user:1:Cán bộ 1")   # a keypad clerk: no presses for a while
    clock.advance(minutes=20)
    assert hall.days.check_presence() == []
    counter = hall.queries.counter(1)
    assert counter["shown_as"] == "serving" and counter["current"]["number"] == "1001"
    hall.service.done(1, actor="user:1:Cán bộ 1")
    clock.advance(minutes=3)
    assert hall.days.check_presence() == [1]           # idle and quiet: now away


def test_a_counter_nobody_signed_in_at_is_shown_closed(queries):
    counter = queries.counter(1)
    assert (counter["status"], counter["presence"], counter["shown_as"]) == ("idle", "absent",
                                                                             "closed")


def test_a_clerk_token_acting_at_a_counter_staffs_it_while_it_acts(clock):
    config = make_config()
    hall = build_hall(config, MemoryStore.for_config(config), clock)
    hall.service.issue_ticket("dat-dai")
    hall.service.call_next(1, actor="token:5:integration")
    assert hall.queries.counter(1)["shown_as"] == "serving"
    hall.service.done(1, actor="token:5:integration")
    clock.advance(minutes=3)
    hall.days.check_presence()
    assert hall.queries.counter(1)["shown_as"] == "closed"   # no clerk signed in: unstaffed


def test_heartbeats_write_at_most_every_half_minute(clock, published):
    config = make_config()
    hall = build_hall(config, MemoryStore.for_config(config), clock, publish=published.extend)
    hall.service.sign_in(1, 1, "Cán bộ 1")
    before = hall.uow.store.data.counters[1].version
    clock.advance(seconds=10)
    hall.service.heartbeat(1, clerk_id=1)
    assert hall.uow.store.data.counters[1].version == before
    clock.advance(seconds=30)
    hall.service.heartbeat(1, clerk_id=1)
    assert hall.uow.store.data.counters[1].last_seen_at == clock.now()
    assert hall.service.heartbeat(1, clerk_id=2) is None   # not the seated clerk


def test_the_new_day_signs_everybody_out(clock):
    config = make_config()
    hall = build_hall(config, MemoryStore.for_config(config), clock)
    hall.service.sign_in(1, 1, "Cán bộ 1")
    clock.advance(days=1)
    assert hall.days.tick()
    assert hall.queries.counter(1)["clerk"] is None
    assert hall.queries.counter(1)["shown_as"] == "closed"


def test_far_back_in_a_long_queue_the_count_ahead_is_still_exact_for_one_queue(clock):
    import copy

    from hall.config import parse_config
    from hall.forecast import HORIZON

    from .conftest import BASE
    raw = copy.deepcopy(BASE)
    raw["area"][0]["daily_cap"] = 500
    config = parse_config(raw)
    hall = build_hall(config, MemoryStore.for_config(config), clock)
    hall.service.sign_in(1, 1, "Cán bộ 1")
    tickets = [hall.service.issue_ticket("dat-dai") for _ in range(HORIZON + 30)]
    assert tickets[-1]["ahead"] == HORIZON + 29
    assert hall.queries.ticket(tickets[HORIZON + 5]["id"])["ahead"] == HORIZON + 5
    elderly = hall.service.issue_ticket("dat-dai", "elderly")
    assert elderly["ahead"] == 0
    assert hall.queries.ticket(tickets[-1]["id"])["ahead"] == HORIZON + 30
