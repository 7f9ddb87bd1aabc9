"""Ticket printer bench: render time, job size and wire time per mode (and, in text mode, code
page), paper and baud rate.

    .venv/bin/python bench/printer_bench.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.printer.codepages import code_page  # noqa: E402
from kiosk.printer.job import build_job  # noqa: E402
from kiosk.printer.layout import render_ticket_png  # noqa: E402
from kiosk.printer.ticket import ticket_print  # noqa: E402

TICKET = {"id": "hJ3k9xQmZ2pL7rT4vW8yBc", "number": "1023", "area_name": "Đất đai",
          "priority_label": "Người cao tuổi", "issued_at": "2026-11-28T08:01:00.000+07:00",
          "session": "morning", "ahead": 3}
INFO = {"centre_name": "Trung tâm Phục vụ hành chính công phường Ba Đình", "ahead": 3,
        "estimated_wait_min": 15, "counters": [2, 3],
        "tracking_url": "http://192.168.1.10/t/{id}"}


def timed(fn, repeat: int = 20) -> tuple[float, object]:
    """Best wall time of fn over repeat runs (seconds) and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    """Print a Markdown table."""
    t = ticket_print(TICKET, INFO)
    render_s, _ = timed(lambda: render_ticket_png(t))
    print(f"render_ticket_png 576 px: {render_s * 1000:.1f} ms\n")
    print("| paper | mode | qr | build ms | bytes | 9600 baud s | 115200 baud s |")
    print("|---|---|---|---|---|---|---|")
    pages = {"cp1258": code_page("cp1258"), "cp1258 decomposed": code_page("cp1258", "decomposed"),
             "tcvn3": code_page("tcvn3"), "tcvn3 without capitals": code_page("tcvn3", capitals_number=0)}
    for width in (576, 384):
        runs = [(mode, qr, None) for mode, qr in (("image", "image"), ("hybrid", "image"),
                                                  ("hybrid", "native"))]
        runs += [("text", qr, name) for name in pages for qr in ("native", "image")]
        for mode, qr, name in runs:
            build_s, job = timed(lambda: build_job(t, width, mode, qr, pages.get(name)))
            wire = [len(job) * 10 / baud for baud in (9600, 115200)]
            label = f"text ({name})" if name else mode
            print(f"| {width} | {label} | {qr} | {build_s * 1000:.1f} | {len(job):,} | "
                  f"{wire[0]:.1f} | {wire[1]:.2f} |")


if __name__ == "__main__":
    main()
