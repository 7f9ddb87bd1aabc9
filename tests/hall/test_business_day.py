from datetime import datetime

from hall.core import build_hall

from .conftest import names


def test_numbering_restarts_after_local_midnight(service, clock):
    service.issue_ticket("dat-dai")
    service.issue_ticket("dat-dai")
    clock.set_local(datetime(2026, 12, 1, 8, 0))
    assert service.issue_ticket("dat-dai")["number"] == "1001"


def test_midnight_expires_unfinished_tickets_and_keeps_history(service, clock, published, queries, days):
    waiting = service.issue_ticket("dat-dai")
    called = service.issue_ticket("dat-dai")
    service.call_ticket(1, called["number"])
    served = service.issue_ticket("tu-phap")
    service.call_ticket(2, served["number"])
    service.done(2)
    clock.set_local(datetime(2026, 11, 30, 23, 59, 59))
    assert days.tick() is False
    clock.set_local(datetime(2026, 12, 1, 0, 0, 1))
    published.clear()
    assert days.tick() is True
    assert queries.ticket(waiting["id"])["status"] == "expired"
    assert queries.ticket(called["id"])["status"] == "expired"
    assert queries.ticket(served["id"])["status"] == "served"
    snap = queries.snapshot()
    assert snap["business_date"] == "2026-12-01"
    assert all(c["current"] is None for c in snap["counters"])
    assert all(a["waiting"] == 0 for a in snap["areas"])
    assert names(published)[-1] == "day_changed"


def test_business_day_follows_vietnam_time_not_utc(service, clock, queries):
    # 2026-11-30 23:30 UTC is already 2026-12-01 06:30 in Hà Nội
    clock.set_local(datetime(2026, 12, 1, 7, 45))
    service.issue_ticket("dat-dai")
    assert queries.snapshot()["business_date"] == "2026-12-01"


def test_a_restart_that_crossed_midnight_rolls_the_day_over(config, clock):
    from hall.memory import MemoryStore
    store = MemoryStore.for_config(config)
    first = build_hall(config, store, clock)
    t = first.service.issue_ticket("dat-dai")
    clock.set_local(datetime(2026, 12, 1, 8, 0))
    restarted = build_hall(config, store, clock)     # a new process on the same data
    assert restarted.service.issue_ticket("dat-dai")["number"] == "1001"
    assert restarted.queries.ticket(t["id"])["status"] == "expired"


def test_a_no_show_from_yesterday_cannot_be_called_back(service, clock):
    t = service.issue_ticket("dat-dai")
    service.call_next(1)
    service.no_show(1)
    clock.set_local(datetime(2026, 12, 1, 8, 0))
    import pytest
    from hall.errors import NotFound
    with pytest.raises(NotFound):
        service.call_ticket(1, t["number"])


def test_an_area_opening_or_closing_by_the_clock_is_announced(service, clock, published, days):
    assert days.refresh_openings() == []           # first look: nothing to compare with
    clock.set_local(datetime(2026, 11, 30, 11, 31))   # the morning session has ended
    changed = days.refresh_openings()
    assert set(changed) == {"dat-dai", "tu-phap", "kinh-doanh"}
    updates = [e.payload["area"] for e in published if e.name == "queue_updated"]
    assert updates and all(not a["open"] and a["closed_reason"] == "outside_hours" for a in updates)
    assert days.refresh_openings() == []


def test_the_first_ticket_after_midnight_is_todays_even_before_the_ticker_ran(service, clock):
    yesterday = service.issue_ticket("dat-dai")           # left waiting: it expires at midnight
    clock.set_local(datetime(2026, 12, 1, 7, 45))
    first = service.issue_ticket("dat-dai")
    assert first["id"] != yesterday["id"]
    assert (first["number"], first["status"], first["business_date"]) == ("1001", "waiting",
                                                                         "2026-12-01")


def test_the_first_ticket_after_a_quiet_day_rolls_the_day_over_and_is_issued(service, queries, clock):
    service.issue_ticket("dat-dai")
    service.call_next(1)
    service.done(1)                                      # nothing unfinished from yesterday
    clock.set_local(datetime(2026, 12, 1, 7, 45))
    first = service.issue_ticket("dat-dai")
    assert first["number"] == "1001"
    assert queries.snapshot()["business_date"] == "2026-12-01"
