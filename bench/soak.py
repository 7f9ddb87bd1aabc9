"""A compressed soak: a whole business day of the test hall at N× speed against a real server.

    nice .venv/bin/python bench/soak.py [--hours 8] [--speed 90] [--screens 200]

Two kiosks issue tickets (a morning peak, a lull at noon), a clerk at each of the five counters
calls the next ticket, serves it for 1.5-4.5 simulated minutes, then finishes it (80 %), marks
a no-show (10 %) or transfers it to another area (10 %); 200 Socket.IO screens watch the hall.
The real device drivers run against the simulators: the ticket printer (tools/printer_sim.py,
TCP) runs out of paper for half an hour, one LED board (display/boards/sim.py, pty) is
unplugged for half an hour. The server is killed with SIGKILL twice mid-day and started again
on the same database.

It prints: the machine, the server's RSS over the day and its growth, request latency per
simulated hour (p50/p99), the tickets the kiosks got a 201 for against the tickets in the
database (nothing lost), and that no ticket was called twice (from the event log). The
checking functions are pure (tests/bench/test_soak_checks.py shows they can fail).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Tickets per simulated hour over the day (both kiosks together), 07:30 onwards.
ARRIVALS = [70, 110, 100, 80, 50, 90, 100, 70]
AREAS = [("dat-dai", 0.52), ("tu-phap", 0.45), ("tra-ket-qua", 0.03)]
COUNTERS = (1, 2, 3, 4, 5)
TRANSFER_TO = {"dat-dai": "tu-phap", "tu-phap": "dat-dai", "tra-ket-qua": "dat-dai"}


# ----------------------------------------------------------------- checks (pure, tested)
def lost_tickets(acknowledged: dict[str, str], stored: set[str]) -> list[str]:
    """Numbers of the tickets a kiosk got a 201 for that the database does not have."""
    return sorted(number for ticket_id, number in acknowledged.items() if ticket_id not in stored)


def double_calls(events: list[dict]) -> list[str]:
    """Ids of tickets called while not callable, from the event log in seq order.

    A ticket may be called (a non-recall `ticket_called`) when it is waiting: just issued,
    transferred, undone back to the queue, or marked a no-show (a call-back). Any other call
    of it (called while called, or after it was served) is a double call. A recall repeats
    the current call and does not count."""
    callable_now: dict[str, bool] = {}
    doubles: list[str] = []
    for event in events:
        ticket_id = event.get("ticket_id")
        if ticket_id is None:
            continue
        payload = event.get("payload") or {}
        if event["name"] == "ticket_called" and not payload.get("recall"):
            if not callable_now.get(ticket_id, True):
                doubles.append(ticket_id)
            callable_now[ticket_id] = False
        elif event["name"] in ("ticket_updated", "ticket_issued"):
            status = (payload.get("ticket") or {}).get("status")
            if status is not None:
                callable_now[ticket_id] = status in ("waiting", "no_show")
    return doubles


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[rank]


# ----------------------------------------------------------------------------- the day
class Day:
    """Simulated time: hours since opening, at `speed` times real time."""

    def __init__(self, hours: float, speed: float):
        self.hours, self.speed = hours, speed
        self.started = time.monotonic()

    def now(self) -> float:
        return (time.monotonic() - self.started) * self.speed / 3600

    def over(self) -> bool:
        return self.now() >= self.hours

    def sleep_sim(self, minutes: float) -> None:
        time.sleep(minutes * 60 / self.speed)

    def label(self, hour: float) -> str:
        minutes = int(7 * 60 + 30 + hour * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"


class Client:
    """JSON over HTTP with timing; connection failures (the server restarting) are counted."""

    def __init__(self, day: Day, base: str):
        self.day, self.base = day, base
        self.lock = threading.Lock()
        self.latency: dict[int, list[float]] = defaultdict(list)
        self.refused: dict[int, int] = defaultdict(int)
        self.server_errors: list[str] = []

    def call(self, method: str, path: str, token: str, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        request.add_header("Authorization", f"Bearer {token}")
        hour = int(self.day.now())
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        except OSError:
            with self.lock:
                self.refused[hour] += 1
            return None, None
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latency[hour].append(elapsed)
            if status >= 500:
                self.server_errors.append(f"{status} {method} {path}: {raw[:200]!r}")
        return status, json.loads(raw or b"null")


def kiosk(day: Day, client: Client, token: str, share: float, acknowledged: dict, seed: int,
          stop: threading.Event) -> None:
    rng = random.Random(seed)
    while not stop.is_set() and not day.over():
        rate = ARRIVALS[min(int(day.now()), len(ARRIVALS) - 1)] * share
        day.sleep_sim(rng.expovariate(rate / 60))
        area = rng.choices([a for a, _ in AREAS], [w for _, w in AREAS])[0]
        body = {"area": area, **({"priority": "elderly"} if rng.random() < 0.08 else {})}
        status, ticket = client.call("POST", "/api/v1/tickets", token, body)
        if status == 201:
            acknowledged[ticket["id"]] = ticket["number"]


def clerk(day: Day, client: Client, n: int, token: str, seed: int, tally: dict,
          stop: threading.Event) -> None:
    rng = random.Random(seed)
    while not stop.is_set() and not day.over():
        status, counter = client.call("POST", f"/api/v1/counters/{n}/next", token)
        current = counter.get("current") if status == 200 and isinstance(counter, dict) else None
        if current is None and status is not None and status != 200:
            # Maybe still serving from before a restart: look at the counter.
            status, counter = client.call("GET", f"/api/v1/counters/{n}", token)
            current = counter.get("current") if status == 200 else None
        if current is None:
            day.sleep_sim(rng.uniform(0.5, 1.5))
            continue
        tally["called"] += 1
        day.sleep_sim(rng.uniform(1.5, 4.5))
        roll = rng.random()
        if roll < 0.8:
            action, body = "done", None
        elif roll < 0.9:
            action, body = "no-show", None
        else:
            action, body = "transfer", {"area": TRANSFER_TO.get(current.get("area"), "dat-dai")}
        for _ in range(50):                        # through a restart
            status, _ = client.call("POST", f"/api/v1/counters/{n}/{action}", token, body)
            if status is not None:
                break
            time.sleep(0.2)
        tally[action if status == 200 else f"{action} {status}"] += 1


class Screens:
    """N Socket.IO watchers on one asyncio loop in a thread; they reconnect on their own."""

    def __init__(self, url: str, count: int):
        self.url, self.count = url, count
        self.connects = self.snapshots = self.frames = self.events = 0
        self.connected = 0
        self.max_connected = 0
        self.failed_connects = 0
        self._loop = asyncio.new_event_loop()
        self._clients: list = []
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> "Screens":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._connect_all(), self._loop).result(300)
        return self

    async def _connect_all(self) -> None:
        import socketio
        for _ in range(self.count):
            client = socketio.AsyncClient(reconnection=True, reconnection_delay=0.5,
                                          reconnection_delay_max=2)
            self._wire(client)
            self._clients.append(client)
            try:
                await client.connect(self.url, transports=["websocket"], wait_timeout=20)
            except Exception:  # noqa: BLE001 - counted
                self.failed_connects += 1
            await asyncio.sleep(0.01)

    def _wire(self, client) -> None:
        @client.event
        async def connect():
            self.connects += 1
            self.connected += 1
            self.max_connected = max(self.max_connected, self.connected)

        @client.event
        async def disconnect(*_args):
            self.connected -= 1

        @client.on("snapshot")
        async def snapshot(_data):
            self.snapshots += 1

        @client.on("events")
        async def events(data):
            self.frames += 1
            self.events += len(data.get("events", []))

    def stop(self) -> None:
        async def close_all():
            await asyncio.gather(*(c.disconnect() for c in self._clients),
                                 return_exceptions=True)
        asyncio.run_coroutine_threadsafe(close_all(), self._loop).result(60)
        self._loop.call_soon_threadsafe(self._loop.stop)


class Printer:
    """tools/printer_sim.py in its own process on a TCP port, driven through its console."""

    def __init__(self, folder: Path):
        from tests.support.live_server import free_port
        self.port, self.out = free_port(), folder / "printed"
        self.log = open(folder / "printer.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tools" / "printer_sim.py"), "--tcp", str(self.port),
             "--out", str(self.out)], stdin=subprocess.PIPE, stdout=self.log, stderr=self.log,
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the printer simulator did not start")

    def toggle_paper(self) -> None:
        self.proc.stdin.write(b"p\n")
        self.proc.stdin.flush()

    def printed(self) -> int:
        return len(list(self.out.glob("*.png"))) if self.out.exists() else 0

    def stop(self) -> None:
        self.proc.stdin.write(b"q\n")
        self.proc.stdin.close()
        self.proc.wait(10)
        self.log.close()


def kiosk_token(server) -> str:
    """A kiosk token without the per-token rate limit (`--max-per-minute 0`, meant for load
    tests), where the server has one; the soak's kiosks issue a ticket every second or so."""
    args = [sys.executable, "-m", "flask", "--app", "server", "create-token", "--role", "kiosk"]
    for extra in (["--max-per-minute", "0"], []):
        out = subprocess.run(args + extra, cwd=ROOT, env=server.env(), capture_output=True,
                             text=True, timeout=60)
        if out.returncode == 0:
            return out.stdout.strip().splitlines()[-1]
    raise RuntimeError(out.stderr)


def hall_file(folder: Path, printer_port: int, boards_path: str) -> Path:
    from tests.support.live_server import hall_with_printer
    boards = ", ".join(f"{{address = {n}, counter = {n}}}" for n in COUNTERS)
    return hall_with_printer(folder / "hall.toml", printer_port, f"""
[boards]
enabled = true
[[boards.bus]]
url = "{boards_path}"
boards = [ {boards} ]
""")


def machine() -> str:
    import psutil
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return (f"{model}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GiB "
            f"RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"load average at start {os.getloadavg()[0]:.2f}")


def run(hours: float, speed: float, screens_count: int, restarts: list[float],
        folder: Path) -> int:
    import psutil
    from display.boards.sim import LuotBank, PtySim
    from tests.support.live_server import LiveServer

    print(f"Machine: {machine()}")
    print(f"Day: {hours} simulated hours at {speed:g}× ({hours * 3600 / speed / 60:.1f} min), "
          f"{screens_count} screens, SIGKILL restarts at {[Day(0, 1).label(h) for h in restarts]}")
    printer = Printer(folder)
    printer_port = printer.port
    bank = LuotBank(list(COUNTERS))
    boards = PtySim(bank).start()
    config = hall_file(folder, printer_port, boards.path)
    server = LiveServer(folder / "server", config=config, extra_env={"LUOT_FAKE_DEVICES": "0"})
    server.start()
    kiosks = [kiosk_token(server), kiosk_token(server)]
    clerks = {n: server.token("clerk", n) for n in COUNTERS}
    manager = server.token("manager")
    screens = Screens(server.url, screens_count).start()
    print(f"{screens.connects} screens connected ({screens.failed_connects} failed)")

    day = Day(hours, speed)
    client = Client(day, server.url)
    acknowledged: dict[str, str] = {}
    tally: dict[str, int] = defaultdict(int)
    stop = threading.Event()
    threads = [threading.Thread(target=kiosk, args=(day, client, token, 0.5, acknowledged,
                                                    i, stop), daemon=True)
               for i, token in enumerate(kiosks)]
    threads += [threading.Thread(target=clerk, args=(day, client, n, token, 100 + n, tally, stop),
                                 daemon=True) for n, token in clerks.items()]
    for thread in threads:
        thread.start()

    faults = [(1.5, "printer out of paper", printer.toggle_paper),
              (2.0, "printer paper refilled", printer.toggle_paper),
              (4.0, "LED board 3 unplugged", lambda: bank.toggle_dead(3)),
              (4.5, "LED board 3 plugged back", lambda: bank.toggle_dead(3))]
    pending_restarts = sorted(restarts)
    memory: list[tuple[float, int, float]] = []      # (sim hour, incarnation, RSS MiB)
    backlog: list[tuple[float, int, int]] = []        # (sim hour, acknowledged, printed)
    device_states: dict[str, str] = {}
    device_changes: list[str] = []
    incarnation, downtime, next_sample = 0, [], 0.0
    while not day.over():
        now = day.now()
        while faults and faults[0][0] <= now:
            _, what, act = faults.pop(0)
            act()
            print(f"  {day.label(now)} {what}")
        if pending_restarts and pending_restarts[0] <= now:
            pending_restarts.pop(0)
            killed = time.monotonic()
            server.kill()
            server.start()
            incarnation += 1
            downtime.append(time.monotonic() - killed)
            print(f"  {day.label(now)} server killed (SIGKILL) and started again in "
                  f"{downtime[-1]:.1f} s")
        if now >= next_sample:
            try:
                rss = psutil.Process(server.proc.pid).memory_info().rss / 2**20
                memory.append((now, incarnation, rss))
            except psutil.Error:
                pass
            backlog.append((now, len(acknowledged), printer.printed()))
            status, devices = client.call("GET", "/api/v1/devices", manager)
            if status == 200:
                for device in devices:
                    if device_states.get(device["id"]) != device.get("status"):
                        device_states[device["id"]] = device.get("status")
                        device_changes.append(f"{day.label(now)} {device['id']} "
                                              f"{device.get('status')}")
            next_sample += 0.25
        time.sleep(0.05)

    stop.set()
    for thread in threads:
        thread.join(30)
    time.sleep(1)
    screens.stop()
    server.stop()
    printer.stop()
    boards.stop()

    with sqlite3.connect(server.db_url.removeprefix("sqlite:///")) as db:
        stored = {row[0] for row in db.execute("SELECT id FROM tickets")}
        events = [{"name": name, "ticket_id": ticket_id, "payload": json.loads(payload)}
                  for name, ticket_id, payload in
                  db.execute("SELECT name, ticket_id, payload FROM events ORDER BY seq")]
    lost = lost_tickets(acknowledged, stored)
    doubles = double_calls(events)
    calls = sum(1 for e in events if e["name"] == "ticket_called"
                and not e["payload"].get("recall"))

    print("\nMemory (server RSS, MiB) and tickets acknowledged / printed, every simulated "
          "half hour:")
    printing = {round(hour, 2): (acked, printed) for hour, acked, printed in backlog}
    for hour, inc, rss in memory[::2]:
        acked, printed = printing.get(round(hour, 2), (0, 0))
        print(f"  {day.label(hour)}  process {inc + 1}  {rss:6.1f}   {acked:4d} / {printed:4d}")
    for inc in sorted({m[1] for m in memory}):
        samples = [m for m in memory if m[1] == inc]
        warm = [m for m in samples if m[0] >= samples[0][0] + 0.25] or samples
        print(f"  process {inc + 1}: {samples[0][2]:.1f} MiB at start, {warm[0][2]:.1f} after "
              f"warm-up, {samples[-1][2]:.1f} at its end (growth after warm-up "
              f"{samples[-1][2] - warm[0][2]:+.1f} MiB over {samples[-1][0] - warm[0][0]:.2f} h)")
    print("\nLatency per simulated hour (all API calls of kiosks, clerks and the monitor):")
    print("  hour   requests  p50 ms  p99 ms  max ms  refused (restarts)")
    for hour in range(int(hours)):
        values = client.latency.get(hour, [])
        print(f"  {day.label(hour)}  {len(values):8d}  {percentile(values, 50) * 1000:6.1f}  "
              f"{percentile(values, 99) * 1000:6.1f}  "
              f"{(max(values) if values else float('nan')) * 1000:6.1f}  "
              f"{client.refused.get(hour, 0):7d}")
    print(f"\nRestarts: {len(downtime)}, down {', '.join(f'{d:.1f} s' for d in downtime)}")
    print(f"Clerks: {dict(sorted(tally.items()))}; non-recall calls in the log: {calls}")
    print(f"Screens: {screens.connects} connects for {screens_count} screens "
          f"({screens.connects - screens_count} reconnects), {screens.snapshots} snapshots, "
          f"{screens.frames} event frames, {screens.events} events received")
    print("Devices as the manager saw them (GET /api/v1/devices every 15 simulated minutes):")
    print("  " + "; ".join(device_changes))
    dropped = sum(line.count(",") + 1 for line in server.log_path.read_text(errors="replace")
                  .splitlines() if "dropped unprinted tickets" in line)
    print(f"Printer simulator: {printer.printed()} tickets printed; the print queue dropped "
          f"{dropped} (older than max_job_age_s real seconds, by design)")
    issued_events = sum(1 for e in events if e["name"] == "ticket_issued")
    print(f"Tickets: {len(acknowledged)} acknowledged (201), {len(stored)} in the database "
          f"({issued_events} ticket_issued events; the rest are transfer copies), "
          f"{len(lost)} lost {lost[:10]}")
    print(f"Double calls: {len(doubles)} {doubles[:10]}")
    print(f"5xx answers: {len(client.server_errors)} {client.server_errors[:5]}")
    return 1 if lost or doubles or client.server_errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=8.0)
    parser.add_argument("--speed", type=float, default=90.0, help="simulated seconds per second")
    parser.add_argument("--screens", type=int, default=200)
    parser.add_argument("--restarts", type=float, nargs="*", default=[2.5, 5.5],
                        help="simulated hours after opening when the server is SIGKILLed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="luot-soak-") as folder:
        return run(args.hours, args.speed, args.screens, args.restarts, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
