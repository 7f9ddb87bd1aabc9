"""A day's ratings read back with their tickets' numbers, on SQLite and PostgreSQL."""
from datetime import date

import pytest

from hall.core import build_hall
from store.bootstrap import prepare_database
from store.engine import make_engine
from store.ratings import ratings_of_day
from store.sql import SqlStore
from tests.support.databases import fresh_postgres_database

LAN, TUAN = "user:7:Nguyễn Thị Lan", "user:70:Phạm Minh Tuấn"


@pytest.fixture(params=["sqlite", "postgresql"])
def rated(request, tmp_path, config, clock):  # noqa: F811 - config, clock: tests/store/conftest.py
    """A hall where Lan served two rated tickets and user 70 one; returns (engine, hall)."""
    url = f"sqlite:///{tmp_path / 'luot.db'}" if request.param == "sqlite" else \
        fresh_postgres_database(request.getfixturevalue("postgres_url"))
    engine = make_engine(url)
    prepare_database(engine, config, clock.now())
    hall = build_hall(config, SqlStore(engine, config.id), clock)
    for clerk, level, reasons in [(LAN, 3, []), (TUAN, 2, []), (LAN, 1, ["thai-do", "di-lai"])]:
        ticket = hall.service.issue_ticket("dat-dai")
        hall.service.call_next(2, actor=clerk)
        hall.service.done(2, actor=clerk)
        hall.ratings.rate(ticket["id"], level, reasons, source="phone")
        clock.advance(minutes=5)
    yield engine
    engine.dispose()


def test_a_days_ratings_come_newest_first_with_their_numbers(rated, config):
    rows = ratings_of_day(rated, config.id, date(2026, 11, 30))
    assert [(r["number"], r["level"], r["reasons"]) for r in rows] == [
        ("1003", 1, ["thai-do", "di-lai"]), ("1002", 2, []), ("1001", 3, [])]
    assert rows[0]["counter"] == 2 and rows[0]["clerk"] == LAN and rows[0]["source"] == "phone"
    assert ratings_of_day(rated, config.id, date(2026, 12, 1)) == []


def test_one_clerks_ratings_are_found_by_their_actor_label_taken_literally(rated, config):
    mine = ratings_of_day(rated, config.id, date(2026, 11, 30), clerk_prefix="user:7:")
    assert [r["number"] for r in mine] == ["1003", "1001"]
    wildcard = ratings_of_day(rated, config.id, date(2026, 11, 30), clerk_prefix="user:7_:")
    assert wildcard == []
