"""How much a dead LED board costs the healthy ones on the same bus (real ptys, default timings).

    python bench/led_boards_bench.py [--rounds 5]

Prints, per driver and with 0 or 1 dead board among 5 on one bus: handle() time per event,
and the time from queueing a call for every counter until the 4-5 healthy boards show it.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path


def call(number: str, counter: int) -> dict:
    """A ticket_called payload."""
    return {"call_id": f"{number}-{counter}", "recall": False, "counter": counter,
            "ticket": {"number": number, "counter": counter}}


def one_round(boards, bank, healthy, round_no: int) -> tuple[float, float]:
    """Queue a call on every board; return (handle seconds per event, seconds until all healthy show)."""
    numbers = {c: f"{round_no % 10}{c:03d}" for c in range(1, 6)}
    started = time.perf_counter()
    for counter, number in numbers.items():
        boards.handle("ticket_called", call(number, counter))
    handled = (time.perf_counter() - started) / len(numbers)
    while any(bank.faces[a].shown() != numbers[a] for a in healthy):
        if time.perf_counter() - started > 10:
            raise RuntimeError("boards did not update within 10 s")
        time.sleep(0.001)
    return handled, time.perf_counter() - started


def run(driver: str, dead: list[int], rounds: int, dies: bool = False) -> None:
    """Measure one configuration and print a line; `dies`: the dead boards die after warm-up."""
    from display.boards.manager import LedBoards
    from display.boards.settings import parse_settings
    from display.boards.sim import PtySim, make_bank

    addresses = [1, 2, 3, 4, 5]
    sim = PtySim(make_bank(driver, addresses, [] if dies else dead)).start()
    config = {"boards": {"enabled": True, "bus": [
        {"url": sim.path, "driver": driver, "boards": [{"address": a, "counter": a} for a in addresses]}]}}
    boards = LedBoards(parse_settings(config))
    boards.start()
    healthy = [a for a in addresses if a not in dead]
    try:
        one_round(boards, sim.bank, addresses if dies else healthy, 0)  # warm-up: probes, first detection
        for address in dead if dies else ():
            sim.bank.toggle_dead(address)
        samples = [one_round(boards, sim.bank, healthy, n) for n in range(1, rounds + 1)]
    finally:
        boards.stop()
        sim.stop()
    handle_us = statistics.median(s[0] for s in samples) * 1e6
    shown_ms = [s[1] * 1000 for s in samples]
    label = f"dies={dead}" if dies else f"dead={dead}"
    print(f"{driver:7} {label:9} handle={handle_us:6.1f} µs/event  "
          f"healthy shown: first {shown_ms[0]:6.1f} ms, median {statistics.median(shown_ms):6.1f} ms, "
          f"max {max(shown_ms):6.1f} ms")


def main(argv: list[str] | None = None) -> int:
    """Run every configuration."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    for driver in ("luot", "modbus"):
        for dead in ([], [3]):
            run(driver, dead, args.rounds)
        run(driver, [3], args.rounds, dies=True)
    print("A pty does not pace bytes: add the wire time at 9600 baud (~1.04 ms/byte; a SHOW")
    print("and its ACK are 17 bytes in luot, 27 in Modbus). A board that dies costs ack_timeout x")
    print("(1 + retries) = 450 ms once, then a 150 ms ping every probe_interval (3 s) = 5 % of the bus.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
