"""Period reports are computed by the database from the record, the same on SQLite and
PostgreSQL: every figure of the scripted day (tests/support/report_day.py) worked out by hand.

Waits, in seconds (joined the queue → first call): 1001 360, 2001 420, 1002 840, 1003 1260,
the copy of 2001 in Đất đai 60 (joined at the transfer), K001 480. 2002 was never called and
expired. Service (first call → finish, served only): 1001 600, 1002 240 (the undone no-show
changes nothing), copy of 2001 240, 1003 300 (the undone transfer changes nothing).
Đất đai's target wait is 10 minutes, the others' 15.
"""
from datetime import datetime
from pathlib import Path

import pytest

from hall.clock import VIETNAM, FakeClock
from hall.config import parse_config, read_hall_file
from hall.core import build_hall
from store.bootstrap import prepare_database
from store.engine import make_engine
from store.reports import Period, period_report
from store.sql import SqlStore
from tests.support.databases import fresh_postgres_database
from tests.support.report_day import DAY, play_fixture_day

HALL_FILE = Path(__file__).resolve().parents[1] / "data" / "hall.toml"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def played(request, tmp_path_factory):
    """The scripted day played once per database; yields (engine, config, clock)."""
    if request.param == "postgresql":
        url = fresh_postgres_database(request.getfixturevalue("postgres_url"))
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('reports') / 'luot.db'}"
    config = parse_config(read_hall_file(HALL_FILE))
    clock = FakeClock(datetime(2026, 11, 30, 8, 0, tzinfo=VIETNAM))
    engine = make_engine(url)
    prepare_database(engine, config, clock.now())
    play_fixture_day(build_hall(config, SqlStore(engine, config.id), clock, publish=lambda e: None),
                     clock)
    yield engine, config, clock
    engine.dispose()


@pytest.fixture(scope="module")
def report(played):
    engine, config, clock = played
    return period_report(engine, config, Period(DAY, DAY), clock.now())


def _group(report, dimension, key):
    return next(g for g in report["by"][dimension] if g["key"] == key)


def test_issued_counts_printed_tickets_only_and_every_outcome_is_the_final_status(report):
    totals = report["totals"]
    assert (totals["issued"], totals["transferred_in"], totals["called"]) == (6, 1, 6)
    assert (totals["served"], totals["no_show"], totals["transferred"], totals["expired"],
            totals["open"]) == (4, 1, 1, 1, 0)


def test_waits_have_a_mean_an_interpolated_median_and_90th_percentile_and_a_maximum(report):
    totals = report["totals"]
    # sorted: 60 360 420 480 840 1260 s; mean 570 s; median (420+480)/2; p90 at 4.5: 840 + ½·420
    assert (totals["wait_mean_min"], totals["wait_median_min"], totals["wait_p90_min"],
            totals["wait_max_min"]) == (9.5, 7.5, 17.5, 21.0)
    # 240 240 300 600 s: mean 345 s = 5.75 min
    assert (totals["service_mean_min"], totals["service_max_min"]) == (5.8, 10.0)


def test_on_time_is_a_call_within_the_areas_target_and_an_expired_ticket_was_not_on_time(report):
    totals = report["totals"]
    # on time: 1001 (6 ≤ 10), 2001 (7 ≤ 15), copy of 2001 (1 ≤ 10), K001 (8 ≤ 15); late: 1002,
    # 1003 (14 and 21 > 10); 2002 expired without a call
    assert (totals["on_time"], totals["on_time_base"], totals["on_time_share"]) == (4, 7, 0.5714)
    assert _group(report, "area", "dat-dai")["target_wait_min"] == 10


def test_ratings_count_by_level_and_satisfaction_is_the_share_of_the_two_top_levels(report):
    totals = report["totals"]
    assert (totals["ratings"], totals["levels"], totals["satisfied"], totals["satisfaction"]) == (
        4, {"3": 1, "2": 1, "1": 2}, 2, 0.5)
    assert report["reasons"][0] == {"id": "thoi-gian-cho", "label": "Thời gian chờ lâu",
                                    "label_en": "Long wait", "count": 2}
    assert [(r["id"], r["count"]) for r in report["reasons"]] == [("thoi-gian-cho", 2), ("thai-do", 1)]


def test_per_area_a_transfer_copy_counts_where_it_was_served_but_is_not_issued_there(report):
    land = _group(report, "area", "dat-dai")
    assert (land["issued"], land["transferred_in"], land["served"]) == (3, 1, 4)
    # 60 360 840 1260 s: mean 630 s, median (360+840)/2, p90 at 2.7: 840 + 0.7·420 = 1134 s
    assert (land["wait_mean_min"], land["wait_median_min"], land["wait_p90_min"]) == (10.5, 10.0, 18.9)
    assert (land["on_time"], land["on_time_base"], land["satisfaction"]) == (2, 4, 0.5)
    assert land["reasons"] == {"thoi-gian-cho": 2, "thai-do": 1}
    justice = _group(report, "area", "tu-phap")
    assert (justice["issued"], justice["transferred"], justice["expired"], justice["served"]) == (2, 1, 1, 0)
    assert (justice["wait_median_min"], justice["service_mean_min"], justice["satisfaction"]) == (7.0, None, None)
    results = _group(report, "area", "tra-ket-qua")
    assert (results["issued"], results["no_show"], results["on_time_share"]) == (1, 1, 1.0)


def test_per_counter_and_clerk_a_keypad_clerk_counts_as_themself_and_idle_counters_are_listed(report):
    assert [g["key"] for g in report["by"]["counter"]] == [1, 2, 3, 4, 5]
    first = _group(report, "counter", 1)
    # 360 840 1260 s: mean 820 s, p90 at 1.8: 840 + 0.8·420 = 1176 s; service 600 240 300
    assert (first["called"], first["served"], first["wait_mean_min"], first["wait_median_min"],
            first["wait_p90_min"], first["service_mean_min"]) == (3, 3, 13.7, 14.0, 19.6, 6.3)
    assert _group(report, "counter", 3)["called"] == 0
    assert [(g["key"], g["name"]) for g in report["by"]["clerk"]] == [
        ("user:1:Lan", "Lan"), ("user:2:Minh", "Minh")]
    minh = _group(report, "clerk", "user:2:Minh")      # counter 2, and counter 5's keypad
    # 60 420 480 s: mean 320 s, median 420 s, p90 at 1.8: 420 + 0.8·60 = 468 s
    assert (minh["called"], minh["served"], minh["no_show"], minh["transferred"]) == (3, 1, 1, 1)
    assert (minh["wait_mean_min"], minh["wait_median_min"], minh["wait_p90_min"]) == (5.3, 7.0, 7.8)
    assert (minh["issued"], minh["transferred_in"]) == (None, None)   # queues issue, not people


def test_per_hour_and_weekday_visits_count_where_they_joined_the_queue_in_hall_time(report):
    assert [(g["key"], g["issued"], g["transferred_in"]) for g in report["by"]["hour"]] == [
        (9, 4, 1), (10, 2, 0)]
    assert [(g["weekday"], g["hour"], g["issued"]) for g in report["by"]["weekday-hour"]] == [
        (1, 9, 4), (1, 10, 2)]
    assert [(g["key"], g["issued"]) for g in report["by"]["day"]] == [("2026-11-30", 6)]


def test_the_wait_distribution_counts_called_visits_per_bucket(report):
    assert [(b["from_min"], b["count"]) for b in report["wait_distribution"]][:6] == [
        (0, 1), (5, 3), (10, 1), (15, 0), (20, 1), (30, 0)]
    assert report["wait_distribution"][-1] == {"from_min": 120, "to_min": None, "count": 0}


def test_weeks_and_months_group_the_same_visits(played):
    engine, config, clock = played
    report = period_report(engine, config, Period(DAY, DAY), clock.now(), ("week", "month"))
    assert [(g["key"], g["issued"]) for g in report["by"]["week"]] == [("2026-11-30", 6)]
    assert [(g["key"], g["name"], g["served"]) for g in report["by"]["month"]] == [
        ("2026-11", "Tháng 11/2026", 4)]


def test_a_period_without_tickets_has_zero_counts_and_no_times(played):
    engine, config, clock = played
    empty = period_report(engine, config, Period(DAY.replace(day=1), DAY.replace(day=2)), clock.now())
    assert (empty["totals"]["issued"], empty["totals"]["wait_median_min"],
            empty["totals"]["satisfaction"]) == (0, None, None)
    assert [g["issued"] for g in empty["by"]["area"]] == [0, 0, 0]


def test_a_long_report_pauses_between_its_statements_so_the_hall_runs_on(played):
    engine, config, clock = played
    pauses = []
    period_report(engine, config, Period(DAY, DAY), clock.now(), pause=lambda: pauses.append(1))
    assert len(pauses) >= 20


def test_a_clerks_own_day_uses_the_same_definitions_and_counts_their_keypad(played):
    from types import SimpleNamespace

    from store.reports import clerk_day
    engine, config, _ = played
    noon = datetime(2026, 11, 30, 12, 0, tzinfo=VIETNAM)
    minh = clerk_day(engine, config.id, SimpleNamespace(kind="user", id=2), noon)
    assert minh == {"served": 1, "no_show": 1, "avg_service_seconds": 240.0}
    lan = clerk_day(engine, config.id, SimpleNamespace(kind="user", id=1), noon)
    assert lan == {"served": 3, "no_show": 0, "avg_service_seconds": round(1140 / 3, 1)}
