"""Done, no-show and transfer can be undone for 10 s with one press; the undo is an event."""
import pytest

from hall.errors import IllegalTransition


def _serving(service):
    ticket = service.issue_ticket("dat-dai")
    service.call_next(2, actor="user:1:Lan")
    return ticket


@pytest.mark.parametrize("action", ["done", "no_show"])
def test_undo_puts_the_finished_citizen_back_at_the_counter(service, queries, clock, action):
    ticket = _serving(service)
    getattr(service, action)(2, actor="user:1:Lan")
    clock.advance(seconds=9)
    counter = service.undo(2, actor="user:1:Lan")
    assert counter["current"]["id"] == ticket["id"] and counter["status"] == "serving"
    assert queries.ticket(ticket["id"])["status"] == "called"
    assert "undo" not in counter["actions"]


def test_undo_is_an_event_in_the_record(service, published):
    _serving(service)
    service.done(2)
    service.undo(2)
    undo = [e for e in published if e.payload.get("undo")]
    assert [(e.name, e.payload["undo"], e.payload["ticket"]["status"]) for e in undo] == [
        ("ticket_updated", "done", "called")]


def test_undo_after_ten_seconds_is_refused(service, clock):
    _serving(service)
    service.done(2)
    clock.advance(seconds=11)
    with pytest.raises(IllegalTransition) as error:
        service.undo(2)
    assert error.value.code == "nothing_to_undo"


def test_undo_of_a_transfer_withdraws_the_copy_from_the_other_queue(service, queries):
    ticket = _serving(service)
    service.transfer(2, "tu-phap")
    waiting_before = queries.snapshot()["areas"][1]["waiting"]
    counter = service.undo(2)
    assert counter["current"]["id"] == ticket["id"]
    assert queries.snapshot()["areas"][1]["waiting"] == waiting_before - 1
    assert queries.ticket(ticket["id"])["transferred_to"] is None


def test_a_transfer_already_called_in_the_new_area_cannot_be_undone(service, queries):
    _serving(service)
    service.transfer(2, "tu-phap")
    service.call_next(2)                      # counter 2 serves Tư pháp too: calls the copy
    with pytest.raises(IllegalTransition):
        service.undo(2)


def test_calling_the_next_citizen_ends_the_chance_to_undo(service):
    _serving(service)
    service.issue_ticket("dat-dai")
    service.done(2)
    service.call_next(2)
    with pytest.raises(IllegalTransition):
        service.undo(2)


def test_an_undone_done_does_not_count_as_a_service_time(service, clock, queries):
    ticket = _serving(service)
    clock.advance(minutes=5)
    service.done(2)
    service.undo(2)
    clock.advance(minutes=5)
    service.done(2)
    served = queries.ticket(ticket["id"])
    assert served["status"] == "served" and served["first_called_at"] < served["finished_at"]


def test_a_recall_keeps_the_first_call_as_the_start_of_service(service, clock, queries):
    ticket = _serving(service)
    first = queries.ticket(ticket["id"])["first_called_at"]
    clock.advance(minutes=2)
    service.recall(2)
    again = queries.ticket(ticket["id"])
    assert again["first_called_at"] == first and again["called_at"] > first
