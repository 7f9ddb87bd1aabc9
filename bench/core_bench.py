"""Core benchmark (issue 2): issue rate, call-to-screen latency with 500 watchers, memory.

    .venv/bin/python bench/core_bench.py [--watchers 500] [--calls 200] [--seconds 5]

Starts real server processes (eventlet, SQLite with synchronous=FULL) on free ports and
prints one block of numbers. Clients are asyncio (aiohttp) in this process: 8 kiosk
connections posting tickets; raw Engine.IO websocket watchers timing each `ticket_called`.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.live_server import LiveServer, free_port  # noqa: E402

AREAS = ["a", "b", "c", "d"]


async def issue_rate(server: LiveServer, token: str, clients: int, seconds: float) -> tuple[float, int]:
    """Tickets per second issued by `clients` concurrent kiosk connections."""
    headers = {"Authorization": f"Bearer {token}"}
    count, errors = 0, 0
    deadline = time.perf_counter() + seconds

    async def kiosk(i: int):
        nonlocal count, errors
        async with aiohttp.ClientSession(headers=headers) as session:
            n = 0
            while time.perf_counter() < deadline:
                async with session.post(f"{server.url}/api/v1/tickets",
                                        json={"area": AREAS[(i + n) % 4]}) as response:
                    await response.read()
                    if response.status == 201:
                        count += 1
                    else:
                        errors += 1
                n += 1

    start = time.perf_counter()
    await asyncio.gather(*(kiosk(i) for i in range(clients)))
    return count / (time.perf_counter() - start), errors


def _called_key(message: list) -> str:
    """The bare server's `ticket_called` carries the ticket's id; Lượt's screens get one
    `events` frame per command, whose public ticket is known by its number."""
    name, payload = message[0], message[1]
    if name == "ticket_called":
        return payload["ticket"]["id"]
    return next(p["ticket"]["number"] for n, p in payload["events"] if n == "ticket_called")


class Watchers:
    """Raw Engine.IO v4 websocket clients that timestamp every ticket_called."""

    def __init__(self, base_url: str, count: int, ready_on: str = '42["snapshot"'):
        self.url = base_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.count = count
        self.received: dict[str, list[float]] = {}
        self.waiters: dict[str, asyncio.Future] = {}
        self.session = None
        self.tasks = []
        self.ready = 0
        self.all_ready = asyncio.Event()
        self.ready_on = ready_on
        self.closed = 0

    async def start(self):
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        for _ in range(self.count):
            self.tasks.append(asyncio.create_task(self._watch()))
            await asyncio.sleep(0.002)
        try:
            await asyncio.wait_for(self.all_ready.wait(), 60)
        except asyncio.TimeoutError:
            raise RuntimeError(f"only {self.ready} of {self.count} watchers got a snapshot") from None

    async def _watch(self):
        try:
            await self._watch_once()
            self.closed += 1
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001
            print(f"watcher failed: {error!r}", file=sys.stderr)
            raise

    async def _watch_once(self):
        async with self.session.ws_connect(self.url, heartbeat=None, max_msg_size=0) as ws:
            await ws.receive()            # 0{...}: engine.io open
            await ws.send_str("40")       # connect the default namespace
            async for message in ws:
                data = message.data
                if data == "2":
                    await ws.send_str("3")
                elif data.startswith('42["ticket_called"') or (
                        data.startswith('42["events"') and '"ticket_called"' in data):
                    now = time.perf_counter()
                    key = _called_key(json.loads(data[2:]))
                    times = self.received.setdefault(key, [])
                    times.append(now)
                    if len(times) == self.count and key in self.waiters:
                        self.waiters[key].set_result(now)
                elif data.startswith(self.ready_on):
                    self.ready += 1
                    if self.ready == self.count:
                        self.all_ready.set()

    async def stop(self):
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.session.close()


async def call_latency(url: str, next_path: str, headers: dict, watchers: Watchers, calls: int,
                       body: dict | None, key_of) -> list[float]:
    """ms from sending `next` to the last watcher receiving its ticket_called."""
    latencies = []
    async with aiohttp.ClientSession(headers=headers) as session:
        for _ in range(calls):
            loop = asyncio.get_running_loop()
            start = time.perf_counter()
            async with session.post(url + next_path, json=body) as response:
                payload = await response.json()
            key = key_of(payload)
            times = watchers.received.get(key, [])
            if len(times) < watchers.count:
                future = loop.create_future()
                watchers.waiters[key] = future
                try:
                    last = await asyncio.wait_for(future, 60)
                except asyncio.TimeoutError:
                    got = len(watchers.received.get(key, []))
                    raise RuntimeError(f"call {key}: only {got} of {watchers.count} watchers "
                                       f"received it; {watchers.closed} connections closed") from None
            else:
                last = times[-1]
            latencies.append((last - start) * 1000)
            await asyncio.sleep(0.02)
    return latencies


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / 2**20


def start_bare(port: int) -> tuple[subprocess.Popen, str]:
    """The bare Flask-SocketIO broadcast server (bench/bare_server.py), answering; its URL."""
    bare = subprocess.Popen([sys.executable, str(ROOT / "bench" / "bare_server.py"), str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/health")
    return bare, url


def wait_http(url: str, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} not ready")


async def run(args) -> dict:
    results = {}
    work = Path(tempfile.mkdtemp(prefix="luot-bench-"))
    server = LiveServer(work / "luot", config=ROOT / "bench" / "hall.toml",
                        extra_env={"LUOT_CONNECTIONS_PER_ADDRESS": "0"}).start()
    try:
        kiosk, manager = server.token("kiosk"), server.token("manager")
        rate, errors = await issue_rate(server, kiosk, 8, args.seconds)
        results["issue_rate"], results["issue_errors"] = rate, errors

        watchers = Watchers(server.url, args.watchers)
        await watchers.start()
        results["rss_luot_mb"] = rss_mb(server.proc.pid)
        lat = await call_latency(server.url, "/api/v1/counters/1/next",
                                 {"Authorization": f"Bearer {manager}"}, watchers, args.calls,
                                 None, lambda counter: counter["current"]["number"])
        results["luot_ms"] = lat
        await watchers.stop()
    finally:
        server.stop()

    bare, url = start_bare(free_port())
    try:
        watchers = Watchers(url, args.watchers, ready_on="40")
        await watchers.start()
        results["rss_bare_mb"] = rss_mb(bare.pid)
        sample = {"call_id": "0123456789abcdef", "recall": False, "ticket": {"id": "x" * 22,
                  "number": "A000123", "area": "a", "area_name": "Lĩnh vực A", "status": "called",
                  "issued_at": "2026-11-30T09:00:00.000+07:00", "counter": 1, "ahead": 0},
                  "counter": {"number": 1, "name": "Quầy 1", "purpose": ""}}
        results["bare_ms"] = await call_latency(url, "/next", {}, watchers, args.calls, sample,
                                                lambda answer: answer["key"])
        results["bare4_ms"] = await call_latency(url, "/next?follow=3", {}, watchers, args.calls,
                                                 sample, lambda answer: answer["key"])
        await watchers.stop()
    finally:
        bare.terminate()
        bare.wait(5)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--watchers", type=int, default=500)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    results = asyncio.run(run(args))
    luot, bare = results["luot_ms"], results["bare_ms"]
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"issue rate, 8 kiosk clients, SQLite WAL synchronous=FULL: "
          f"{results['issue_rate']:.0f} tickets/s (errors: {results['issue_errors']})")
    print(f"call -> last of {args.watchers} watchers, Lượt:        "
          f"p50 {percentile(luot, 50):.1f} ms, p99 {percentile(luot, 99):.1f} ms ({len(luot)} calls)")
    print(f"call -> last of {args.watchers} watchers, bare broadcast: "
          f"p50 {percentile(bare, 50):.1f} ms, p99 {percentile(bare, 99):.1f} ms")
    bare4 = results["bare4_ms"]
    print(f"call -> last of {args.watchers} watchers, bare, same 4 events per call: "
          f"p50 {percentile(bare4, 50):.1f} ms, p99 {percentile(bare4, 99):.1f} ms")
    print(f"p99 ratio Lượt / bare: {percentile(luot, 99) / percentile(bare, 99):.2f}; "
          f"Lượt / bare with the same events: {percentile(luot, 99) / percentile(bare4, 99):.2f}")
    print(f"server memory with {args.watchers} watchers: Lượt {results['rss_luot_mb']:.0f} MB, "
          f"bare {results['rss_bare_mb']:.0f} MB")


if __name__ == "__main__":
    main()
