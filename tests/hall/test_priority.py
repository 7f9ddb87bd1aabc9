from hall.memory import MemoryStore
from hall.core import build_hall

import copy

from hall.config import parse_config

from .conftest import BASE, MONDAY_9AM, make_config


def order_called(service, counter, count):
    return [service.call_next(counter)["current"] for _ in range(count)]


def issue_mix(service, clock, kinds):
    for kind in kinds:
        service.issue_ticket("dat-dai", "elderly" if kind == "P" else None)
        clock.advance(seconds=10)


def kinds_of(tickets):
    return "".join("P" if t["priority"] else "N" for t in tickets)


def test_interleave_lets_one_normal_through_after_every_two_priority_calls(service, clock):
    issue_mix(service, clock, "NNNPPPPPP")
    assert kinds_of(order_called(service, 1, 9)) == "PPNPPNPPN"


def test_an_elderly_citizen_who_came_first_is_called_first_at_a_fresh_counter(service, clock):
    issue_mix(service, clock, "PNN")
    assert kinds_of(order_called(service, 1, 3)) == "PNN"


def test_an_elderly_citizen_who_came_later_still_goes_before_waiting_normal_ones(service, clock):
    issue_mix(service, clock, "NNP")
    assert kinds_of(order_called(service, 1, 3)) == "PNN"


def test_interleave_with_no_normal_waiting_calls_priority(service, clock):
    issue_mix(service, clock, "PP")
    assert kinds_of(order_called(service, 1, 2)) == "PP"


def test_the_streak_counts_only_priority_calls_made_while_a_normal_ticket_waited(service, clock):
    issue_mix(service, clock, "PPPP")
    assert kinds_of(order_called(service, 1, 2)) == "PP"     # nobody normal was waiting
    issue_mix(service, clock, "N")
    assert kinds_of(order_called(service, 1, 3)) == "PPN"


def test_strict_priority_calls_every_priority_ticket_first(clock):
    config = make_config(priority__policy="strict")
    service = build_hall(config, MemoryStore.for_config(config), clock).service
    issue_mix(service, clock, "NNPNP")
    assert kinds_of(order_called(service, 1, 5)) == "PPNNN"


def test_strict_is_the_default_policy():
    raw = copy.deepcopy(BASE)
    del raw["priority"]["policy"]
    assert parse_config(raw).policy.mode == "strict"


def test_interleave_never_starves_normal_tickets(service, clock):
    # priority citizens keep arriving; normal ones still get one of every three calls
    issue_mix(service, clock, "NNNN")
    called = []
    for _ in range(9):
        service.issue_ticket("dat-dai", "elderly")
        called.append(service.call_next(1)["current"])
    assert kinds_of(called) == "PPNPPNPPN"


def test_each_counter_keeps_its_own_priority_streak(service, clock):
    issue_mix(service, clock, "NNPPPP")
    assert kinds_of(order_called(service, 1, 2)) == "PP"
    assert kinds_of(order_called(service, 2, 1)) == "P"      # counter 2's streak is its own
    assert kinds_of(order_called(service, 1, 1)) == "N"      # counter 1 owes a normal call


def test_a_priority_citizen_never_waits_behind_a_later_normal_one_but_for_the_protected_call():
    """Randomised days at one counter: a normal ticket is called while an earlier priority
    ticket waits only as the protected call after every_n priority calls."""
    import random
    from hall.clock import FakeClock
    for seed in range(40):
        rng, clock = random.Random(seed), FakeClock(MONDAY_9AM)
        config = make_config(priority__policy="interleave", priority__every_n=rng.randint(1, 3))
        service = build_hall(config, MemoryStore.for_config(config), clock).service
        waiting, streak = [], 0
        for _ in range(60):
            if rng.random() < 0.6:
                kind = "P" if rng.random() < 0.5 else "N"
                ticket = service.issue_ticket("dat-dai", "elderly" if kind == "P" else None)
                waiting.append(ticket)
                clock.advance(seconds=5)
            elif waiting:
                called = service.call_next(1)["current"]
                earlier_priority = [t for t in waiting if t["priority"]]
                normal_waited = any(not t["priority"] for t in waiting if t["id"] != called["id"])
                if not called["priority"] and earlier_priority:
                    assert streak >= config.policy.every_n, (seed, streak)
                streak = streak + 1 if called["priority"] and normal_waited else 0
                waiting = [t for t in waiting if t["id"] != called["id"]]


def test_counter_takes_the_longest_waiting_ticket_across_its_areas(service, clock):
    service.issue_ticket("tu-phap")
    clock.advance(minutes=1)
    service.issue_ticket("dat-dai")
    assert service.call_next(2)["current"]["area"] == "tu-phap"


def test_area_weight_makes_a_counter_favour_an_area(clock):
    raw = copy.deepcopy(BASE)
    raw["counter"][1]["weights"] = {"dat-dai": 3.0}
    config = parse_config(raw)
    service = build_hall(config, MemoryStore.for_config(config), clock).service
    service.issue_ticket("tu-phap")
    clock.advance(minutes=2)
    service.issue_ticket("dat-dai")
    clock.advance(minutes=1)
    # tu-phap waited 3 min (weight 1), dat-dai 1 min (weight 3): dat-dai wins
    assert service.call_next(2)["current"]["area"] == "dat-dai"
