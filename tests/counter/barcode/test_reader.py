"""The reader adapter over a pseudo-terminal, its fake and its [[barcode]] settings."""
import os
import threading
import time
import tty

import pytest

from counter.barcode import BarcodeReaders, FakeBarcodeReaders, parse_readers
from devices.adapter import ActionResult

from .test_scan import TICKET_ID


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError(f"condition not met within {timeout} s")


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

    readers = BarcodeReaders(parse_readers([{"url": reader_port.link, "counter": 3}]), on_scan,
                             lambda status: statuses.append((status.id, status.status)))
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
    assert [(s.id, s.status) for s in readers.health()] == [("barcode-3", "ok")]


def test_fake_readers_classify_injected_text():
    seen = []
    fake = FakeBarcodeReaders(parse_readers([{"url": "loop://", "counter": 1}]),
                              lambda counter, scan: seen.append((counter, scan.kind)))
    fake.start()
    fake.scan(1, TICKET_ID)
    assert seen == [(1, "ticket")]
    assert [(s.id, s.status) for s in fake.health()] == [("barcode-1", "ok")]


def test_reader_config_needs_url_and_counter():
    with pytest.raises(ValueError, match="counter"):
        parse_readers({"barcode": [{"url": "loop://"}]})
    with pytest.raises(ValueError, match="url"):
        parse_readers([{"counter": 1}])
