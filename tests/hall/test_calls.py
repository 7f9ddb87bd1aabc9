"""Which calls are current (hall/calls.py): the rule the announcer and the TV follow, fed
with the events a real hall publishes, as staff and as public screens see them."""
import pytest

from hall.calls import CurrentCalls
from hall.public import public_event


@pytest.fixture(params=["staff", "public"])
def follow(request, config, published):
    """Feed every event published so far to a CurrentCalls; returns (tracker, call ids)."""
    def run():
        calls, ids = CurrentCalls(), []
        for event in published:
            payload = event.payload if request.param == "staff" \
                else public_event(config, event.name, event.payload)
            calls.see(event.name, payload)
            if event.name == "ticket_called":
                ids.append(payload["call_id"])
        return calls, ids
    return run


def current(calls, ids):
    return [calls.is_current(i) for i in ids]


def test_a_call_is_current_while_its_ticket_is_at_the_counter(service, follow):
    service.issue_ticket("dat-dai")
    service.call_next(1)
    assert current(*follow()) == [True]


def test_finishing_the_ticket_ends_its_call(service, follow):
    service.issue_ticket("dat-dai")
    service.call_next(1)
    service.done(1)
    assert current(*follow()) == [False]


def test_the_counter_calling_someone_else_ends_the_earlier_call(service, follow):
    service.issue_ticket("dat-dai")
    service.issue_ticket("dat-dai")
    service.call_next(1)
    service.call_next(1)
    assert current(*follow()) == [False, True]


def test_a_transfer_ends_the_call(service, follow):
    service.issue_ticket("dat-dai")
    service.call_next(2)
    service.transfer(2, "tu-phap")
    assert current(*follow()) == [False]


def test_a_recall_replaces_the_earlier_call_of_the_same_ticket(service, follow):
    service.issue_ticket("dat-dai")
    service.call_next(1)
    service.recall(1)
    assert current(*follow()) == [False, True]


def test_a_no_show_called_back_elsewhere_ends_the_first_call(service, follow):
    ticket = service.issue_ticket("dat-dai")
    service.call_next(1)
    service.no_show(1)
    service.call_ticket(2, ticket["number"])
    assert current(*follow()) == [False, True]


def test_calls_at_other_counters_stay_current(service, follow):
    service.issue_ticket("dat-dai")
    service.issue_ticket("tu-phap")
    service.call_next(1)
    service.call_next(2)
    assert current(*follow()) == [True, True]


def test_a_new_day_ends_every_call(service, follow):
    service.issue_ticket("dat-dai")
    service.call_next(1)
    calls, ids = follow()
    calls.see("day_changed", {"seq": 99})
    assert current(calls, ids) == [False]
