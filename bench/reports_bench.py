"""Reports benchmark (issue 12): a year of a busy centre, reported on SQLite.

    .venv/bin/python bench/reports_bench.py [--days 250] [--per-day 300] [--runs 5] [--db URL]

Fills a fresh database with `days` working days of `per_day` tickets for the demo hall
(five counters, six areas; about half the served tickets rated; tests/support/generated_hall.py),
then times the year report (every grouping), a month report, the public board's figures and
the exports. Prints the median and the best of `runs` runs of each.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(runs: int, work) -> tuple[float, float, float]:
    """Median and best wall time and median CPU time of `runs` calls, in milliseconds
    (the database runs in this process for SQLite: CPU time is what the work costs when
    the machine's other cores are busy)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), min(walls), statistics.median(cpus)


def _fill(url: str, days: int, per_day: int):
    from hall.config import parse_config, read_hall_file
    from store.bootstrap import prepare_database
    from store.engine import make_engine
    from tests.support.generated_hall import generate, working_days
    config = parse_config(read_hall_file(ROOT / "config" / "demo-hall.toml"))
    engine = make_engine(url)
    prepare_database(engine, config, datetime(2026, 1, 1, tzinfo=timezone.utc))
    calendar = working_days(date(2026, 1, 5), days)
    start = time.perf_counter()
    tickets, rated = generate(engine, config, calendar, per_day)
    print(f"filled {len(tickets):,} ticket rows ({sum(1 for t in tickets if t['origin_id'] is None):,} "
          f"issued), {len(rated):,} ratings over {days} days in {time.perf_counter() - start:.1f} s")
    return engine, config, calendar


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="database URL (default: a SQLite file in a temporary folder)")
    args = parser.parse_args(argv)
    from store.reports import Period, period_report, ticket_rows
    from store.reports.public import public_figures
    from store.reports.xlsx import report_workbook
    with tempfile.TemporaryDirectory() as folder:
        engine, config, calendar = _fill(args.db or f"sqlite:///{folder}/bench.db", args.days,
                                         args.per_day)
        now = datetime.combine(calendar[-1], datetime.min.time(), timezone.utc)
        year, month = Period(calendar[0], calendar[-1]), Period(date(2026, 6, 1), date(2026, 6, 30))
        cases = [
            ("year report, every grouping (JSON)", lambda: period_report(engine, config, year, now)),
            ("month report, every grouping (JSON)", lambda: period_report(engine, config, month, now)),
            ("one day report", lambda: period_report(engine, config, Period(calendar[-1], calendar[-1]), now)),
            ("public board: today and this month", lambda: public_figures(engine, config, now)),
            ("month workbook (.xlsx, with the ticket sheet)",
             lambda: report_workbook(period_report(engine, config, month, now),
                                     ticket_rows(engine, config, month.start, month.end))),
            ("year per-ticket rows (CSV source)",
             lambda: sum(1 for _ in ticket_rows(engine, config, year.start, year.end))),
        ]
        print(f"{platform.python_implementation()} {platform.python_version()}, "
              f"{engine.dialect.name} {engine.dialect.server_version_info}, "
              f"{platform.machine()}, {args.runs} runs")
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        for name, work in cases:
            median, best, cpu = _timed(args.runs, work)
            print(f"{name:50s} wall median {median:8.1f} ms  best {best:8.1f} ms  cpu {cpu:8.1f} ms")
        engine.dispose()


if __name__ == "__main__":
    main()
