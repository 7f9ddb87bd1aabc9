from datetime import datetime

import pytest

from hall.errors import AreaClosed, InvalidInput, NotFound

from .conftest import names


def test_numbers_follow_the_area_series_without_gaps(service):
    numbers = [service.issue_ticket("dat-dai")["number"] for _ in range(3)]
    assert numbers == ["1001", "1002", "1003"]
    assert service.issue_ticket("tu-phap")["number"] == "B001"


def test_issuing_reports_people_ahead(service):
    service.issue_ticket("dat-dai")
    service.issue_ticket("dat-dai")
    assert service.issue_ticket("dat-dai")["ahead"] == 2


def test_issuing_records_ticket_issued_then_queue_updated(service, published):
    service.issue_ticket("dat-dai", actor="kiosk-1")
    assert names(published) == ["ticket_issued", "queue_updated"]
    assert [e.seq for e in published] == [1, 2]
    assert published[1].payload["area"]["waiting"] == 1
    assert published[0].actor == "kiosk-1"


def test_area_over_its_daily_cap_is_closed_with_a_reason(service):
    for _ in range(5):
        service.issue_ticket("tu-phap")
    with pytest.raises(AreaClosed) as err:
        service.issue_ticket("tu-phap")
    assert err.value.details["reason"] == "full"
    assert "hết số" in err.value.message


def test_area_outside_its_sessions_is_closed_with_the_next_opening(service, clock):
    clock.set_local(datetime(2026, 11, 30, 12, 0))
    with pytest.raises(AreaClosed) as err:
        service.issue_ticket("dat-dai")
    assert err.value.details["reason"] == "outside_hours"
    assert err.value.details["next_open"].startswith("2026-11-30T13:30")


def test_area_with_only_a_morning_session_opens_next_working_day(service, clock):
    clock.set_local(datetime(2026, 12, 4, 14, 0))   # Friday afternoon
    with pytest.raises(AreaClosed) as err:
        service.issue_ticket("kinh-doanh")
    assert err.value.details["next_open"].startswith("2026-12-07T07:30")   # Monday


def test_ticket_records_the_session_it_was_issued_in(service, clock):
    assert service.issue_ticket("dat-dai")["session"] == "morning"
    clock.set_local(datetime(2026, 11, 30, 14, 0))
    assert service.issue_ticket("dat-dai")["session"] == "afternoon"


def test_area_whose_counters_are_all_closed_takes_no_ticket(service):
    service.close_counter(3)
    with pytest.raises(AreaClosed) as err:
        service.issue_ticket("kinh-doanh")
    assert err.value.details["reason"] == "no_counter"


@pytest.mark.parametrize("area, priority, error", [
    ("nowhere", None, NotFound), (12, None, InvalidInput), ("dat-dai", "vip", InvalidInput),
    ("dat-dai", ["elderly"], InvalidInput), (None, None, InvalidInput)])
def test_bad_issue_requests_are_refused_and_change_nothing(service, published, area, priority, error):
    with pytest.raises(error):
        service.issue_ticket(area, priority)
    assert published == []
    assert service.issue_ticket("dat-dai")["number"] == "1001"


def test_priority_ticket_carries_its_category_label(service):
    ticket = service.issue_ticket("dat-dai", "elderly")
    assert ticket["priority_label"] == "Người cao tuổi"


def test_ticket_ids_are_long_and_unguessable(service):
    ids = {service.issue_ticket("dat-dai")["id"] for _ in range(20)}
    assert len(ids) == 20 and all(len(i) >= 20 for i in ids)


def test_a_reprint_and_a_speaker_test_are_recorded_requests_for_the_devices(service, published):
    """Whichever process a manager reaches, the process that drives the printer and the voice
    hears them from the record; an unknown ticket or counter changes nothing."""
    ticket = service.issue_ticket("dat-dai")
    published.clear()
    again = service.reprint(ticket["id"], actor="Lê Thị Hoa")
    announcement = service.test_speaker(2, actor="Lê Thị Hoa")
    assert names(published) == ["ticket_reprint", "speaker_test"]
    assert again["number"] == ticket["number"] and published[0].payload["ticket"]["id"] == ticket["id"]
    assert published[1].payload["id"] == announcement and len(announcement) == 12
    assert published[1].payload["counter"] == {"number": 2, "name": "Quầy 2"}
    assert {e.actor for e in published} == {"Lê Thị Hoa"}
    for bad in (lambda: service.reprint("no-such-ticket"), lambda: service.reprint(None),
                lambda: service.test_speaker(99), lambda: service.test_speaker("2")):
        with pytest.raises(NotFound):
            bad()
    assert len(published) == 2
