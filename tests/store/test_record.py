"""What the hall's devices share between processes, on SQLite and PostgreSQL: the record
after a sequence number, each hall's last sequence number, the ticket printer's cursor, and
each device's status."""
import pytest

from hall.clock import FakeClock
from hall.core import build_hall
from store.bootstrap import prepare_database
from store.engine import make_engine
from store.record import (AnnouncementLog, DeviceStatuses, PrintCursor, events_between,
                          last_seqs)
from store.sql import SqlStore
from tests.hall.conftest import MONDAY_9AM, make_config
from tests.support.databases import fresh_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "postgresql":
        url = fresh_postgres_database(request.getfixturevalue("postgres_url"))
    else:
        url = f"sqlite:///{tmp_path / 'luot.db'}"
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def hall(engine):
    config, clock = make_config(), FakeClock(MONDAY_9AM)
    prepare_database(engine, config, clock.now())
    return build_hall(config, SqlStore(engine, config.id), clock)


def area(hall):
    return hall.config.areas[0].id


def test_the_record_between_two_seqs_is_what_was_published_in_order(engine, hall):
    hall.service.issue_ticket(area(hall))
    hall.service.issue_ticket(area(hall))
    last = last_seqs(engine, [hall.config.id, "no-such-hall"])
    assert list(last) == [hall.config.id] and last[hall.config.id] >= 4
    page = events_between(engine, hall.config.id, 0, last[hall.config.id])
    assert [p["seq"] for _, p in page] == list(range(1, last[hall.config.id] + 1))
    assert [name for name, _ in page].count("ticket_issued") == 2
    assert events_between(engine, hall.config.id, 1, 2, limit=5) == page[1:2]
    assert last_seqs(engine, []) == {}


def test_the_printer_cursor_starts_at_the_end_and_returns_recent_unprinted_tickets(engine, hall):
    clock, hall_id = hall.uow.clock, hall.config.id
    hall.service.issue_ticket(area(hall))                 # before the first printer: not ours
    cursor = PrintCursor(engine, hall_id, clock.now)
    assert cursor.unprinted(600) == []
    old = hall.service.issue_ticket(area(hall))
    clock.advance(minutes=11)
    recent = hall.service.issue_ticket(area(hall))
    again = hall.service.reprint(old["id"])
    waiting = cursor.unprinted(600)
    assert [t["number"] for _, t, _ in waiting] == [recent["number"], again["number"]]
    assert all(age < 1 for _, _, age in waiting)
    cursor.done(waiting[0][0])
    assert [t["number"] for _, t, _ in cursor.unprinted(600)] == [again["number"]]
    cursor.done(1)                                        # never back
    cursor.done(waiting[1][0])
    assert cursor.unprinted(600) == []
    assert PrintCursor(engine, hall_id, clock.now).unprinted(3600) == []


def test_device_statuses_are_kept_per_hall_and_device(engine, hall):
    clock, hall_id = hall.uow.clock, hall.config.id
    shared = DeviceStatuses(engine, hall_id)
    assert shared.load() == {}
    shared.save("printer", "ok", "", clock.now())
    clock.advance(minutes=1)
    shared.save("printer", "no_paper", "Hết giấy", clock.now())
    shared.save("board-1", "offline", "x" * 600, clock.now())
    loaded = shared.load()
    assert loaded["printer"][:2] == ("no_paper", "Hết giấy")
    assert loaded["printer"][2] == clock.now()
    assert len(loaded["board-1"][1]) == 500


def test_the_recent_announcements_are_one_list_per_hall(engine, hall):
    log = AnnouncementLog(engine, hall.config.id, hall.uow.clock.now)
    assert log.load() == []
    log.save([{"id": "a1", "text": "Mời công dân có số thứ tự 1001 đến quầy số 2",
               "status": "queued", "test": False}])
    log.save([{"id": "a1", "text": "Mời công dân có số thứ tự 1001 đến quầy số 2",
               "status": "played", "test": False}])
    assert [(row["id"], row["status"]) for row in log.load()] == [("a1", "played")]
