"""Once-only work across processes: leases and the migration lock, on SQLite and PostgreSQL."""
import multiprocessing
import threading
import time

import pytest

from store.engine import make_engine
from store.locks import Leases, held
from tests.support.databases import fresh_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "postgresql":
        return fresh_postgres_database(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'luot.db'}"


def test_a_lease_has_one_holder_until_it_lets_go(url):
    first, second = Leases(make_engine(url)), Leases(make_engine(url))
    assert first.take("hall:a") and first.take("hall:a")      # taken, then kept
    assert not second.take("hall:a")
    assert second.take("hall:b")                               # another hall: free
    first.release_all()
    assert second.take("hall:a")


def _hold_then_die(url, ready):
    leases = Leases(make_engine(url))
    assert leases.take("hall:a")
    ready.set()
    time.sleep(60)                                             # killed before this ends


def test_a_lease_moves_on_when_its_holder_process_dies(url):
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_then_die, args=(url, ready))
    holder.start()
    assert ready.wait(30)
    survivor = Leases(make_engine(url))
    assert not survivor.take("hall:a")
    holder.kill()
    holder.join(10)
    deadline = time.monotonic() + 10
    while not survivor.take("hall:a"):
        assert time.monotonic() < deadline, "the lease never moved to the survivor"
        time.sleep(0.1)


def test_the_migration_lock_lets_one_in_at_a_time(url):
    engine, inside, overlaps = make_engine(url), [], []

    def work():
        with held(engine, "migrations"):
            inside.append(1)
            if len(inside) > 1:
                overlaps.append(1)
            time.sleep(0.05)
            inside.pop()
    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert overlaps == []
