"""The soak's checks (bench/soak.py) can fail: a lost ticket and a double call are caught."""
from bench.soak import double_calls, lost_tickets, percentile


def called(ticket_id, recall=False):
    return {"name": "ticket_called", "ticket_id": ticket_id, "payload": {"recall": recall}}


def updated(ticket_id, status):
    return {"name": "ticket_updated", "ticket_id": ticket_id,
            "payload": {"ticket": {"id": ticket_id, "status": status}}}


def issued(ticket_id):
    return {"name": "ticket_issued", "ticket_id": ticket_id,
            "payload": {"ticket": {"id": ticket_id, "status": "waiting"}}}


def test_a_ticket_acknowledged_but_not_stored_is_lost():
    acknowledged = {"a": "1001", "b": "1002", "c": "2001"}
    assert lost_tickets(acknowledged, {"a", "b", "c", "d"}) == []
    assert lost_tickets(acknowledged, {"a", "c"}) == ["1002"]


def test_a_ticket_called_while_called_or_after_service_is_a_double_call():
    assert double_calls([issued("a"), called("a"), called("a")]) == ["a"]
    assert double_calls([issued("a"), called("a"), updated("a", "called"),
                         updated("a", "served"), called("a")]) == ["a"]


def test_recalls_call_backs_and_undone_calls_are_not_double_calls():
    events = [issued("a"), called("a"), updated("a", "called"), called("a", recall=True),
              updated("a", "no_show"), called("a"), updated("a", "called"),
              updated("a", "served"),
              issued("b"), called("b"), updated("b", "waiting"), called("b"),
              {"name": "counter_updated", "ticket_id": None, "payload": {}}]
    assert double_calls(events) == []


def test_percentile_by_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0 and percentile(values, 99) == 99.0
    assert percentile([3.0], 99) == 3.0
