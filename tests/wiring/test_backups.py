"""The daily backup is taken once a day from its hour, also by a server started later."""
import logging
import time
from datetime import datetime

import pytest

from wiring.backups import DailyBackup
from hall.clock import VIETNAM, FakeClock
from store.backup import BackupError, backups
from store.engine import make_engine
from tests.support.live_server import LiveServer


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "luot.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
    engine.dispose()
    return path


def daily(database, tmp_path, clock, **kwargs):
    return DailyBackup(database, tmp_path / "backups", hour=12, keep=3, clock=clock, **kwargs)


def test_the_backup_waits_for_its_hour_then_runs_once_a_day(database, tmp_path):
    clock = FakeClock(datetime(2026, 11, 30, 11, 59, tzinfo=VIETNAM))
    schedule = daily(database, tmp_path, clock)
    assert schedule.run_once() is None
    clock.advance(minutes=1)
    assert schedule.run_once().name == "luot-20261130-120000.db"
    clock.advance(hours=11, minutes=59)                    # 23:59, same day
    assert schedule.run_once() is None
    clock.advance(minutes=1)                               # midnight: before the hour again
    assert schedule.run_once() is None
    clock.advance(hours=12)
    assert schedule.run_once().name == "luot-20261201-120000.db"


def test_a_server_started_after_the_hour_takes_the_days_backup_at_once(database, tmp_path):
    clock = FakeClock(datetime(2026, 11, 30, 16, 45, tzinfo=VIETNAM))
    assert daily(database, tmp_path, clock).run_once().name == "luot-20261130-164500.db"


def test_the_copy_runs_where_the_server_says(database, tmp_path):
    ran = []
    clock = FakeClock(datetime(2026, 11, 30, 13, 0, tzinfo=VIETNAM))
    schedule = daily(database, tmp_path, clock,
                     run_blocking=lambda fn, *args: ran.append(fn.__name__) or fn(*args))
    schedule.run_once()
    assert ran == ["take_backup"]


def test_only_the_newest_are_kept(database, tmp_path):
    clock = FakeClock(datetime(2026, 11, 30, 13, 0, tzinfo=VIETNAM))
    schedule = daily(database, tmp_path, clock)
    for _ in range(5):
        schedule.run_once()
        clock.advance(days=1)
    assert [b.taken.day for b in backups(tmp_path / "backups")] == [2, 3, 4]


def test_a_failed_backup_is_logged_and_tried_again_an_hour_later(database, tmp_path, caplog):
    clock = FakeClock(datetime(2026, 11, 30, 13, 0, tzinfo=VIETNAM))
    attempts = []

    def failing(fn, *args):
        attempts.append(clock.now())
        raise BackupError("disk full")
    schedule = daily(database, tmp_path, clock, run_blocking=failing)
    with caplog.at_level(logging.ERROR, logger="luot.backup"):
        schedule.run_once()
        clock.advance(minutes=59)
        schedule.run_once()
        clock.advance(minutes=1)
        schedule.run_once()
    assert len(attempts) == 2 and "disk full" in caplog.text


def _wait_for_backup(folder, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if backups(folder):
            return backups(folder)
        time.sleep(0.2)
    return []


def test_the_real_server_takes_the_daily_backup_in_the_background(tmp_path):
    folder = tmp_path / "backups"
    server = LiveServer(tmp_path / "server", extra_env={"LUOT_BACKUP_HOUR": "0",
                                                        "LUOT_BACKUP_DIR": str(folder)}).start()
    try:
        found = _wait_for_backup(folder)
        assert len(found) == 1, server.log_path.read_text()[-2000:]
        assert "backup written" in server.log_path.read_text()
    finally:
        server.stop()


def test_the_daily_backup_can_be_turned_off(tmp_path):
    folder = tmp_path / "backups"
    server = LiveServer(tmp_path / "server", extra_env={"LUOT_BACKUP_HOUR": "off",
                                                        "LUOT_BACKUP_DIR": str(folder)}).start()
    try:
        time.sleep(1)
        assert "daily backup is off" in server.log_path.read_text()
        assert not folder.exists()
    finally:
        server.stop()
