"""Cluster benchmark (issue 13): screens per process, a province's cluster, open connections.

    .venv/bin/python bench/cluster_bench.py [--parts single,cluster,connections]
        [--screens 500] [--calls 100] [--cluster-screens 5000] [--halls 100]
        [--kiosk-halls 20] [--seconds 20] [--connections 10000]

- single: one server process (eventlet, SQLite) with `--screens` public screens: p50/p99 of
  `next` → the last screen receiving the call, against a bare Flask-SocketIO broadcast of one
  event (bench/bare_server.py) in the same run, and the server's RSS.
- cluster: `make cluster`'s stack (deploy/cluster/luot_cluster.py: PostgreSQL, Redis, four
  processes, nginx) serving `--halls` halls, `--cluster-screens` screens spread evenly over
  them through nginx, kiosks issuing in `--kiosk-halls` halls and a manager calling in those
  halls meanwhile: p50/p99 of `next` → the last screen of that hall, tickets/s across halls,
  and that no screen of another hall received a call.
- connections: one process holding `--connections` open websockets while a kiosk issues
  tickets: each ticket's answer time, and RSS.

Clients are raw Engine.IO v4 websockets (aiohttp) in this process, which shares the machine's
cores with the servers. Every screen connects from 127.0.0.1, so the per-address cap of
anonymous watchers is turned off here (LUOT_CONNECTIONS_PER_ADDRESS=0).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.core_bench import percentile, rss_mb, start_bare  # noqa: E402
from tests.support.live_server import LiveServer, free_port, load_cluster_launcher  # noqa: E402

BENCH_HALL = ROOT / "bench" / "hall.toml"
NO_CAP = {"LUOT_CONNECTIONS_PER_ADDRESS": "0", "LUOT_BACKUP_HOUR": "off"}


TICKET_NUMBER = re.compile(r'"ticket_called",\s*\{.*?"number":\s*"([^"]+)"')


class Screens:
    """Raw Engine.IO websocket screens; each records when a call (by key) reached it."""

    def __init__(self, count_per_url: dict[str, int], key_of, ready_on='42["snapshot"'):
        self.plan, self.key_of, self.ready_on = count_per_url, key_of, ready_on
        self.count = sum(count_per_url.values())
        self.received: dict[str, list[float]] = {}
        self.expected: dict[str, int] = {}
        self.waiters: dict[str, asyncio.Future] = {}
        self.ready, self.failed, self.total = 0, 0, 0
        self.all_ready = asyncio.Event()
        self.tasks, self.session = [], None

    async def start(self, parallel: int = 50, timeout: float = 600):
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        gate = asyncio.Semaphore(parallel)      # connect a few at a time, like a hall waking up
        for url, count in self.plan.items():
            for _ in range(count):
                self.tasks.append(asyncio.create_task(self._watch(url, gate)))
        try:
            await asyncio.wait_for(self.all_ready.wait(), timeout)
        except asyncio.TimeoutError:
            raise RuntimeError(f"only {self.ready} of {self.count} screens got a snapshot "
                               f"({self.failed} failed)") from None

    async def _watch(self, url: str, gate: asyncio.Semaphore):
        try:
            async with gate:
                ws = await self.session.ws_connect(url, heartbeat=None, max_msg_size=0,
                                                   timeout=aiohttp.ClientWSTimeout(ws_close=5))
                await ws.receive()                # 0{...}: Engine.IO open
                await ws.send_str("40")           # the default namespace
                async for message in ws:
                    if isinstance(message.data, str) and message.data.startswith(self.ready_on):
                        break
            self.ready += 1
            if self.ready == self.count:
                self.all_ready.set()
            async for message in ws:
                data = message.data
                if data == "2":
                    await ws.send_str("3")
                    continue
                key = self.key_of(url, data)
                if key is None:
                    continue
                now = time.perf_counter()
                self.total += 1
                times = self.received.setdefault(key, [])
                times.append(now)
                waiter = self.waiters.get(key)
                if waiter is not None and not waiter.done() and len(times) >= self.expected[key]:
                    waiter.set_result(now)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001
            self.failed += 1
            print(f"screen failed: {error!r}", file=sys.stderr)

    async def last_arrival(self, key: str, expected: int, timeout: float = 60) -> float:
        """When the `expected`-th screen received `key`."""
        self.expected[key] = expected
        times = self.received.get(key, [])
        if len(times) >= expected:
            return times[expected - 1]
        future = asyncio.get_running_loop().create_future()
        self.waiters[key] = future
        try:
            return await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            raise RuntimeError(f"call {key}: {len(self.received.get(key, []))} of {expected} "
                               "screens received it") from None

    async def stop(self):
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.session.close()


def ws_url(base: str, hall: str | None = None) -> str:
    prefix = f"/h/{hall}" if hall else ""
    return base.replace("http://", "ws://") + prefix + "/socket.io/?EIO=4&transport=websocket"


def luot_key(url: str, data: str) -> str | None:
    """`hall-url|number` of a call in an `events` frame (the hall's screens share the url)."""
    if not data.startswith('42["events"') or '"ticket_called"' not in data:
        return None
    match = TICKET_NUMBER.search(data)
    return f"{url}|{match.group(1)}" if match else None


def bare_key(url: str, data: str) -> str | None:
    if not data.startswith('42["ticket_called"'):
        return None
    return json.loads(data[2:])[1]["ticket"]["id"]


# ------------------------------------------------------------------------- single process
async def single(args) -> dict:
    results = {}
    work = Path(tempfile.mkdtemp(prefix="luot-bench-"))
    server = LiveServer(work / "luot", config=BENCH_HALL, extra_env=NO_CAP).start()
    try:
        kiosk, manager = server.token("kiosk"), server.token("manager")
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {kiosk}"}) as s:
            for i in range(args.calls + 5):
                async with s.post(server.url + "/api/v1/tickets", json={"area": "a"}) as r:
                    assert r.status == 201, await r.text()
        url = ws_url(server.url)
        screens = Screens({url: args.screens}, luot_key)
        await screens.start()
        results["rss_luot_mb"] = rss_mb(server.proc.pid)
        latencies = []
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {manager}"}) as s:
            for _ in range(args.calls):
                start = time.perf_counter()
                async with s.post(server.url + "/api/v1/counters/1/next") as r:
                    number = (await r.json())["current"]["number"]
                last = await screens.last_arrival(f"{url}|{number}", args.screens)
                latencies.append((last - start) * 1000)
                await asyncio.sleep(0.02)
        results["luot_ms"] = latencies
        await screens.stop()
    finally:
        server.stop()

    bare, base = start_bare(free_port())
    try:
        screens = Screens({ws_url(base): args.screens}, bare_key, ready_on="40")
        await screens.start()
        results["rss_bare_mb"] = rss_mb(bare.pid)
        sample = {"call_id": "0123456789abcdef", "recall": False, "ticket": {
            "id": "x", "number": "A000123", "area": "a", "area_name": "Lĩnh vực A",
            "status": "called", "issued_at": "2026-11-30T09:00:00.000+07:00", "counter": 1,
            "ahead": 0}, "counter": {"number": 1, "name": "Quầy 1", "purpose": ""}}
        latencies = []
        async with aiohttp.ClientSession() as s:
            for _ in range(args.calls):
                start = time.perf_counter()
                async with s.post(base + "/next", json=sample) as r:
                    key = (await r.json())["key"]
                last = await screens.last_arrival(key, args.screens)
                latencies.append((last - start) * 1000)
                await asyncio.sleep(0.02)
        results["bare_ms"] = latencies
        await screens.stop()
    finally:
        bare.terminate()
        bare.wait(5)
    return results


# ------------------------------------------------------------------------------- cluster
def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children (PostgreSQL's backends, nginx's workers)."""
    total = 0.0
    try:
        root = psutil.Process(pid)
        for proc in [root, *root.children(recursive=True)]:
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
    except psutil.Error:
        pass
    return total


def stack_cpu(stack) -> dict[str, float]:
    postmaster = int((stack.pg.data / "postmaster.pid").read_text().split()[0])
    return {"load generator": cpu_seconds(os.getpid()),
            "Lượt processes": sum(cpu_seconds(p.proc.pid) for p in stack.processes),
            "PostgreSQL": cpu_seconds(postmaster), "Redis": cpu_seconds(stack.redis.proc.pid),
            "nginx": cpu_seconds(stack.nginx.proc.pid)}


def hall_folder(count: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="luot-bench-halls-"))
    text = BENCH_HALL.read_text(encoding="utf-8")
    for n in range(1, count + 1):
        hall = (text.replace('id = "bench-hall"', f'id = "h{n:03d}"')
                .replace('name = "Trung tâm đo hiệu năng"', f'name = "Chi nhánh đo hiệu năng {n}"'))
        (folder / f"h{n:03d}.toml").write_text(hall, encoding="utf-8")
    return folder


async def cluster(args) -> dict:
    launcher = load_cluster_launcher()
    halls = [f"h{n:03d}" for n in range(1, args.halls + 1)]
    stack = launcher.Stack(processes=4, halls=hall_folder(args.halls),
                           env={**NO_CAP, "LUOT_FAKE_DEVICES": "1"})
    started = time.perf_counter()
    stack.start(timeout=300)
    results = {"start_s": time.perf_counter() - started}
    try:
        from store.auth import create_token
        from store.engine import make_engine
        engine = make_engine(stack.pg.url)
        now = datetime.now(timezone.utc)
        busy = halls[:args.kiosk_halls]
        kiosk = {h: create_token(engine, h, "kiosk", "bench", [], now, max_per_minute=0)   # a load test
                 for h in busy}
        manager = {h: create_token(engine, h, "manager", "bench", [], now) for h in busy}
        engine.dispose()
        per_hall = args.cluster_screens // len(halls)
        plan = {ws_url(stack.url, h): per_hall for h in halls}
        screens = Screens(plan, luot_key)
        started = time.perf_counter()
        await screens.start(parallel=100)
        results["connect_s"] = time.perf_counter() - started
        results["rss_mb"] = [rss_mb(p.proc.pid) for p in stack.processes]
        results["screens"] = screens.ready

        issued, errors, stop = [0], [0], asyncio.Event()

        async def kiosk_loop(hall, pause: float):
            async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {kiosk[hall]}"}) as s:
                while not stop.is_set():
                    async with s.post(f"{stack.url}/h/{hall}/api/v1/tickets",
                                      json={"area": "a"}) as r:
                        await r.read()
                        if r.status == 201:
                            issued[0] += 1
                        else:
                            errors[0] += 1
                    if pause:
                        await asyncio.sleep(pause)

        # capacity: every kiosk issues as fast as it is answered, nothing else happens
        kiosks = [asyncio.create_task(kiosk_loop(h, 0)) for h in busy]
        started = time.perf_counter()
        await asyncio.sleep(args.seconds)
        stop.set()
        await asyncio.gather(*kiosks)
        results["capacity"] = issued[0] / (time.perf_counter() - started)
        results["capacity_errors"] = errors[0]
        issued[0], errors[0] = 0, 0
        stop.clear()

        async with aiohttp.ClientSession() as s:       # a queue to call from, in every hall
            for hall in busy:
                for _ in range(3):
                    async with s.post(f"{stack.url}/h/{hall}/api/v1/tickets", json={"area": "a"},
                                      headers={"Authorization": f"Bearer {kiosk[hall]}"}) as r:
                        assert r.status == 201, await r.text()
        # calls, while each kiosk issues a ticket every `--kiosk-pause` seconds
        kiosks = [asyncio.create_task(kiosk_loop(h, args.kiosk_pause)) for h in busy]
        started, cpu_before = time.perf_counter(), stack_cpu(stack)
        latencies, keys, deadline = [], [], time.perf_counter() + args.seconds
        async with aiohttp.ClientSession() as s:
            n = 0
            while time.perf_counter() < deadline or n < 10:
                hall = busy[n % len(busy)]
                n += 1
                start = time.perf_counter()
                async with s.post(f"{stack.url}/h/{hall}/api/v1/counters/1/next",
                                  headers={"Authorization": f"Bearer {manager[hall]}"}) as r:
                    body = await r.json()
                if r.status != 200:
                    continue
                key = f"{ws_url(stack.url, hall)}|{body['current']['number']}"
                last = await screens.last_arrival(key, per_hall)
                latencies.append((last - start) * 1000)
                keys.append(key)
                await asyncio.sleep(0.05)
        stop.set()
        elapsed = time.perf_counter() - started
        cpu_after = stack_cpu(stack)
        results["cpu"] = {k: cpu_after[k] - cpu_before[k] for k in cpu_after}
        results["elapsed"] = elapsed
        await asyncio.gather(*kiosks)
        await asyncio.sleep(1)
        results.update(issue_rate=issued[0] / elapsed, issue_errors=errors[0],
                       cluster_ms=latencies,
                       # every reception of a call by any screen, beyond its own hall's screens
                       overdelivered=screens.total - len(keys) * per_hall,
                       per_hall=per_hall)
        await screens.stop()
    finally:
        stack.stop()
    return results


# --------------------------------------------------------------------------- connections
async def connections(args) -> dict:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.connections + 1000), hard))
    work = Path(tempfile.mkdtemp(prefix="luot-bench-"))
    halls = [f"h{n:03d}" for n in range(1, args.connection_halls + 1)]
    server = LiveServer(work / "luot", config=BENCH_HALL, extra_env={
        **NO_CAP, "LUOT_HALLS": str(hall_folder(args.connection_halls))}).start()
    results = {}
    try:
        kiosk = server.token("kiosk")                   # of the first hall (h001)
        per_hall = args.connections // len(halls)
        screens = Screens({ws_url(server.url, h): per_hall for h in halls},
                          lambda url, data: None)
        started = time.perf_counter()
        await screens.start(parallel=100)
        results["connect_s"] = time.perf_counter() - started
        results["open"] = screens.ready
        results["rss_mb"] = rss_mb(server.proc.pid)
        times = []
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {kiosk}"}) as s:
            for _ in range(100):
                start = time.perf_counter()
                async with s.post(server.url + "/h/h001/api/v1/tickets", json={"area": "b"}) as r:
                    await r.read()
                    assert r.status == 201
                times.append((time.perf_counter() - start) * 1000)
                await asyncio.sleep(args.kiosk_interval)
        results["kiosk_ms"] = times
        results["still_open"] = screens.ready - screens.failed
        await screens.stop()
    finally:
        server.stop()
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--parts", default="single,cluster,connections")
    parser.add_argument("--screens", type=int, default=500)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--cluster-screens", type=int, default=5000)
    parser.add_argument("--halls", type=int, default=100)
    parser.add_argument("--kiosk-halls", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--kiosk-pause", type=float, default=2.0,
                        help="seconds between a hall's tickets while calls are measured")
    parser.add_argument("--connections", type=int, default=10000)
    parser.add_argument("--connection-halls", type=int, default=100,
                        help="the connections are screens of this many halls (1: all one hall)")
    parser.add_argument("--kiosk-interval", type=float, default=0.5,
                        help="seconds between two tickets while the connections are open")
    args = parser.parse_args()
    parts = args.parts.split(",")
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}", flush=True)
    if "single" in parts:
        r = asyncio.run(single(args))
        luot, bare = r["luot_ms"], r["bare_ms"]
        print(f"[single] call -> last of {args.screens} screens, Lượt: p50 "
              f"{percentile(luot, 50):.1f} ms, p99 {percentile(luot, 99):.1f} ms ({len(luot)} calls)")
        print(f"[single] bare Flask-SocketIO broadcast of one event: p50 "
              f"{percentile(bare, 50):.1f} ms, p99 {percentile(bare, 99):.1f} ms")
        print(f"[single] p99 ratio Lượt / bare: {percentile(luot, 99) / percentile(bare, 99):.2f}; "
              f"RSS Lượt {r['rss_luot_mb']:.0f} MB, bare {r['rss_bare_mb']:.0f} MB", flush=True)
    if "cluster" in parts:
        r = asyncio.run(cluster(args))
        lat = r["cluster_ms"]
        print(f"[cluster] 4 processes + PostgreSQL + Redis + nginx, {args.halls} halls; started "
              f"in {r['start_s']:.1f} s; {r['screens']} screens ({r['per_hall']} per hall) "
              f"connected in {r['connect_s']:.1f} s; RSS per process "
              + ", ".join(f"{m:.0f}" for m in r["rss_mb"]) + " MB")
        print(f"[cluster] call -> last screen of the hall: p50 {percentile(lat, 50):.1f} ms, "
              f"p99 {percentile(lat, 99):.1f} ms, max {max(lat):.1f} ms ({len(lat)} calls in "
              f"{args.kiosk_halls} halls); calls received by screens of other halls: "
              f"{r['overdelivered']}")
        print(f"[cluster] meanwhile each of the {args.kiosk_halls} halls' kiosks issued a ticket "
              f"every {args.kiosk_pause} s: {r['issue_rate']:.1f} tickets/s in all "
              f"(errors {r['issue_errors']})")
        print(f"[cluster] capacity: {args.kiosk_halls} kiosks (one per hall) issuing as fast as "
              f"answered, nothing else: {r['capacity']:.0f} tickets/s across halls (errors "
              f"{r['capacity_errors']})")
        print(f"[cluster] CPU seconds used in those {r['elapsed']:.0f} s (2 cores = "
              f"{2 * r['elapsed']:.0f} CPU-s at most): "
              + ", ".join(f"{k} {v:.1f}" for k, v in r["cpu"].items()), flush=True)
    if "connections" in parts:
        r = asyncio.run(connections(args))
        k = r["kiosk_ms"]
        print(f"[connections] one process, {args.connection_halls} halls: {r['open']} "
              f"websockets open (connected in "
              f"{r['connect_s']:.1f} s), {r['still_open']} still open after; RSS "
              f"{r['rss_mb']:.0f} MB")
        print(f"[connections] kiosk ticket every {args.kiosk_interval} s meanwhile (each "
              f"one's events go to the {r['open'] // args.connection_halls} screens of its "
              f"hall): p50 {percentile(k, 50):.1f} ms, p99 "
              f"{percentile(k, 99):.1f} ms, max {max(k):.1f} ms", flush=True)


if __name__ == "__main__":
    main()
