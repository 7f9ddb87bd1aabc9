"""The command vocabulary: one list, one dispatcher, allowed actions from the transition table."""
import pytest

from hall.commands import COUNTER_COMMANDS, allowed_commands, command, dispatch
from hall.errors import InvalidInput, NotFound
from hall.service import HallService
from hall.model import CounterState
from hall.states import CounterStatus


def _state(status, **fields):
    return CounterState("test-hall", 1, status, **fields)


def test_every_command_names_an_existing_handler():
    for cmd in COUNTER_COMMANDS:
        assert callable(getattr(HallService, cmd.handler)), cmd.name


def test_command_names_are_unique():
    names = [c.name for c in COUNTER_COMMANDS]
    assert len(names) == len(set(names))


def test_a_paused_counter_can_only_resume_pause_again_open_or_close():
    assert set(allowed_commands(_state(CounterStatus.PAUSED))) == {"pause", "resume", "open", "close"}


def test_a_serving_counter_can_finish_recall_transfer_and_call_but_not_pause():
    allowed = allowed_commands(_state(CounterStatus.SERVING))
    assert {"next", "recall", "done", "no-show", "transfer", "call", "dossier"} <= set(allowed)
    assert "pause" not in allowed and "close" not in allowed


def test_an_idle_counter_cannot_recall_or_finish():
    allowed = allowed_commands(_state(CounterStatus.IDLE))
    assert "recall" not in allowed and "done" not in allowed and "next" in allowed


def test_unknown_command_is_invalid_input():
    with pytest.raises(InvalidInput) as error:
        command("explode")
    assert error.value.code == "unknown_action"


def test_dispatch_runs_the_handler_with_the_body_fields(service, clock):
    service.issue_ticket("dat-dai")
    dispatch(service, 1, "next", {}, "test")
    state = dispatch(service, 1, "dossier", {"code": "HS-001"}, "test")
    assert state["current"]["dossier_code"] == "HS-001"


def test_dispatch_refuses_a_missing_field_before_touching_the_hall(service, queries):
    with pytest.raises(InvalidInput) as error:
        dispatch(service, 1, "pause", {}, "test")
    assert error.value.code == "missing_field"
    assert queries.counter(1)["status"] == "idle"


def test_dispatch_refuses_an_unknown_counter(service):
    with pytest.raises(NotFound):
        dispatch(service, 99, "next", {}, "test")


def test_counter_view_lists_the_allowed_actions(service, queries):
    assert "recall" not in queries.counter(1)["actions"]
    service.issue_ticket("dat-dai")
    assert "recall" in dispatch(service, 1, "next", {}, "test")["actions"]


def test_undo_is_offered_only_while_there_is_something_to_undo():
    assert "undo" not in allowed_commands(_state(CounterStatus.IDLE))
    assert "undo" in allowed_commands(_state(CounterStatus.IDLE, undo_ticket_id="t1"))


def test_call_back_calls_the_latest_no_show_of_this_counter(service, clock):
    first = service.issue_ticket("dat-dai")
    second = service.issue_ticket("dat-dai")
    service.call_next(1)
    service.no_show(1)
    clock.advance(minutes=1)
    service.call_next(1)
    service.no_show(1)
    state = dispatch(service, 1, "call-back", {}, "test")
    assert state["current"]["id"] == second["id"] and state["current"]["id"] != first["id"]


def test_call_back_without_a_no_show_is_refused(service):
    with pytest.raises(NotFound) as error:
        dispatch(service, 1, "call-back", {}, "test")
    assert error.value.code == "no_no_show"
