import pytest

from hall.errors import IllegalTransition
from hall.states import (COUNTER_TRANSITIONS, TICKET_TRANSITIONS, CounterAction, CounterStatus,
                         TicketAction, TicketStatus, next_counter_status, next_ticket_status)


@pytest.mark.parametrize("status", list(TicketStatus))
@pytest.mark.parametrize("action", list(TicketAction))
def test_every_ticket_transition_is_either_in_the_table_or_refused(status, action):
    if (status, action) in TICKET_TRANSITIONS:
        assert next_ticket_status(status, action) is TICKET_TRANSITIONS[(status, action)]
    else:
        with pytest.raises(IllegalTransition) as err:
            next_ticket_status(status, action)
        assert status.value in err.value.message and action.value in err.value.message


@pytest.mark.parametrize("status", list(CounterStatus))
@pytest.mark.parametrize("action", list(CounterAction))
def test_every_counter_transition_is_either_in_the_table_or_refused(status, action):
    if (status, action) in COUNTER_TRANSITIONS:
        assert next_counter_status(status, action) is COUNTER_TRANSITIONS[(status, action)]
    else:
        with pytest.raises(IllegalTransition) as err:
            next_counter_status(status, action)
        assert err.value.details == {"state": status.value, "action": action.value}


def test_final_ticket_states_have_no_way_out_but_undo_and_a_no_show_call_back():
    assert not [k for k in TICKET_TRANSITIONS
                if k[0] in (TicketStatus.EXPIRED, TicketStatus.WITHDRAWN)]
    for final in (TicketStatus.SERVED, TicketStatus.TRANSFERRED):
        assert [a for (s, a) in TICKET_TRANSITIONS if s is final] == [TicketAction.UNDO]
    assert [a for (s, a) in TICKET_TRANSITIONS if s is TicketStatus.NO_SHOW] == [
        TicketAction.CALL_BACK, TicketAction.UNDO]
