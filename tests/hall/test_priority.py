from hall.memory import MemoryStore
from hall.core import build_hall

import copy

from hall.config import parse_config

from .conftest import BASE, make_config


def order_called(service, counter, count):
    return [service.call_next(counter)["current"] for _ in range(count)]


def issue_mix(service, clock, kinds):
    for kind in kinds:
        service.issue_ticket("dat-dai", "elderly" if kind == "P" else None)
        clock.advance(seconds=10)


def kinds_of(tickets):
    return "".join("P" if t["priority"] else "N" for t in tickets)


def test_interleave_calls_one_priority_after_every_two_normal(service, clock):
    issue_mix(service, clock, "NNNNNNPPP")
    assert kinds_of(order_called(service, 1, 9)) == "NNPNNPNNP"


def test_interleave_with_no_normal_waiting_calls_priority(service, clock):
    issue_mix(service, clock, "PP")
    assert kinds_of(order_called(service, 1, 2)) == "PP"


def test_strict_priority_calls_every_priority_ticket_first(clock):
    config = make_config(priority__policy="strict")
    service = build_hall(config, MemoryStore.for_config(config), clock).service
    issue_mix(service, clock, "NNPNP")
    assert kinds_of(order_called(service, 1, 5)) == "PPNNN"


def test_interleave_never_starves_normal_tickets(service, clock):
    # priority citizens keep arriving; normal ones still get two of every three calls
    issue_mix(service, clock, "NNNN")
    called = []
    for _ in range(9):
        service.issue_ticket("dat-dai", "elderly")
        called.append(service.call_next(1)["current"])
    assert kinds_of(called).count("N") == 4
    assert kinds_of(called)[:6] == "NNPNNP"


def test_priority_call_resets_the_normal_streak_per_counter(service, clock):
    issue_mix(service, clock, "NNPNN")
    assert kinds_of(order_called(service, 1, 3)) == "NNP"
    # counter 2 has its own streak: it starts with normal tickets
    assert kinds_of(order_called(service, 2, 1)) == "N"


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
