"""Cluster mode: four processes behind nginx on PostgreSQL and Redis, and its faults."""
from __future__ import annotations

import threading
import time

import psutil
import sqlalchemy as sa

from tests.cluster.conftest import Screen
from tests.support.live_server import api

A, B = "test-hall", "ward-2"


def call_api(base: str, method: str, path: str, token: str | None = None, body=None):
    """The test client's call, where a process being killed or restarted answers (0, …)."""
    try:
        return api(base, method, path, token, body, timeout=15)
    except OSError as error:
        return 0, {"error": str(error)}


def issue(base, tokens, hall=A, area="dat-dai"):
    prefix = "" if hall == A else f"/h/{hall}"
    return call_api(base, "POST", f"{prefix}/api/v1/tickets", tokens[(hall, "kiosk")],
                    {"area": area})


def test_four_processes_started_at_once_on_a_new_database_all_come_up(stack, engine):
    from store.migrate import head_revision
    for process in stack.processes:
        assert process.alive()
        assert call_api(process.url, "GET", "/api/v1/health")[0] == 200
        log = process.log.read_text(errors="replace")
        assert "Traceback" not in log, log[-2000:]
    with engine.connect() as conn:
        versions = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
        halls = conn.execute(sa.text("SELECT id FROM halls ORDER BY id")).scalars().all()
    assert versions == [head_revision()] and halls == [A, B]
    assert call_api(stack.url, "GET", f"/h/{B}/api/v1/state")[1]["hall"]["id"] == B


def test_a_call_through_process_1_reaches_hall_a_on_process_2_and_never_hall_b(stack, tokens):
    first, second = stack.processes[0], stack.processes[1]
    screen_a, screen_b = Screen(second.url), Screen(second.url, hall=B)
    try:
        assert screen_a.wait(lambda s: s.snapshots) and screen_b.wait(lambda s: s.snapshots)
        assert issue(first.url, tokens)[0] == 201
        status, counter = call_api(first.url, "POST", "/api/v1/counters/1/next",
                                   tokens[(A, "manager")])
        assert status == 200
        number = counter["current"]["number"]
        assert screen_a.wait(lambda s: any(c["ticket"]["number"] == number for c in s.calls()))
        # hall B's screen hears its own hall's next event, and nothing of hall A before it
        assert issue(first.url, tokens, hall=B, area="ho-tich")[0] == 201
        assert screen_b.wait(lambda s: s.events)
        names = [name for name, _ in screen_b.events]
        assert names[0] == "ticket_issued" and "ticket_called" not in names
        assert screen_b.events[0][1]["ticket"]["number"].startswith("7")    # hall B's numbering
    finally:
        screen_a.close()
        screen_b.close()


def test_one_display_plays_across_processes_and_the_role_leaves_a_killed_process(stack, tokens):
    token = tokens[(A, "display")]
    first = Screen(stack.processes[0].url, token=token)
    second = Screen(stack.processes[1].url, token=token)
    try:
        assert first.claim_audio() and not second.claim_audio()     # one player, two processes
        assert first.claim_audio() and not second.claim_audio()
        stack.processes[0].kill()
        # the hall's leader (maybe a new one) finds the player's process gone and tells the
        # candidates, who claim again (as the display page does on `audio_released`)
        assert second.wait(lambda s: s.released, timeout=10)
        assert second.claim_audio()
    finally:
        first.close()
        second.close()
        _restart(stack)


def _connections_to(process) -> int:
    """Established connections into a Lượt process (nginx's, for its screens)."""
    return sum(1 for c in psutil.Process(process.proc.pid).net_connections("tcp")
               if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == process.port)


def test_killing_a_process_moves_its_screens_to_the_others_within_5s_and_loses_nothing(
        stack, tokens, engine):
    screens = [Screen(stack.url, reconnection=True) for _ in range(16)]
    acknowledged, stop = [], threading.Event()

    def kiosk():                                  # keeps issuing through nginx all along
        while not stop.is_set():
            status, ticket = issue(stack.url, tokens)
            if status == 201:
                acknowledged.append(ticket["number"])
            time.sleep(0.05)
    worker = threading.Thread(target=kiosk)
    try:
        for screen in screens:
            assert screen.wait(lambda s: s.snapshots)
        worker.start()
        time.sleep(0.5)
        victim = max(stack.processes, key=_connections_to)     # the busiest: it has screens
        victim.kill()
        killed_at = time.monotonic()
        time.sleep(0.3)                  # nginx closes the killed process's websockets at once
        moved = [s for s in screens if s.disconnects]
        assert moved, "no screen was on the killed process"
        for screen in moved:
            assert screen.wait(lambda s: len(s.snapshots) >= 2 and s.client.connected,
                               timeout=max(0.1, 5 - (time.monotonic() - killed_at)))
        took = time.monotonic() - killed_at
        assert took < 5, took
        time.sleep(0.5)
        stop.set()
        worker.join(20)
        final = call_api(stack.url, "GET", "/api/v1/state")[1]
        # the fresh snapshot is the hall as it is: every screen converges on the same seq
        for screen in moved:
            assert screen.snapshots[-1]["hall"]["id"] == A
        assert acknowledged
        with engine.connect() as conn:
            stored = set(conn.execute(sa.text(
                "SELECT number FROM tickets WHERE hall_id = :h"), {"h": A}).scalars())
        assert set(acknowledged) <= stored                      # nothing acknowledged lost
        assert final["seq"] >= len(acknowledged)
    finally:
        stop.set()
        for screen in screens:
            screen.close()
        _restart(stack)


def _restart(stack):
    for process in stack.processes:
        if not process.alive():
            process.start()
            process.wait_ready(60)


def test_after_a_redis_restart_live_events_resume_and_screens_resync(stack, tokens):
    screen = Screen(stack.processes[2].url, reconnection=True)
    try:
        assert screen.wait(lambda s: s.snapshots)
        stack.redis.restart()
        deadline = time.monotonic() + 20
        seen = False
        while time.monotonic() < deadline and not seen:   # through another process
            status, ticket = issue(stack.processes[3].url, tokens)
            assert status == 201
            seen = screen.wait(lambda s: any(p["ticket"]["number"] == ticket["number"]
                                             for n, p in s.events if n == "ticket_issued"),
                               timeout=1)
        assert seen, "live events did not resume after Redis restarted"
        screen.client.emit("resync")
        seq = call_api(stack.url, "GET", "/api/v1/state")[1]["seq"]
        assert screen.wait(lambda s: s.snapshots[-1]["seq"] >= seq)
    finally:
        screen.close()


def test_while_postgresql_restarts_writes_fail_with_503_then_succeed(stack, tokens):
    status, before = issue(stack.url, tokens, hall=B, area="ho-tich")
    assert status == 201
    stack.pg.halt()
    try:
        for process in stack.processes:
            status, body = issue(process.url, tokens, hall=B, area="ho-tich")
            assert status == 503 and body["error"]["code"] == "database_unavailable"
    finally:
        stack.pg.resume()
    statuses = []
    for process in stack.processes:
        status, ticket = issue(process.url, tokens, hall=B, area="ho-tich")
        statuses.append(status)
    assert statuses == [201] * 4
    assert int(ticket["number"]) == int(before["number"]) + 4       # nothing half-written
