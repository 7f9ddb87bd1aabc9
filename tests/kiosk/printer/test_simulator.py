"""The printer simulator: decodes ESC/POS, answers status, writes PNGs (pty and TCP)."""


from PIL import Image

from kiosk.printer.decoder import EscposDecoder, Printed, StatusQuery
from kiosk.printer.job import build_job
from kiosk.printer.layout import native_number_mult
from kiosk.printer.paper import Style, draw_segment
from kiosk.printer.raster import sizes_for
from kiosk.printer.transport import open_link
from tests.kiosk.printer.helpers import find_subimage, print_one, reference_line
from tools.printer_sim import PrinterSimulator


def test_hybrid_ticket_round_trips_through_the_simulator_pty_to_a_png(simulator):
    sim, path = simulator
    print_one(sim, path, mode="hybrid", qr="native")
    files = sorted((sim.out_dir).glob("ticket-*.png"))
    assert [f.name for f in files] == ["ticket-0001.png"]
    page = sim.tickets[0]
    page.save("/tmp/luot_ticket_simulated_hybrid.png")
    big = Style(bold=True, width_mult=6, height_mult=6, align=1)
    assert native_number_mult("1023", 576) == 6
    number = draw_segment("1023", big).convert("1", dither=Image.Dither.NONE)
    assert find_subimage(page, number) is not None
    assert find_subimage(page, reference_line("Số người chờ trước: 3",
                                              sizes_for(576).body)) is not None


def test_decoder_handles_a_stream_split_at_every_byte(sample):
    job = build_job(sample, 576, "hybrid", qr="native")
    whole = EscposDecoder().feed(job)
    decoder, events = EscposDecoder(), []
    for i in range(0, len(job), 7):
        events += decoder.feed(job[i:i + 7])
    assert len(events) == len(whole) == 1
    assert events[0].image.tobytes() == whole[0].image.tobytes()


def test_decoder_reports_status_queries_and_a_cut_per_ticket():
    events = EscposDecoder().feed(b"\x10\x04\x01\x1b@HELLO\n\x1dV\x00\x10\x04\x04"
                                  b"AGAIN\n\x1dVA\x03")
    assert [type(e) for e in events] == [StatusQuery, Printed, StatusQuery, Printed]
    assert [e.n for e in events if isinstance(e, StatusQuery)] == [1, 4]


def test_simulator_answers_status_like_a_printer_out_of_paper():
    sim = PrinterSimulator(paper=False)
    assert sim.receive(b"\x10\x04\x01\x10\x04\x04\x10\x04\x02") == b"\x1a\x72\x32"
    sim.set_paper(True)
    assert sim.receive(b"\x10\x04\x01\x10\x04\x04") == b"\x12\x12"
    sim.answering = False
    assert sim.receive(b"\x10\x04\x01") == b""


def test_ticket_cut_while_out_of_paper_is_lost_not_printed(sample):
    sim = PrinterSimulator(paper=False)
    sim.receive(build_job(sample, 576, "image"))
    assert sim.tickets == [] and sim.lost == 1


def test_simulator_status_over_a_real_pty(simulator):
    sim, path = simulator
    link = open_link(path, timeout=1)
    try:
        link.write(b"\x10\x04\x04")
        assert link.read(1, 2) == b"\x12"
        sim.set_paper(False)
        link.write(b"\x10\x04\x04")
        assert link.read(1, 2) == b"\x72"
    finally:
        link.close()


def test_simulator_on_tcp_prints_a_job_sent_to_tcp_url(tmp_path, sample):
    sim = PrinterSimulator(tmp_path)
    port = sim.start_tcp(0)
    try:
        link = open_link(f"tcp://127.0.0.1:{port}", timeout=2)
        link.write(b"\x10\x04\x01")
        assert link.read(1, 2) == b"\x12"
        link.write(build_job(sample, 576, "image"))
        assert sim.printed.wait(5)
        link.close()
    finally:
        sim.stop()
    assert (tmp_path / "ticket-0001.png").exists()


def test_simulator_command_line_prints_the_pty_path(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    proc = subprocess.Popen([sys.executable, str(root / "tools" / "printer_sim.py"), "--out",
                             str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    try:
        first = proc.stdout.readline()
        assert first.startswith('printer url = "/dev/pts/')
        proc.stdin.write("q\n")
        proc.stdin.flush()
        assert proc.wait(5) == 0
    finally:
        proc.kill()
