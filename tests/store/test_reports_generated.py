"""Over generated weeks (tests/support/generated_hall.py) the database's figures agree with
the same figures worked out in Python from the rows that were written: on SQLite, and over a
month on PostgreSQL."""
import statistics
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from hall.clock import VIETNAM
from hall.config import parse_config, read_hall_file
from store.bootstrap import prepare_database
from store.engine import make_engine
from store.reports import Period, period_report, ticket_rows
from tests.support.databases import fresh_postgres_database
from tests.support.generated_hall import generate, working_days

HALL_FILE = Path(__file__).resolve().parents[2] / "config" / "demo-hall.toml"
NOW = datetime(2027, 1, 1, tzinfo=timezone.utc)


def _minutes(seconds):
    return None if seconds is None else round(seconds / 60, 1)


def expected(visits: list[dict], config) -> dict:
    """The figures of a group of visits, computed here (the test's own arithmetic)."""
    targets = {a.id: a.target_wait_minutes * 60 for a in config.areas}
    waits = [v["wait"] for v in visits if v["wait"] is not None]
    services = [v["service"] for v in visits if v["service"] is not None]
    on_time = sum(1 for v in visits if v["wait"] is not None and v["wait"] <= targets[v["area_id"]])
    base = sum(1 for v in visits if v["wait"] is not None or v["status"] == "expired")
    rated = [v["level"] for v in visits if v["level"] is not None]
    quantile = lambda p: (waits[0] if len(waits) == 1 else     # noqa: E731
                          statistics.quantiles(waits, n=10, method="inclusive")[p])
    return {
        "served": sum(v["status"] == "served" for v in visits),
        "no_show": sum(v["status"] == "no_show" for v in visits),
        "expired": sum(v["status"] == "expired" for v in visits),
        "transferred": sum(v["status"] == "transferred" for v in visits),
        "called": len(waits),
        "wait_mean_min": _minutes(statistics.fmean(waits)) if waits else None,
        "wait_median_min": _minutes(statistics.median(waits)) if waits else None,
        "wait_p90_min": _minutes(quantile(8)) if waits else None,
        "wait_max_min": _minutes(max(waits)) if waits else None,
        "service_mean_min": _minutes(statistics.fmean(services)) if services else None,
        "on_time": on_time, "on_time_base": base,
        "ratings": len(rated), "satisfied": sum(level >= 2 for level in rated),
    }


def _visits(tickets: list[dict], ratings: list[dict]) -> list[dict]:
    levels = {r["ticket_id"]: r["level"] for r in ratings}
    seconds = lambda a, b: round((b - a).total_seconds()) if a and b else None   # noqa: E731
    return [{**t, "wait": seconds(t["joined_at"], t["first_called_at"]),
             "service": seconds(t["first_called_at"], t["finished_at"]) if t["status"] == "served" else None,
             "level": levels.get(t["id"]),
             "hour": t["joined_at"].astimezone(VIETNAM).hour} for t in tickets]


def _agree(group: dict, visits: list[dict], config) -> None:
    want = expected(visits, config)
    got = {key: group[key] for key in want}
    for key in ("wait_median_min", "wait_p90_min"):     # interpolated: floats on both sides
        assert got.pop(key) == pytest.approx(want.pop(key), abs=0.051), key
    assert got == want


def _check(engine, config, tickets, ratings, days) -> None:
    visits = _visits(tickets, ratings)
    report = period_report(engine, config, Period(days[0], days[-1]), NOW,
                           ("area", "counter", "clerk", "day", "hour"))
    _agree(report["totals"], visits, config)
    assert report["totals"]["issued"] == sum(1 for t in tickets if t["origin_id"] is None)
    assert report["totals"]["transferred_in"] == sum(1 for t in tickets if t["origin_id"])
    keyed = {"area": lambda v: v["area_id"], "counter": lambda v: v["counter"],
             "clerk": lambda v: v["clerk"] and v["clerk"].replace(" (thiết bị)", ""),
             "day": lambda v: v["business_date"].isoformat(), "hour": lambda v: v["hour"]}
    for dimension, key in keyed.items():
        for group in report["by"][dimension]:
            members = [v for v in visits if key(v) == group["key"]]
            _agree(group, members, config)
    assert sum(b["count"] for b in report["wait_distribution"]) == report["totals"]["called"]
    rows = list(ticket_rows(engine, config, days[0], days[-1]))
    assert len(rows) == len(tickets)
    assert sorted(r["wait_seconds"] for r in rows if r["wait_seconds"] is not None) == \
        sorted(v["wait"] for v in visits if v["wait"] is not None)


def _filled(url: str, first: date, count: int, per_day: int):
    config = parse_config(read_hall_file(HALL_FILE))
    engine = make_engine(url)
    prepare_database(engine, config, NOW)
    days = working_days(first, count)
    tickets, ratings = generate(engine, config, days, per_day, seed=count)
    return engine, config, tickets, ratings, days


def test_three_generated_weeks_on_sqlite_agree_with_the_rows(tmp_path):
    engine, config, tickets, ratings, days = _filled(f"sqlite:///{tmp_path / 'weeks.db'}",
                                                     date(2026, 3, 2), 15, 80)
    _check(engine, config, tickets, ratings, days)
    engine.dispose()


def test_a_generated_month_on_postgresql_agrees_with_the_rows(postgres_url):
    engine, config, tickets, ratings, days = _filled(fresh_postgres_database(postgres_url),
                                                     date(2026, 6, 1), 22, 50)
    _check(engine, config, tickets, ratings, days)
    engine.dispose()
