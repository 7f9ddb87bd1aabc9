"""What the hall keeps on disk is private: the instance folder 0700, the database files 0600."""
import os
import stat

import pytest

from store.engine import make_engine


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def usual_umask():
    """The umask most machines run with (022): new files would be world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_sqlite_database_and_its_wal_are_private(tmp_path, usual_umask):
    path = tmp_path / "data" / "luot.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    try:
        files = {p.name: mode(p) for p in path.parent.iterdir()}
        assert files == {"luot.db": 0o600, "luot.db-wal": 0o600, "luot.db-shm": 0o600}
        assert mode(path.parent) == 0o700
    finally:
        engine.dispose()


def test_an_old_world_readable_database_is_made_private(tmp_path, usual_umask):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    names = ("luot.db", "luot.db-wal", "luot.db-shm")
    for name in names:
        (shared / name).touch(mode=0o644)
    make_engine(f"sqlite:///{shared / 'luot.db'}").dispose()
    assert {name: mode(shared / name) for name in names} == dict.fromkeys(names, 0o600)
    assert mode(shared) == 0o755        # a folder we did not make is left alone


def test_the_servers_instance_folder_and_everything_in_it_are_private(tmp_path, usual_umask,
                                                                       fake_clock):
    from server import ROOT, Settings, create_app
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    app = create_app(Settings(instance_path=instance, async_mode="threading", start_devices=False,
                              config_path=ROOT / "tests" / "data" / "hall.toml", testing=True,
                              clock=fake_clock))
    luot = app.extensions["luot"]
    from store.auth import create_token
    kiosk = create_token(luot.engine, luot.config.id, "kiosk", "k", [], fake_clock.now())
    app.test_client().post("/api/v1/tickets", json={"area": "dat-dai"},
                           headers={"Authorization": f"Bearer {kiosk}"})
    assert mode(instance) == 0o700
    files = {p.name: mode(p) for p in instance.iterdir() if p.is_file()}
    assert {"secret_key", "luot.db", "luot.db-wal", "luot.db-shm"} <= set(files)
    assert files == dict.fromkeys(files, 0o600)     # the lease files (*.lock) included
    luot.engine.dispose()
