"""SQLite backups: consistent, private, pruned; a restore checks what it is given first."""
import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing

import pytest
import sqlalchemy as sa

from store.backup import (BackupError, backups, check_backup, processes_using, prune, restore,
                          sqlite_path, take_backup)
from store.bootstrap import prepare_database
from store.engine import make_engine
from store.migrate import known_revisions


@pytest.fixture
def database(tmp_path, config, clock, service):
    """The hall's SQLite file, with three tickets issued and one called."""
    for _ in range(3):
        service.issue_ticket("dat-dai", None)
    service.call_next(1)
    return tmp_path / "luot.db"


def rows(path, table):
    with closing(sqlite3.connect(path)) as conn:
        return sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_backup_is_a_private_checked_copy_taken_while_the_hall_runs(database, tmp_path, clock,
                                                                      engine):
    folder = tmp_path / "backups"
    with engine.connect() as reader:           # someone is reading meanwhile: no matter
        reader.execute(sa.text("SELECT count(*) FROM tickets")).scalar()
        path = take_backup(database, folder, clock.now(), keep=14)
    assert path.name == "luot-20261130-090000.db"      # the hall's local time
    assert mode(path) == 0o600 and mode(folder) == 0o700
    for table in ("tickets", "events", "halls", "alembic_version"):
        assert rows(path, table) == rows(database, table)
    assert [p.name for p in folder.iterdir()] == [path.name]      # no .partial left


def test_only_the_newest_backups_are_kept(database, tmp_path, clock):
    folder = tmp_path / "backups"
    taken = []
    for _ in range(5):
        taken.append(take_backup(database, folder, clock.now(), keep=3).name)
        clock.advance(days=1)
    assert [b.path.name for b in backups(folder)] == taken[-3:]
    (folder / "notes.txt").write_text("not a backup")
    assert prune(folder, 1) == [folder / taken[-3], folder / taken[-2]]
    assert sorted(p.name for p in folder.iterdir()) == [taken[-1], "notes.txt"]


def test_a_backup_that_cannot_be_written_says_why(database, tmp_path, clock):
    folder = tmp_path / "backups"
    take_backup(database, folder, clock.now(), keep=14)
    with pytest.raises(BackupError, match="failed"):
        take_backup(tmp_path / "missing" / "luot.db", folder, clock.now().replace(second=1), keep=14)
    assert len(backups(folder)) == 1


def test_postgresql_is_backed_up_with_pg_dump_not_by_luot():
    engine = make_engine("postgresql://luot@localhost/luot")     # never connected
    with pytest.raises(BackupError, match="pg_dump"):
        sqlite_path(engine)
    engine.dispose()


# ---------------------------------------------------------------- restore checks
def test_a_backup_of_this_hall_at_a_known_schema_is_accepted(database, tmp_path, clock, config):
    path = take_backup(database, tmp_path / "b", clock.now(), keep=14)
    assert check_backup(path, known_revisions(), config.id) == known_revisions()[-1]


def _sqlite_file(path, *statements):
    with closing(sqlite3.connect(path)) as conn:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    return path


@pytest.mark.parametrize("make, message", [
    (lambda p: (p.write_text("hello"), p)[1], "not a readable SQLite database"),
    (lambda p: _sqlite_file(p, "CREATE TABLE x (a)"), "not a Lượt database"),
])
def test_a_file_that_is_not_a_luot_database_is_refused(tmp_path, config, make, message):
    path = make(tmp_path / "backup.db")
    with pytest.raises(BackupError, match=message):
        check_backup(path, known_revisions(), config.id)


def test_a_backup_from_a_newer_release_or_another_hall_is_refused(database, tmp_path, clock,
                                                                  config):
    path = take_backup(database, tmp_path / "b", clock.now(), keep=14)
    with pytest.raises(BackupError, match="another-hall"):
        check_backup(path, known_revisions(), "another-hall")
    _sqlite_file(path, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(BackupError, match="'9999'.*release that made it"):
        check_backup(path, known_revisions(), config.id)


def test_restore_refuses_while_a_server_has_the_database_open(database, tmp_path, clock, config,
                                                              engine):
    path = take_backup(database, tmp_path / "b", clock.now(), keep=14)
    engine.dispose()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('select 1 from halls');"
        "print('open', flush=True); sys.stdin.read()"), str(database)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert processes_using(database) == [holder.pid]
        before = database.read_bytes()
        with pytest.raises(BackupError, match=f"process\\(es\\) {holder.pid}: stop the server first"):
            restore(path, database, known_revisions(), config.id, clock.now())
        assert database.read_bytes() == before
    finally:
        holder.stdin.close()
        holder.wait(10)
    assert processes_using(database) == []


def test_restore_replaces_the_database_and_keeps_the_old_one_with_its_wal(database, tmp_path,
                                                                          clock, config, service,
                                                                          engine):
    path = take_backup(database, tmp_path / "b", clock.now(), keep=14)
    service.issue_ticket("dat-dai", None)       # after the backup: only in the old file
    later = rows(database, "tickets")
    engine.dispose()
    revision, kept = restore(path, database, known_revisions(), config.id, clock.now())
    assert revision == known_revisions()[-1]
    assert len(rows(database, "tickets")) == 3 and mode(database) == 0o600
    assert rows(kept, "tickets") == later
    assert not os.path.exists(f"{database}-wal")


def test_a_restored_database_serves_the_hall(database, tmp_path, clock, config):
    path = take_backup(database, tmp_path / "b", clock.now(), keep=14)
    target = tmp_path / "fresh" / "luot.db"
    target.parent.mkdir()
    restore(path, target, known_revisions(), config.id, clock.now())
    engine = make_engine(f"sqlite:///{target}")
    prepare_database(engine, config, clock.now())
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM tickets")).scalar() == 3
    engine.dispose()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_restore_run_as_root_leaves_the_database_to_its_owner(database, tmp_path, clock, config,
                                                              engine):
    path = take_backup(database, tmp_path / "b", clock.now(), keep=14)
    engine.dispose()
    os.chown(database, 65534, 65534)           # the service's user, say
    restore(path, database, known_revisions(), config.id, clock.now())
    assert (os.stat(database).st_uid, os.stat(database).st_gid) == (65534, 65534)
