"""ESC/POS job bytes: init, GS v 0 raster, QR, native text, cut — byte-exact where it matters."""

import os
import select
import struct

import pytest
import serial

from kiosk.printer.decoder import EscposDecoder, Printed
from kiosk.printer.job import build_job
from kiosk.printer.layout import render_ticket_png
from kiosk.printer.transport import open_link

INIT, CUT = b"\x1b@", b"\x1dV\x00"
FEED_AND_CUT = b"\x1bd\x06" + CUT


def raster_headers(data: bytes) -> list[tuple[int, int, int]]:
    """(mode, width bytes, height) of every GS v 0 command."""
    out, i = [], data.find(b"\x1dv0")
    while i != -1:
        m, wb, h = struct.unpack_from("<BHH", data, i + 3)
        out.append((m, wb, h))
        i = data.find(b"\x1dv0", i + 8 + wb * h)
    return out


def test_image_job_is_init_then_raster_rows_of_72_bytes_then_cut(sample):
    job = build_job(sample, 576, "image")
    assert job.startswith(INIT)
    assert job.endswith(FEED_AND_CUT)
    headers = raster_headers(job)
    assert {wb for _, wb, _ in headers} == {72}
    assert sum(h for _, _, h in headers) == render_ticket_png(sample).height
    assert all(h <= 512 for _, _, h in headers)


def test_58mm_job_rasters_are_48_bytes_wide(sample):
    headers = raster_headers(build_job(sample, 384, "hybrid"))
    assert headers and {wb for _, wb, _ in headers} == {48}


def test_hybrid_job_prints_number_and_time_as_native_ascii(sample):
    job = build_job(sample, 576, "hybrid")
    # GS ! 6x6, bold, centred, code page 0 (ASCII), the number
    assert b"\x1d!\x55\x1bE\x01\x1ba\x01\x1bt\x001023\n" in job
    # GS ! double height, bold, centred, date and time
    assert b"\x1d!\x01\x1bE\x01\x1ba\x0128/11/2026  08:01\n" in job
    assert job.index(b"1023\n") < job.index(b"28/11/2026")


def test_native_qr_mode_stores_and_prints_the_tracking_url(sample):
    job = build_job(sample, 576, "hybrid", qr="native")
    url = sample.tracking_url.encode()
    store = b"\x1d(k" + struct.pack("<H", len(url) + 3) + b"1P0" + url
    assert store in job
    assert b"\x1d(k\x03\x001Q0" in job  # print the stored symbol
    assert b"\x1d(k\x03\x001E1" in job  # error correction M


def test_image_qr_mode_sends_no_gs_k(sample):
    assert b"\x1d(k" not in build_job(sample, 576, "hybrid", qr="image")


def test_unknown_mode_is_refused(sample):
    with pytest.raises(ValueError, match="mode"):
        build_job(sample, 576, "cp1258")


def test_image_job_decodes_back_to_exactly_the_png(sample):
    events = EscposDecoder(576).feed(build_job(sample, 576, "image"))
    assert len(events) == 1 and isinstance(events[0], Printed)
    png = render_ticket_png(sample)
    printed = events[0].image.crop((0, 0, 576, png.height))
    assert printed.tobytes() == png.tobytes()


def test_bytes_written_to_a_pty_contain_init_raster_qr_and_cut(sample):
    master, slave = os.openpty()
    link = open_link(os.ttyname(slave))
    try:
        job = build_job(sample, 576, "hybrid", qr="native")
        received = bytearray()
        link.port.write_timeout = 5
        # read concurrently: a pty buffer is smaller than a ticket
        import threading
        writer = threading.Thread(target=link.write, args=(job,), daemon=True)
        writer.start()
        while len(received) < len(job) and select.select([master], [], [], 2)[0]:
            received += os.read(master, 65536)
        writer.join(2)
    finally:
        link.close()
        os.close(master)
        os.close(slave)
    assert bytes(received) == job
    assert received.startswith(INIT) and received.endswith(FEED_AND_CUT)
    assert raster_headers(bytes(received))[0][1] == 72
    assert b"1P0" + sample.tracking_url.encode() in received


def test_tcp_url_is_a_raw_socket_link():
    with pytest.raises(serial.SerialException):
        open_link("tcp://127.0.0.1:1", timeout=0.5)  # nothing listens on port 1
