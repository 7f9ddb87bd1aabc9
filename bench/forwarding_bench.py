"""Forwarding benchmark (issue 14): a busy branch's hour offline, then its catch-up.

    .venv/bin/python bench/forwarding_bench.py [--minutes 60] [--every 8] [--async-mode eventlet]

A branch hall (the demo hall: five counters, six areas) works `minutes` of compressed time
with its link down — a citizen every `every` seconds, five counters serving 2–6 minutes each,
half the served citizens rating — on its own SQLite database; then a real province server
process (python server.py, SQLite) is started and the branch's forwarder (api/forwarding.py,
over HTTP on the loopback) sends the whole backlog. Prints the events, the catch-up time, the
throughput in events/s and per batch, and checks that the province's figures equal the
branch's own.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _branch(folder: Path, start: datetime):
    from hall.clock import FakeClock
    from server import Settings, create_app
    clock = FakeClock(start)
    app = create_app(Settings(instance_path=folder / "branch", async_mode="threading",
                              config_path=ROOT / "config" / "demo-hall.toml", testing=True,
                              start_devices=False, clock=clock))
    return app.extensions["luot"], clock


def _busy_hour(luot, clock, minutes: int, every: int, seed: int = 14) -> None:
    """A citizen every `every` seconds; each counter serves 2–6 minutes, then calls the next."""
    rng = random.Random(seed)
    service, ratings = luot.service, luot.hall.ratings
    counters = [c.number for c in luot.config.counters]
    areas = [a.id for a in luot.config.areas]
    for number in counters:
        service.sign_in(number, 100 + number, f"Cán bộ {number}")
    free_at = {n: clock.now() for n in counters}
    serving = {n: None for n in counters}
    end = clock.now().timestamp() + minutes * 60
    while clock.now().timestamp() < end:
        clock.advance(seconds=every)
        try:
            service.issue_ticket(rng.choice(areas))
        except Exception:  # noqa: BLE001 - an area at its daily cap says no
            pass
        for number in counters:
            if clock.now() < free_at[number]:
                continue
            if serving[number]:
                service.done(number)
                if rng.random() < 0.5:
                    ratings.rate(serving[number], rng.choice([2, 3]), source="phone")
                serving[number] = None
            try:
                called = service.call_next(number)
            except Exception:  # noqa: BLE001 - nothing this counter serves is waiting
                continue
            if called.get("current"):
                serving[number] = called["current"]["id"]
                free_at[number] = clock.now() + timedelta(seconds=rng.randint(120, 360))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--every", type=int, default=8, help="seconds between citizens")
    parser.add_argument("--async-mode", default="eventlet")
    args = parser.parse_args(argv)
    from api.forwarding import BranchSettings, Forwarder
    from hall.clock import VIETNAM
    from store.branches import last_seq
    from store.reports import Period, period_report
    from tests.support.live_server import LiveServer, api
    from tests.branches.support import hall_file

    folder = Path(tempfile.mkdtemp(prefix="luot-forwarding-"))
    start = datetime.now(VIETNAM).replace(hour=8, minute=0, second=0, microsecond=0)
    luot, clock = _branch(folder, start)
    began = time.perf_counter()
    _busy_hour(luot, clock, args.minutes, args.every)
    hall_id = luot.config.id
    events = last_seq(luot.engine, hall_id)
    print(f"branch {hall_id}: {args.minutes} min offline, a citizen every {args.every} s -> "
          f"{events:,} events (made in {time.perf_counter() - began:.1f} s)")

    province = LiveServer(folder / "province", config=hall_file(folder / "p", "tinh"),
                          async_mode=args.async_mode).start()
    try:
        out = subprocess.run([sys.executable, "-m", "flask", "--app", "server", "create-branch",
                              "--hall", hall_id], cwd=ROOT, env=province.env(), check=True,
                             capture_output=True, text=True)
        credential = out.stdout.strip().splitlines()[-1]
        forwarder = Forwarder(luot.engine, hall_id, luot.hall_file,
                              BranchSettings(province.url, credential), "bench-node-1",
                              now=clock.now)
        batches, wall, cpu = 0, time.perf_counter(), time.process_time()
        while forwarder.acked is None or forwarder.acked < events:
            forwarder.step()
            batches += 1
        seconds = time.perf_counter() - wall
        cpu = time.process_time() - cpu
        print(f"catch-up: {events:,} events in {seconds:.2f} s = {events / seconds:,.0f} events/s "
              f"({batches} batches, {events / batches:.0f} events and "
              f"{seconds / batches * 1000:.0f} ms per batch; branch CPU {cpu:.2f} s)")
        manager = province.token("manager")
        day = clock.now().date().isoformat()
        status, theirs = api(province, "GET", f"/api/v1/province/branches/{hall_id}/report"
                             f"?from={day}&to={day}&by=area,counter", manager)
        ours = period_report(luot.engine, luot.config, Period(clock.now().date(), clock.now().date()),
                             clock.now(), ("area", "counter"))
        same = status == 200 and theirs["totals"] == ours["totals"] and theirs["by"] == ours["by"]
        print(f"province figures equal the branch's: {same} (issued {ours['totals']['issued']}, "
              f"served {ours['totals']['served']}, ratings {ours['totals']['ratings']})")
        print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
              f"load {os.getloadavg()[0]:.1f}; province {args.async_mode}, SQLite")
    finally:
        province.stop()


if __name__ == "__main__":
    main()
