"""Under the production async mode (eventlet monkey-patching) a dead printer stalls nothing."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = r"""
import eventlet
eventlet.monkey_patch()
import json, os, time
from kiosk.printer import TicketPrinter
from tests.kiosk.printer.helpers import hall_content, issued, printer_settings

master, slave = os.openpty()          # a printer that never answers nor reads
path = os.ttyname(slave)
events, ticks = [], []
printer = TicketPrinter(printer_settings(url=path, timeout_s=0.3, retry_initial_s=0.1,
                                         retry_max_s=0.2), hall_content,
                        report=lambda s: events.append([s.id, s.status, s.detail]),
                        spawn=eventlet.spawn)
printer.start()

def ticker():
    for _ in range(60):
        ticks.append(time.monotonic())
        eventlet.sleep(0.02)

t = eventlet.spawn(ticker)
handle_s = []
for n in range(5):
    t0 = time.monotonic()
    printer.handle("ticket_issued", issued(str(1023 + n), n + 1))
    handle_s.append(time.monotonic() - t0)
    eventlet.sleep(0.1)
t.wait()
gaps = [b - a for a, b in zip(ticks, ticks[1:])]
queued = printer.queued
printer.stop()
print(json.dumps({"handle_max": max(handle_s), "gap_max": max(gaps), "events": events,
                  "queue": queued}))
"""


def test_dead_printer_does_not_stall_an_eventlet_server():
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                         text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["handle_max"] < 0.05
    assert result["gap_max"] < 0.25  # the other greenlet kept running (generous bound)
    assert ["printer", "offline", "Máy in không phản hồi"] in result["events"]
    assert result["queue"] == 5
