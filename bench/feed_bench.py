"""Devices across processes: how soon the hall's printer, driven by the process that leads
the hall, prints a ticket issued through that process and through another one; and what a
backlog waiting for paper becomes when the leader is killed.

    .venv/bin/python bench/feed_bench.py [--tickets 40] [--feed-seconds 0.25]

Two real server processes (python server.py, eventlet) on one SQLite database, the ESC/POS
printer simulator (tools/printer_sim.py in its own process, as in the soak) on TCP: raster
tickets, no baud-rate limit, so the time measured is the server's, not the wire's. Tickets are issued one at a time, alternately through the leader
and the other process; each is timed from the 201 answer to the simulator's cut. Then the
paper runs out, `--backlog` tickets are issued through the other process, the leader is
killed (SIGKILL) and the paper put back: the other process takes the hall over and prints
the backlog; prints how long after the kill, and how many were printed, lost or doubled.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.core_bench import percentile  # noqa: E402
from bench.soak import Printer  # noqa: E402
from tests.support.live_server import LiveServer, api, hall_with_printer  # noqa: E402


def wait_until(check, timeout: float = 30.0, step: float = 0.002) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return check()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=40)
    parser.add_argument("--backlog", type=int, default=10)
    parser.add_argument("--feed-seconds", type=float, default=0.25)
    parser.add_argument("--tick-seconds", type=float, default=2.0)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="luot-feed-"))
    printer = Printer(folder)
    config = hall_with_printer(folder / "hall.toml", printer.port)
    env = {"LUOT_FAKE_DEVICES": "0", "LUOT_FEED_SECONDS": str(args.feed_seconds),
           "LUOT_TICK_SECONDS": str(args.tick_seconds)}
    database = f"sqlite:///{folder / 'luot.db'}"
    leader = LiveServer(folder / "a", db_url=database, config=config, extra_env=env).start()
    other = LiveServer(folder / "b", db_url=database, config=config, extra_env=env).start()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; SQLite; feed every {args.feed_seconds} s")
    try:
        kiosk = other.token("kiosk")
        time.sleep(1.0)                                   # the leader opens the printer
        times = {"leader": [], "other": []}
        for i in range(args.tickets):
            via = "leader" if i % 2 == 0 else "other"
            before = printer.printed()
            status, _ = api(leader if via == "leader" else other, "POST", "/api/v1/tickets",
                            kiosk, {"area": "dat-dai"})
            answered = time.monotonic()
            assert status == 201
            if not wait_until(lambda: printer.printed() > before):
                raise SystemExit(f"ticket {i} issued through the {via} was not printed")
            times[via].append((time.monotonic() - answered) * 1000)
        for via, values in times.items():
            print(f"issued through the {via:6}: printed {len(values)} — after the answer "
                  f"p50 {percentile(values, 50):.0f} ms, p90 {percentile(values, 90):.0f} ms, "
                  f"max {max(values):.0f} ms")

        printed = printer.printed()
        printer.toggle_paper()                            # the roll runs out
        for _ in range(args.backlog):
            assert api(other, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})[0] == 201
        time.sleep(1.0)
        killed = time.monotonic()
        leader.kill()
        printer.toggle_paper()                            # a new roll
        done = wait_until(lambda: printer.printed() >= printed + args.backlog, timeout=60)
        took = time.monotonic() - killed
        time.sleep(2.0)
        extra = printer.printed() - printed - args.backlog
        print(f"backlog of {args.backlog} waiting for paper, leader killed: "
              f"{'all printed' if done else 'NOT all printed'} {took:.1f} s after the kill "
              f"(takeover within LUOT_TICK_SECONDS={args.tick_seconds}); printed twice: "
              f"{max(extra, 0)}, missing: {max(-extra, 0)}")
    finally:
        leader.stop()
        other.stop()
        printer.stop()


if __name__ == "__main__":
    main()
