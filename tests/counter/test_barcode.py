import os
import threading
import time
import tty

import pytest

from counter.barcode import BarcodeReaders, FakeBarcodeReaders, LineParser, Scan, classify
from counter.keypad import ActionResult

TICKET_ID = "hJ3k9xQ2mP7rT5vW8yZ1aB"


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError(f"condition not met within {timeout} s")


def test_lines_end_with_cr_lf_or_crlf():
    parser = LineParser()
    assert parser.feed(b"AB-1\rCD-2\nEF") == ["AB-1", "CD-2"]
    assert parser.feed(b"-3\r\nGH-4\r") == ["EF-3", "GH-4"]
    assert parser.feed(b"\n") == []


def test_non_utf8_and_control_bytes_are_dropped():
    parser = LineParser()
    assert parser.feed(b"\xff\xfeAB\x00CD\r\nOK-1\r") == ["ABCD", "OK-1"]
    assert parser.feed("Mã số\r".encode()) == ["Mã số"]


def test_overlong_garbage_is_dropped():
    parser = LineParser(max_line=16)
    assert parser.feed(b"x" * 40) == []
    assert parser.feed(b"\rAB-12\r") == ["AB-12"]


def test_aim_symbology_prefix_is_stripped():
    assert LineParser().feed(b"]Q1https://luot.example/t/" + TICKET_ID.encode() + b"\r") == \
        ["https://luot.example/t/" + TICKET_ID]
    assert classify("]C0000.00.12.H56-241128-0001") == \
        Scan("dossier", "000.00.12.H56-241128-0001", "000.00.12.H56-241128-0001")


@pytest.mark.parametrize("text", [
    f"https://luot.example.gov.vn/t/{TICKET_ID}",
    f"http://10.0.0.5:8000/hall/t/{TICKET_ID}/?lang=vi",
    TICKET_ID,
])
def test_ticket_qr_gives_the_ticket_id(text):
    assert classify(text).kind == "ticket"
    assert classify(text).value == TICKET_ID


@pytest.mark.parametrize("code", ["000.00.12.H56-241128-0001", "H56.22-2411", "ABCD",
                                  "12/2024/HS-UBND"])
def test_dossier_codes_are_recognised(code):
    assert classify(code) == Scan("dossier", code, code)


@pytest.mark.parametrize("text", ["abc", "mã hồ sơ 123", "x" * 65, "https://example.com/",
                                  "A B C D"])
def test_anything_else_is_unknown(text):
    assert classify(text).kind == "unknown"
    assert classify(text).value == ""


class FakeReaderPort:
    """A barcode reader on a pty (kept alive by holding the slave open)."""

    def __init__(self, link):
        self.link = link
        self.plug()

    def plug(self):
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        os.symlink(os.ttyname(self.slave), self.link)

    def unplug(self):
        os.unlink(self.link)
        os.close(self.master)
        os.close(self.slave)

    def scan(self, data):
        os.write(self.master, data)


@pytest.fixture
def reader_port(tmp_path):
    port = FakeReaderPort(str(tmp_path / "ttyBARCODE"))
    yield port
    if os.path.lexists(port.link):
        port.unplug()


def test_reader_over_a_pty_reports_scans_and_survives_unplug(reader_port):
    scans, statuses, lock = [], [], threading.Lock()

    def on_scan(counter, scan):
        with lock:
            scans.append((counter, scan.kind, scan.value))
        return ActionResult(True)

    readers = BarcodeReaders({"barcode": [{"url": reader_port.link, "counter": 3}]}, on_scan,
                             lambda device, status, detail: statuses.append((device, status)))
    readers.start()
    try:
        wait_for(lambda: ("barcode-3", "ok") in statuses)
        reader_port.scan(b"]Q1https://luot.example/t/" + TICKET_ID.encode() + b"\r\n")
        reader_port.scan(b"\x00\xff000.00.12.H56-")
        reader_port.scan(b"241128-0001\r")
        wait_for(lambda: len(scans) == 2)
        reader_port.unplug()
        wait_for(lambda: statuses[-1] == ("barcode-3", "offline"))
        reader_port.plug()
        wait_for(lambda: statuses[-1] == ("barcode-3", "ok"))
        reader_port.scan(b"ZZ-9\r")
        wait_for(lambda: len(scans) == 3)
    finally:
        readers.stop()
    assert scans == [(3, "ticket", TICKET_ID), (3, "dossier", "000.00.12.H56-241128-0001"),
                     (3, "dossier", "ZZ-9")]
    assert readers.status()["barcode-3"]["status"] == "ok"


def test_fake_readers_classify_injected_text():
    seen = []
    fake = FakeBarcodeReaders([{"url": "loop://", "counter": 1}],
                              lambda counter, scan: seen.append((counter, scan.kind)))
    fake.scan(1, TICKET_ID)
    assert seen == [(1, "ticket")]
    assert fake.status()["barcode-1"]["status"] == "ok"


def test_reader_config_needs_url_and_counter():
    with pytest.raises(ValueError):
        BarcodeReaders({"barcode": [{"url": "loop://"}]}, lambda c, s: None)
