"""A scripted day in the test hall (tests/data/hall.toml) whose report figures are worked
out by hand in tests/store/test_reports.py: calls, a no-show that is undone, a transfer,
an undone transfer, a keypad clerk, ratings with reasons and a ticket left to expire.

Monday 30 November 2026, hall time. Counter 1 (Lan) serves Đất đai; counter 2 (Minh) serves
Tư pháp and Đất đai; counter 5 (Minh at its keypad) serves Trả kết quả.
"""
from __future__ import annotations

from datetime import date, datetime

from hall.clock import VIETNAM

DAY = date(2026, 11, 30)
LAN, MINH, MINH_KEYPAD = "user:1:Lan", "user:2:Minh", "user:2:Minh (thiết bị)"


def at(clock, hh: int, mm: int, ss: int = 0) -> None:
    clock.set_local(datetime(2026, 11, 30, hh, mm, ss, tzinfo=VIETNAM))


def play_fixture_day(hall, clock) -> dict:
    """Play the day; return the tickets by number. The next day has begun afterwards (the
    ticket nobody called has expired)."""
    service, issued = hall.service, {}

    def issue(area: str) -> None:
        ticket = service.issue_ticket(area, actor="token:9:Ki-ốt")
        issued[ticket["number"]] = ticket

    at(clock, 9, 0); issue("dat-dai")            # 1001
    at(clock, 9, 1); issue("tu-phap")            # 2001
    at(clock, 9, 2); issue("dat-dai")            # 1002
    at(clock, 9, 4); issue("dat-dai")            # 1003
    at(clock, 9, 6); service.call_next(1, LAN)   # 1001 waited 6 min
    at(clock, 9, 8); service.call_next(2, MINH)  # 2001 waited 7 min (oldest of counter 2's)
    at(clock, 9, 16); service.call_next(1, LAN)  # 1001 served in 10 min; 1002 waited 14 min
    at(clock, 9, 17); service.no_show(1, LAN)
    at(clock, 9, 17, 5); service.undo(1, LAN)    # the no-show is taken back
    at(clock, 9, 20); service.done(1, LAN)       # 1002 served in 4 min (from its first call)
    service.transfer(2, "dat-dai", MINH)         # 2001 goes to Đất đai, keeping its place
    at(clock, 9, 21); service.call_next(2, MINH)  # the copy of 2001 waited 1 min in Đất đai
    at(clock, 9, 25); service.done(2, MINH)      # served in 4 min
    service.call_next(1, LAN)                    # 1003 waited 21 min
    at(clock, 9, 26); service.transfer(1, "tu-phap", LAN)
    at(clock, 9, 26, 3); service.undo(1, LAN)    # the transfer is taken back: its copy is withdrawn
    at(clock, 9, 30); service.done(1, LAN)       # 1003 served in 5 min
    at(clock, 10, 0); issue("tu-phap")           # 2002: never called, expires at midnight
    at(clock, 10, 2); issue("tra-ket-qua")       # K001
    at(clock, 10, 10); service.call_next(5, MINH_KEYPAD)   # K001 waited 8 min
    at(clock, 10, 12); service.no_show(5, MINH_KEYPAD)
    ratings = hall.ratings
    ratings.rate(issued["1001"]["id"], 3, source="screen")
    ratings.rate(issued["1002"]["id"], 1, ["thoi-gian-cho", "thai-do"], source="phone")
    ratings.rate(issued["2001"]["id"], 2, source="phone")     # rated where it was served
    ratings.rate(issued["1003"]["id"], 1, ["thoi-gian-cho"], source="screen")
    clock.set_local(datetime(2026, 12, 1, 0, 5, tzinfo=VIETNAM))
    hall.days.tick()
    return issued
