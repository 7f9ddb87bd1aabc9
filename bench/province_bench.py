"""The province overview's cost: `python bench/province_bench.py [--halls 100]`.

Builds a deployment of N copies of the test ward hall (SQLite, in a temporary folder), puts
20 waiting tickets in a fifth of them, and times the overview: the first snapshot (every
hall's report of today computed), later snapshots (report totals cached), one hall's row
without and with its report.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WARD = ROOT / "tests" / "data" / "halls" / "b-ward-2.toml"


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return sorted(out)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halls", type=int, default=100)
    args = parser.parse_args(argv)
    from server import Settings, create_app
    with tempfile.TemporaryDirectory() as folder:
        halls = Path(folder) / "halls"
        halls.mkdir()
        text = WARD.read_text(encoding="utf-8")
        for i in range(args.halls):
            (halls / f"w{i:03}.toml").write_text(
                text.replace('id = "ward-2"', f'id = "ward-{i:03}"'), encoding="utf-8")
        start = time.perf_counter()
        app = create_app(Settings(instance_path=Path(folder) / "instance",
                                  async_mode="threading", halls_dir=halls, testing=True,
                                  start_devices=False))
        print(f"{args.halls} halls started in {time.perf_counter() - start:.1f} s")
        deployment, overview = app.extensions["deployment"], app.extensions["province"]
        for hall_id in list(deployment.halls)[: max(1, args.halls // 5)]:
            for _ in range(20):
                deployment.halls[hall_id].service.issue_ticket("ho-tich", None)
        print(f"first snapshot: {timed(overview.snapshot, 1)[0]:.0f} ms")
        later = timed(overview.snapshot, 5)
        print(f"later snapshots (report totals cached): median {statistics.median(later):.0f} ms")
        hall = next(iter(deployment.halls))
        rows = timed(lambda: overview.row(hall), 50)
        print(f"one row, report cached: median {statistics.median(rows):.2f} ms")

        def stale_row():
            overview.changed(hall, ["ticket_rated"])
            overview._totals.pop(hall, None)
            overview.row(hall)
        stale = timed(stale_row, 20)
        print(f"one row with today's report: median {statistics.median(stale):.1f} ms")


if __name__ == "__main__":
    main()
