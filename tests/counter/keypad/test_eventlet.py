"""The driver under the server's async mode (eventlet.monkey_patch), in a subprocess."""
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = textwrap.dedent("""
    import eventlet
    eventlet.monkey_patch()
    import time
    from counter.keypad import Keypads, parse_keypads
    from counter.keypad.sim import PtyKeypadSim

    ticks = []
    def ticker():
        while True:
            ticks.append(time.monotonic())
            eventlet.sleep(0.01)
    eventlet.spawn(ticker)

    sim = PtyKeypadSim([1, 2])
    sim.plug()
    sim.keypad(2).muted = True            # a dead keypad on the bus
    actions = []
    config = {"keypads": {"poll_interval_ms": 10, "reply_timeout_ms": 80, "bus": [
        {"url": sim.path, "keypads": [{"address": 1, "counter": 1}, {"address": 2, "counter": 2}]},
        {"url": "/nonexistent/ttyUSB9", "keypads": [{"address": 1, "counter": 3}]}]}}
    keypads = Keypads(parse_keypads(config), lambda a: actions.append(a) or None)
    keypads.start()
    eventlet.sleep(0.3)
    sim.press(1, "N")
    deadline = time.monotonic() + 5
    while not actions and time.monotonic() < deadline:
        eventlet.sleep(0.01)
    keypads.stop()
    sim.close()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    print("actions", len(actions), "maxgap", round(max(gaps), 3))
""")


def test_dead_devices_do_not_stall_other_greenlets_under_eventlet():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    words = result.stdout.split()
    assert words[:2] == ["actions", "1"], result.stdout + result.stderr
    assert float(words[3]) < 0.2, result.stdout
