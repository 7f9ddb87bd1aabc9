import pytest

from hall.errors import IllegalTransition, InvalidInput, NotFound

from .conftest import names


def test_next_calls_the_longest_waiting_ticket(service, clock):
    first = service.issue_ticket("dat-dai")
    clock.advance(minutes=1)
    service.issue_ticket("dat-dai")
    counter = service.call_next(1)
    assert counter["current"]["id"] == first["id"]
    assert counter["status"] == "serving"


def test_next_with_nobody_waiting_leaves_the_counter_idle(service):
    counter = service.call_next(1)
    assert counter["current"] is None and counter["status"] == "idle"


def test_next_finishes_the_current_ticket_as_served(service, published, queries):
    first = service.issue_ticket("dat-dai")
    service.issue_ticket("dat-dai")
    service.call_next(1)
    published.clear()
    service.call_next(1)
    assert names(published)[0] == "ticket_called"     # the call first: the hall waits for it
    finished = [e for e in published if e.name == "ticket_updated"]
    assert finished[0].payload["ticket"]["id"] == first["id"]
    assert finished[0].payload["ticket"]["status"] == "served"
    assert queries.ticket(first["id"])["status"] == "served"


def test_call_event_names_the_counter_and_has_a_unique_call_id(service, published):
    service.issue_ticket("dat-dai")
    service.call_next(2)
    service.recall(2)
    calls = [e.payload for e in published if e.name == "ticket_called"]
    assert [c["recall"] for c in calls] == [False, True]
    assert calls[0]["counter"]["number"] == 2 and calls[0]["counter"]["name"] == "Quầy 2"
    assert calls[0]["call_id"] != calls[1]["call_id"]
    assert calls[1]["ticket"]["call_count"] == 2


def test_a_counter_takes_tickets_only_from_its_areas(service):
    service.issue_ticket("tu-phap")
    assert service.call_next(1)["current"] is None
    assert service.call_next(2)["current"]["number"] == "B001"


def test_two_counters_never_get_the_same_ticket(service):
    service.issue_ticket("dat-dai")
    a = service.call_next(1)["current"]
    b = service.call_next(2)["current"]
    assert a is not None and b is None


def test_recall_without_a_current_ticket_is_refused(service):
    with pytest.raises(IllegalTransition):
        service.recall(1)


def test_done_serves_the_current_ticket_and_frees_the_counter(service, queries):
    t = service.issue_ticket("dat-dai")
    service.call_next(1)
    counter = service.done(1)
    assert counter["current"] is None and counter["status"] == "idle"
    assert queries.ticket(t["id"])["status"] == "served"
    with pytest.raises(IllegalTransition):
        service.done(1)


def test_no_show_can_be_called_back_within_the_tolerance(service, clock, queries):
    t = service.issue_ticket("dat-dai")
    service.call_next(1)
    service.no_show(1)
    assert queries.ticket(t["id"])["status"] == "no_show"
    clock.advance(minutes=29)
    counter = service.call_ticket(2, t["number"])
    assert counter["current"]["id"] == t["id"] and counter["current"]["status"] == "called"


def test_no_show_past_the_tolerance_cannot_be_called_back(service, clock):
    t = service.issue_ticket("dat-dai")
    service.call_next(1)
    service.no_show(1)
    clock.advance(minutes=31)
    with pytest.raises(IllegalTransition) as err:
        service.call_ticket(1, t["number"])
    assert err.value.code == "tolerance_passed"


def test_call_a_specific_waiting_ticket_by_number_or_id(service, queries):
    service.issue_ticket("dat-dai")
    second = service.issue_ticket("dat-dai")
    assert service.call_ticket(1, "1002")["current"]["id"] == second["id"]
    third = service.issue_ticket("dat-dai")
    assert service.call_ticket(1, third["id"])["current"]["id"] == third["id"]
    assert queries.ticket(second["id"])["status"] == "served"


def test_calling_a_ticket_of_an_area_the_counter_does_not_serve_is_refused(service):
    service.issue_ticket("tu-phap")
    with pytest.raises(IllegalTransition) as err:
        service.call_ticket(1, "B001")
    assert err.value.code == "not_eligible"


def test_calling_a_served_or_unknown_ticket_is_refused(service):
    t = service.issue_ticket("dat-dai")
    service.call_next(1)
    service.done(1)
    with pytest.raises(IllegalTransition):
        service.call_ticket(1, t["number"])
    with pytest.raises(NotFound):
        service.call_ticket(1, "9999")


def test_transfer_keeps_the_number_and_the_original_place_in_the_queue(service, clock, queries):
    moved = service.issue_ticket("dat-dai")           # 09:00
    clock.advance(minutes=5)
    later = service.issue_ticket("tu-phap")            # 09:05
    service.call_next(1)
    clock.advance(minutes=5)
    counter = service.transfer(1, "tu-phap")
    assert counter["current"] is None
    old = queries.ticket(moved["id"])
    assert old["status"] == "transferred" and old["transferred_to"]
    copy = queries.ticket(old["transferred_to"])
    assert copy["number"] == "1001" and copy["area"] == "tu-phap" and copy["status"] == "waiting"
    assert copy["ahead"] == 0
    assert service.call_next(2)["current"]["id"] == copy["id"]
    assert service.call_next(2)["current"]["id"] == later["id"]


def test_transfer_to_the_same_area_or_without_a_ticket_is_refused(service):
    with pytest.raises(IllegalTransition):
        service.transfer(1, "tu-phap")
    service.issue_ticket("dat-dai")
    service.call_next(1)
    with pytest.raises(IllegalTransition):
        service.transfer(1, "dat-dai")


def test_pause_needs_a_reason_and_blocks_calls_until_resume(service, published):
    service.issue_ticket("dat-dai")
    with pytest.raises(InvalidInput):
        service.pause(1, "  ")
    counter = service.pause(1, "Họp giao ban")
    assert counter["status"] == "paused" and counter["pause_reason"] == "Họp giao ban"
    assert published[-2].name == "counter_updated"
    with pytest.raises(IllegalTransition, match="Tiếp tục"):
        service.call_next(1)
    service.resume(1)
    assert service.call_next(1)["current"]["number"] == "1001"


def test_pause_while_serving_is_refused(service):
    service.issue_ticket("dat-dai")
    service.call_next(1)
    with pytest.raises(IllegalTransition, match="kết thúc lượt"):
        service.pause(1, "Nghỉ trưa")


def test_unknown_counter_is_not_found(service):
    with pytest.raises(NotFound):
        service.call_next(9)
    with pytest.raises(InvalidInput):
        service.call_next("1")


def test_dossier_code_attaches_to_the_current_ticket(service, queries):
    t = service.issue_ticket("dat-dai")
    service.call_next(1)
    service.attach_dossier(1, "000.00.12.H56-261130-0001")
    assert queries.ticket(t["id"])["dossier_code"] == "000.00.12.H56-261130-0001"


def test_every_event_has_a_gapless_sequence_number(service, queries, published):
    service.issue_ticket("dat-dai")
    service.issue_ticket("tu-phap")
    service.call_next(2)
    service.recall(2)
    service.done(2)
    events = published
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert queries.snapshot()["seq"] == len(events)


def test_snapshot_lists_areas_counters_and_recent_calls(service, queries):
    service.issue_ticket("dat-dai")
    service.issue_ticket("dat-dai")
    service.call_next(1)
    snap = queries.snapshot()
    assert snap["business_date"] == "2026-11-30"
    assert {a["id"]: a["waiting"] for a in snap["areas"]}["dat-dai"] == 1
    assert snap["counters"][0]["current"]["number"] == "1001"
    assert snap["recent_calls"][0]["ticket"]["number"] == "1001"


def test_estimated_wait_needs_enough_served_tickets(service, clock, queries):
    for _ in range(6):
        service.issue_ticket("dat-dai")
    assert queries.snapshot()["areas"][0]["estimated_wait_min"] is None
    for _ in range(4):
        service.call_next(1)
        clock.advance(minutes=4)
    service.done(1)
    area = queries.snapshot()["areas"][0]
    # 4 served at 4 minutes each, 2 waiting; only counter 1 is staffed: a new ticket is the
    # third it calls -> 8 minutes
    assert area["waiting"] == 2 and area["estimated_wait_min"] == 8
    assert area["open_counters"] == [1]
    service.sign_in(2, 7, "Nguyễn Thị Lan")              # counter 2 serves Đất đai too
    area = queries.snapshot()["areas"][0]
    assert area["estimated_wait_min"] == 4 and area["open_counters"] == [1, 2]


def test_one_clerk_per_counter_and_one_counter_per_clerk(service, queries):
    from hall.errors import CounterUnavailable
    service.sign_in(1, 7, "Nguyễn Thị Lan")
    with pytest.raises(CounterUnavailable) as err:
        service.sign_in(1, 8, "Trần Văn Bình")
    assert "Nguyễn Thị Lan" in err.value.message
    service.sign_in(2, 7, "Nguyễn Thị Lan")            # moving releases counter 1
    assert queries.counter(1)["clerk"] is None
    assert queries.counter(2)["clerk_id"] == 7
    with pytest.raises(CounterUnavailable):
        service.sign_out(2, clerk_id=8)
    service.sign_out(2)                                   # a manager releases it
    assert queries.counter(2)["clerk"] is None


def test_no_shows_within_the_tolerance_are_listed_for_call_back(service, clock, queries):
    t = service.issue_ticket("dat-dai")
    service.call_next(1)
    service.no_show(1)
    assert [x["id"] for x in queries.no_shows(1)] == [t["id"]]
    assert queries.no_shows(3) == []                  # counter 3 does not serve Đất đai
    clock.advance(minutes=31)
    assert queries.no_shows(1) == []


def test_area_view_shows_when_the_longest_wait_began(service, clock, queries):
    first = service.issue_ticket("dat-dai")
    clock.advance(minutes=3)
    service.issue_ticket("dat-dai")
    area = queries.snapshot()["areas"][0]
    assert area["oldest_waiting_at"] == first["issued_at"]
