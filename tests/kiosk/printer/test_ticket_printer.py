"""The print queue: issuing never waits for printing; retries, drops, status, FIFO."""

import threading
import time

import pytest

from devices.adapter import DeviceStatus
from kiosk.printer import TicketPrinter
from kiosk.printer.job import build_job
from kiosk.printer.layout import render_ticket_png
from kiosk.printer.ticket import ticket_print
from tests.kiosk.printer.helpers import (HALL, SimLink, hall_content, issued, printer_settings,
                                         ticket, wait_until)
from tools.printer_sim import PrinterSimulator

FAST = {"retry_initial_s": 0.02, "retry_max_s": 0.05, "timeout_s": 0.05,
        "poll_interval_s": 0.05}


class Recorder:
    def __init__(self):
        self.events = []

    def __call__(self, status):
        self.events.append((status.id, status.status, status.detail))

    @property
    def statuses(self):
        return [s for _, s, _ in self.events]


@pytest.fixture
def sim():
    return PrinterSimulator()


def make_printer(sim, **config):
    recorder = Recorder()
    link = SimLink(sim)
    printer = TicketPrinter(printer_settings(**{"url": "sim", "mode": "hybrid", **FAST, **config}),
                            hall_content, report=recorder, open_link=lambda *args: link)
    return printer, recorder, link


@pytest.fixture
def running():
    started = []
    yield started
    for printer in started:
        printer.stop()


def timed_handle(printer, payload):
    t0 = time.monotonic()
    printer.handle("ticket_issued", payload)
    return time.monotonic() - t0


def test_issued_ticket_is_printed_on_the_simulator_pty(simulator, running):
    sim, path = simulator
    recorder = Recorder()
    printer = TicketPrinter(printer_settings(url=path, mode="image", **FAST), hall_content,
                            report=recorder)
    running.append(printer)
    printer.start()
    printer.handle("ticket_issued", issued("1023"))
    assert sim.printed.wait(5)
    png = render_ticket_png(ticket_print(ticket("1023"), HALL))
    assert sim.tickets[0].crop((0, 0, 576, png.height)).tobytes() == png.tobytes()
    assert wait_until(lambda: printer.last_printed == "1023")
    assert printer.health() == [DeviceStatus("printer", "ok", "")]
    assert printer.queued == 0
    assert ("printer", "ok", "") in recorder.events


def test_no_paper_does_not_stop_issuing_and_the_job_prints_when_paper_is_back(sim, running):
    sim.set_paper(False)
    printer, recorder, _ = make_printer(sim)
    running.append(printer)
    printer.start()
    assert timed_handle(printer, issued("1023")) < 0.5
    assert wait_until(lambda: "no_paper" in recorder.statuses)
    assert ("printer", "no_paper", "Hết giấy") in recorder.events
    assert printer.queued == 1
    assert timed_handle(printer, issued("1024", seq=2)) < 0.5
    assert sim.tickets == [] and sim.lost == 0  # nothing was sent to an empty printer
    sim.set_paper(True)
    assert wait_until(lambda: len(sim.tickets) == 2)
    assert wait_until(lambda: printer.health()[0].status == "ok")
    assert printer.queued == 0
    assert printer.last_printed == "1024"


def test_printer_that_stops_answering_is_offline_and_the_job_is_retried(sim, running):
    sim.answering = False
    printer, recorder, link = make_printer(sim)
    running.append(printer)
    printer.start()
    assert timed_handle(printer, issued("1023")) < 0.5
    assert wait_until(lambda: ("printer", "offline", "Máy in không phản hồi") in recorder.events)
    assert wait_until(lambda: link.writes.count(b"\x10\x04\x01") >= 3)  # retried
    assert sim.tickets == []
    sim.answering = True
    assert wait_until(lambda: len(sim.tickets) == 1)
    assert wait_until(lambda: recorder.statuses[-1] == "ok")


def test_unreachable_printer_is_reported_offline_and_handle_never_raises(running):
    recorder = Recorder()
    printer = TicketPrinter(printer_settings(url="/nonexistent/ttyUSB9", **FAST), hall_content,
                            report=recorder)
    running.append(printer)
    printer.start()
    assert timed_handle(printer, issued("1023")) < 0.5
    assert wait_until(lambda: "offline" in recorder.statuses)
    assert recorder.events[-1][2].startswith("Không kết nối được máy in")
    assert printer.queued == 1


def test_job_older_than_ten_minutes_is_dropped_and_reported(sim, running):
    clock = [1000.0]
    sim.answering = False
    recorder = Recorder()
    printer = TicketPrinter(printer_settings(url="sim", **FAST), hall_content, report=recorder,
                            monotonic=lambda: clock[0], open_link=lambda *a: SimLink(sim))
    running.append(printer)
    printer.start()
    printer.handle("ticket_issued", issued("1023"))
    assert wait_until(lambda: "offline" in recorder.statuses)
    clock[0] += 599
    printer.handle("ticket_issued", issued("1024", seq=2))
    clock[0] += 2  # 1023 is now 601 s old, 1024 only 2 s
    assert wait_until(lambda: printer.queued == 1)
    assert ("printer", "offline", "Bỏ in phiếu 1023: quá 10 phút chưa in được") \
        in recorder.events
    sim.answering = True
    assert wait_until(lambda: len(sim.tickets) == 1)
    assert wait_until(lambda: printer.last_printed == "1024")


def test_jobs_are_printed_in_issue_order(sim, running):
    sim.set_paper(False)
    printer, _, link = make_printer(sim)
    running.append(printer)
    printer.start()
    for seq, number in enumerate(["1023", "1024", "A001", "1025"], 1):
        printer.handle("ticket_issued", issued(number, seq))
    sim.set_paper(True)
    assert wait_until(lambda: len(sim.tickets) == 4)
    jobs = [w for w in link.writes if len(w) > 100]
    order = [n for job in jobs for n in ["1023", "1024", "A001", "1025"]
             if f"{n}\n".encode() in job]
    assert order == ["1023", "1024", "A001", "1025"]


def test_enrich_supplies_ahead_wait_and_counters_at_print_time(sim, running):
    seen = []

    def enrich(t):
        seen.append(t["number"])
        return ticket_print(t, {**HALL, "ahead": 7, "estimated_wait_min": 20, "counters": [4]})

    link = SimLink(sim)
    printer = TicketPrinter(printer_settings(url="sim", mode="image", **FAST), enrich,
                            open_link=lambda *a: link)
    running.append(printer)
    printer.start()
    printer.handle("ticket_issued", issued("1023"))
    assert wait_until(lambda: len(sim.tickets) == 1)
    assert seen == ["1023"]
    expected = build_job(enrich(ticket("1023")), 576, "image")
    assert expected in link.writes


def test_failing_enrich_falls_back_to_the_payload(sim, running):
    def enrich(t):
        raise RuntimeError("database is down")

    printer = TicketPrinter(printer_settings(url="sim", **FAST), enrich,
                            open_link=lambda *a: SimLink(sim))
    running.append(printer)
    printer.start()
    printer.handle("ticket_issued", issued("1023"))
    assert wait_until(lambda: len(sim.tickets) == 1)


def test_reprint_prints_the_ticket_again(sim, running):
    printer, _, _ = make_printer(sim)
    running.append(printer)
    printer.start()
    printer.handle("ticket_issued", issued("1023"))
    printer.handle("ticket_reprint", {"seq": 2, "ticket": ticket("1023")})
    assert wait_until(lambda: len(sim.tickets) == 2)


def test_other_events_and_malformed_payloads_are_ignored(sim):
    printer, _, _ = make_printer(sim)
    printer.handle("ticket_called", issued("1023"))
    printer.handle("ticket_issued", {"seq": 1})
    printer.handle("ticket_issued", None)
    assert printer.queued == 0


def test_custom_spawn_runs_the_worker_and_stop_returns_within_two_seconds(sim):
    sim.answering = False
    threads = []

    def spawn(fn):
        threads.append(threading.Thread(target=fn, daemon=True))
        threads[-1].start()

    printer = TicketPrinter(printer_settings(url="sim", **{**FAST, "retry_initial_s": 30,
                                                           "retry_max_s": 30}),
                            hall_content, spawn=spawn, open_link=lambda *a: SimLink(sim))
    printer.start()
    printer.handle("ticket_issued", issued("1023"))
    time.sleep(0.2)  # the worker is now in a 30 s backoff
    t0 = time.monotonic()
    printer.stop()
    assert time.monotonic() - t0 < 2.5
    threads[0].join(1)
    assert not threads[0].is_alive()


def test_unknown_mode_is_a_configuration_error():
    with pytest.raises(ValueError, match="mode"):
        printer_settings(mode="braille")


def test_58mm_paper_config_sends_384_dot_rasters(running):
    sim = PrinterSimulator(width_px=384)
    printer, _, link = make_printer(sim, paper_width_mm=58, mode="image")
    running.append(printer)
    printer.start()
    printer.handle("ticket_issued", issued("1023"))
    assert wait_until(lambda: len(sim.tickets) == 1)
    job = max(link.writes, key=len)
    i = job.index(b"\x1dv0")
    assert job[i + 4:i + 6] == bytes([48, 0])  # 48 bytes = 384 dots per row
    assert sim.tickets[0].width == 384


class FakeCursor:
    """store.record.PrintCursor's contract, in memory: the record's print events and how
    far the printer has got."""

    def __init__(self, waiting=(), seq=0):
        self.waiting, self.seq, self.asked = list(waiting), seq, []

    def unprinted(self, max_age_s):
        self.asked.append(max_age_s)
        return [(seq, t, age) for seq, t, age in self.waiting if seq > self.seq and age <= max_age_s]

    def done(self, seq):
        self.seq = max(self.seq, seq)


def cursor_printer(sim, cursor, **config):
    recorder = Recorder()
    printer = TicketPrinter(printer_settings(**{"url": "sim", **FAST, **config}), hall_content,
                            report=recorder, open_link=lambda *a: SimLink(sim), cursor=cursor)
    return printer, recorder


def test_a_starting_printer_first_prints_what_the_record_holds_beyond_its_cursor(sim, running):
    """After a kill -9 (or in the process that now leads the hall): tickets issued while the
    printer was out of paper, and not printed, come out in order — and only once, even when
    the feed hands one of them on again."""
    cursor = FakeCursor([(5, ticket("1023"), 30.0), (7, ticket("1024"), 20.0),
                         (9, ticket("1025"), 10.0)], seq=5)
    printer, _ = cursor_printer(sim, cursor)
    running.append(printer)
    printer.start()
    printer.handle("ticket_issued", {"seq": 9, "ticket": ticket("1025")})    # heard again
    printer.handle("ticket_issued", {"seq": 11, "ticket": ticket("1026")})
    assert wait_until(lambda: len(sim.tickets) == 3)
    time.sleep(0.3)
    assert len(sim.tickets) == 3
    assert cursor.asked == [600.0]                # only tickets still worth printing
    assert wait_until(lambda: cursor.seq == 11)


def test_the_cursor_moves_after_each_printed_ticket_and_past_a_dropped_one(sim, running):
    clock = [1000.0]
    cursor = FakeCursor()
    sim.answering = False
    printer = TicketPrinter(printer_settings(url="sim", **FAST), hall_content,
                            monotonic=lambda: clock[0], open_link=lambda *a: SimLink(sim),
                            cursor=cursor)
    running.append(printer)
    printer.start()
    printer.handle("ticket_issued", issued("1023", seq=3))
    clock[0] += 601                                 # 1023 waited too long: given up on
    printer.handle("ticket_issued", issued("1024", seq=4))
    assert wait_until(lambda: cursor.seq == 3)
    assert printer.queued == 1
    sim.answering = True
    assert wait_until(lambda: len(sim.tickets) == 1)
    assert wait_until(lambda: cursor.seq == 4)


def test_a_recovered_ticket_keeps_its_age_and_is_dropped_when_too_old(sim, running):
    """A ticket recovered 9 min after issue has one minute left, not ten."""
    clock = [1000.0]
    sim.answering = False
    cursor = FakeCursor([(2, ticket("1023"), 540.0)], seq=1)
    printer = TicketPrinter(printer_settings(url="sim", **FAST), hall_content,
                            monotonic=lambda: clock[0], open_link=lambda *a: SimLink(sim),
                            cursor=cursor)
    running.append(printer)
    printer.start()
    assert wait_until(lambda: printer.queued == 1)
    clock[0] += 61
    assert wait_until(lambda: printer.queued == 0)
    assert cursor.seq == 2 and not sim.tickets


def test_a_cursor_that_cannot_be_read_or_moved_never_stops_printing(sim, running):
    class Broken:
        def unprinted(self, max_age_s):
            raise OSError("database is away")

        def done(self, seq):
            raise OSError("database is away")
    printer, _ = cursor_printer(sim, Broken())
    running.append(printer)
    printer.start()
    printer.handle("ticket_issued", issued("1023"))
    assert wait_until(lambda: len(sim.tickets) == 1)


def test_a_printer_that_leads_again_prints_only_what_the_record_says_is_still_unprinted(sim,
                                                                                      running):
    """It queued 1023 and 1024 before it lost the hall; the process that led meanwhile printed
    1023. Leading again, it prints 1024 only."""
    cursor = FakeCursor([(3, ticket("1023"), 5.0), (4, ticket("1024"), 4.0)], seq=0)
    printer, _ = cursor_printer(sim, cursor)
    sim.set_paper(False)
    printer.handle("ticket_issued", {"seq": 3, "ticket": ticket("1023")})
    printer.handle("ticket_issued", {"seq": 4, "ticket": ticket("1024")})
    cursor.done(3)                                # printed by the other process
    sim.set_paper(True)
    running.append(printer)
    printer.start()
    assert wait_until(lambda: len(sim.tickets) == 1)
    time.sleep(0.3)
    assert len(sim.tickets) == 1 and cursor.seq == 4
