"""No number issued twice, no ticket called twice: threads, two processes, PostgreSQL."""
import multiprocessing
import secrets
import threading
from collections import Counter, defaultdict

import pytest
import sqlalchemy as sa

from hall.clock import FakeClock
from hall.config import load_config
from hall.core import build_hall
from store.bootstrap import prepare_database
from store.engine import make_engine
from store.sql import SqlStore
from store.tables import events, tickets
from tests.support.live_server import TEST_HALL

ISSUERS, CALLERS, PER_ISSUER = 8, 5, 25
AREAS = ["dat-dai", "tu-phap"]


def _hall(url, clock=None):
    config = load_config(TEST_HALL)
    engine = make_engine(url)
    return build_hall(config, SqlStore(engine, config.id), clock or FakeClock()), engine


def _issue_many(service, count, offset):
    for i in range(count):
        service.issue_ticket(AREAS[(i + offset) % 2], "elderly" if i % 5 == 0 else None)


def _call_until(service, counter, stop: threading.Event, extra_rounds=40):
    rounds = 0
    while rounds < extra_rounds:
        result = service.call_next(counter)
        if result["current"] is None and stop.is_set():
            rounds += 1


def _run_hall_day(url):
    hall, engine = _hall(url)
    prepare_database(engine, hall.config, hall.uow.clock.now())
    service = hall.service
    stop = threading.Event()
    failures = []

    def guarded(target, *args):
        def run():
            try:
                target(*args)
            except Exception as error:  # noqa: BLE001 - the test fails on any of them
                failures.append(repr(error))
        return threading.Thread(target=run)
    issuers = [guarded(_issue_many, service, PER_ISSUER, i) for i in range(ISSUERS)]
    callers = [guarded(_call_until, service, n, stop) for n in (1, 2, 3, 4)]
    for thread in issuers + callers:
        thread.start()
    for thread in issuers:
        thread.join(120)
    stop.set()
    for thread in callers:
        thread.join(120)
    for n in (1, 2, 3, 4):
        service.done(n) if hall.queries.counter(n)["current"] else None
    assert failures == []
    return engine


def _check_numbers_and_calls(engine, expected_total):
    with engine.connect() as conn:
        rows = conn.execute(sa.select(tickets.c.area_id, tickets.c.seq_n, tickets.c.number,
                                      tickets.c.status)).all()
        calls = conn.execute(sa.select(events.c.payload).where(events.c.name == "ticket_called")).all()
        seqs = [r.seq for r in conn.execute(sa.select(events.c.seq).order_by(events.c.seq))]
    assert len(rows) == expected_total
    by_area = defaultdict(list)
    for row in rows:
        by_area[row.area_id].append(row.seq_n)
    for area, numbers in by_area.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), f"gaps or duplicates in {area}"
    assert len({(r.area_id, r.number) for r in rows}) == len(rows)
    called = Counter(c.payload["ticket"]["id"] for c in calls if not c.payload["recall"])
    assert len(called) == expected_total, "every ticket is called"
    assert set(called.values()) == {1}, "no ticket is called twice"
    assert all(r.status == "served" for r in rows)
    assert seqs == list(range(1, len(seqs) + 1)), "the event log has no gaps"


def test_eight_issuers_and_four_counters_on_sqlite_threads(tmp_path):
    engine = _run_hall_day(f"sqlite:///{tmp_path / 'luot.db'}")
    _check_numbers_and_calls(engine, ISSUERS * PER_ISSUER)


def test_eight_issuers_and_four_counters_on_postgresql(postgres_url):
    name = "luot_" + secrets.token_hex(4)
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    engine = _run_hall_day(postgres_url.rsplit("/", 1)[0] + "/" + name)
    _check_numbers_and_calls(engine, ISSUERS * PER_ISSUER)
    engine.dispose()


def _process_worker(url, worker, go, results):
    """One server process: issues tickets and calls at its own counters."""
    hall, engine = _hall(url)
    service = hall.service
    go.wait(30)
    issued = 0
    for i in range(60):
        service.issue_ticket(AREAS[(i + worker) % 2])
        issued += 1
        service.call_next(1 + worker * 2)
        service.call_next(2 + worker * 2)
    while service.call_next(1 + worker * 2)["current"] or service.call_next(2 + worker * 2)["current"]:
        pass
    results.put(issued)


def test_two_processes_on_one_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'luot.db'}"
    hall, engine = _hall(url)
    prepare_database(engine, hall.config, hall.uow.clock.now())
    service = hall.service
    ctx = multiprocessing.get_context("spawn")
    go, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_process_worker, args=(url, w, go, results)) for w in (0, 1)]
    for proc in procs:
        proc.start()
    go.set()
    for proc in procs:
        proc.join(180)
        assert proc.exitcode == 0
    assert results.get(timeout=5) + results.get(timeout=5) == 120
    for n in (1, 2, 3, 4):
        if hall.queries.counter(n)["current"]:
            service.done(n)
    _check_numbers_and_calls(engine, 120)


def test_the_database_refuses_a_duplicate_number_even_without_the_service(tmp_path):
    hall, engine = _hall(f"sqlite:///{tmp_path / 'luot.db'}")
    prepare_database(engine, hall.config, hall.uow.clock.now())
    service = hall.service
    ticket = service.issue_ticket("dat-dai")
    with engine.connect() as conn:
        row = dict(conn.execute(sa.select(tickets)).one()._mapping)
    row.update(id="another-id")
    with pytest.raises(sa.exc.IntegrityError):
        with engine.begin() as conn:
            conn.execute(sa.insert(tickets).values(**row))
    assert ticket["number"] == "1001"


def test_the_database_refuses_two_called_tickets_at_one_counter(tmp_path):
    hall, engine = _hall(f"sqlite:///{tmp_path / 'luot.db'}")
    prepare_database(engine, hall.config, hall.uow.clock.now())
    service = hall.service
    service.issue_ticket("dat-dai")
    second = service.issue_ticket("dat-dai")
    service.call_next(1)
    with pytest.raises(sa.exc.IntegrityError):
        with engine.begin() as conn:
            conn.execute(sa.update(tickets).where(tickets.c.id == second["id"])
                         .values(status="called", counter=1))


def test_two_server_processes_on_one_sqlite_file(tmp_path):
    """Real servers: kiosks and counters spread over both, numbers stay unique and gapless."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.support.live_server import LiveServer, api

    db = f"sqlite:///{tmp_path / 'shared.db'}"
    servers = [LiveServer(tmp_path / "a", db_url=db).start(),
               LiveServer(tmp_path / "b", db_url=db).start()]
    try:
        kiosk, manager = servers[0].token("kiosk"), servers[0].token("manager")

        def kiosk_run(i):
            for n in range(15):
                status, _ = api(servers[(i + n) % 2], "POST", "/api/v1/tickets", kiosk,
                                {"area": AREAS[n % 2]})
                assert status == 201

        issued = threading.Event()

        def counter_run(c):
            idle = 0
            while idle < 3:          # keep calling until the kiosks are done and nobody waits
                status, body = api(servers[c % 2], "POST", f"/api/v1/counters/{c}/next", manager)
                assert status == 200
                idle = idle + 1 if body["current"] is None and issued.is_set() else 0

        with ThreadPoolExecutor(12) as pool:
            kiosks = [pool.submit(kiosk_run, i) for i in range(8)]
            counters = [pool.submit(counter_run, c) for c in (1, 2, 3, 4)]
            for future in kiosks:
                future.result(timeout=240)
            issued.set()
            for future in counters:
                future.result(timeout=240)
    finally:
        for server in servers:
            server.stop()
    engine = make_engine(db)
    _check_numbers_and_calls(engine, 8 * 15)
    engine.dispose()


def test_the_server_runs_on_postgresql(tmp_path, postgres_url):
    """The real server process (eventlet) with --db postgresql://…: migrations, issue, call."""
    from tests.support.live_server import LiveServer, api
    name = "luot_" + secrets.token_hex(4)
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url = postgres_url.rsplit("/", 1)[0] + "/" + name
    server = LiveServer(tmp_path, db_url=url.replace("postgresql+psycopg", "postgresql")).start()
    try:
        kiosk, manager = server.token("kiosk"), server.token("manager")
        numbers = [api(server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})[1]["number"]
                   for _ in range(3)]
        assert numbers == ["1001", "1002", "1003"]
        assert api(server, "POST", "/api/v1/counters/1/next", manager)[1]["current"]["number"] == "1001"
        assert api(server, "GET", "/api/v1/state")[1]["seq"] > 0
    finally:
        server.stop()
