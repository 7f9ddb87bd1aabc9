"""Text mode: a ticket in the printer's own Vietnamese font, a few hundred bytes, that the
simulator prints back as the same Vietnamese."""
import pytest
from PIL import ImageOps

from kiosk.printer.codepages import code_page
from kiosk.printer.decoder import EscposDecoder
from kiosk.printer.job import build_job
from kiosk.printer.paper import Style, draw_segment
from kiosk.printer.layout import RasterBlock, TextBlock
from kiosk.printer.text_layout import text_blocks, wrap_columns
from tests.kiosk.printer.helpers import find_subimage, print_one, printer_settings
from tests.kiosk.printer.test_job import FEED_AND_CUT, INIT, raster_headers
from tools.printer_sim import PrinterSimulator, parse_args

CODE_PAGES = {"cp1258": code_page("cp1258"), "cp1258-decomposed": code_page("cp1258", "decomposed"),
              "tcvn3": code_page("tcvn3")}


def printed_line(text, **style):
    """The line as the printer's font draws it, cropped to its ink."""
    line = draw_segment(text, Style(align=1, **style)).point(lambda v: 255 if v >= 128 else 0)
    return line.crop(ImageOps.invert(line).getbbox())


def printed(job, width=576, pages=None):
    [event] = EscposDecoder(width, pages).feed(job)
    return event.image


@pytest.mark.parametrize("name", CODE_PAGES)
def test_a_text_ticket_with_a_native_qr_is_a_few_hundred_bytes_without_any_raster(sample, name):
    job = build_job(sample, 576, "text", "native", CODE_PAGES[name])
    assert job.startswith(INIT) and job.endswith(FEED_AND_CUT)
    assert len(job) < 800 and raster_headers(job) == []
    assert len(job) * 10 / 9600 < 1.0                 # seconds on a 9600-baud line


def test_text_lines_go_out_on_the_code_page_with_their_style(sample):
    job = build_job(sample, 576, "text", "native", code_page("cp1258"))
    assert b"\x1bt\x34" in job                                         # ESC t 52: CP1258
    assert b"S\xf4\xec ng\xfd\xf5\xcci ch\xf5\xcc tr\xfd\xf5\xecc: 3\n" in job
    assert b"\x1d!\x11\x1bE\x01S\xd4\xec TH\xdd\xec T\xdd\xf2\n" in job  # 2x2 bold title
    assert b"\x1d!\x55" + b"1023\n" in job                             # the big number
    assert job.count(b"\x1bt\x34") == 2        # chosen once, and again after the QR's ESC t 0


@pytest.mark.parametrize("name", CODE_PAGES)
def test_the_simulator_prints_the_vietnamese_back(sample, name, artifacts):
    page = printed(build_job(sample, 576, "text", "native", CODE_PAGES[name]))
    page.save(artifacts / f"ticket-text-{name}.png")
    for line in ("Số người chờ trước: 3", "Quầy phục vụ: 2, 3", "Buổi sáng"):
        assert find_subimage(page, printed_line(line)) is not None, line
    assert find_subimage(page, printed_line("SỐ THỨ TỰ", bold=True, width_mult=2, height_mult=2))
    assert find_subimage(page, printed_line("So nguoi cho truoc: 3")) is None


def test_what_the_code_page_cannot_print_is_a_raster_and_nothing_else(sample):
    no_capitals = code_page("tcvn3", capitals_number=0)
    blocks = text_blocks(sample, 576, no_capitals, "native")
    rasters = [b for b in blocks if isinstance(b, RasterBlock)]
    assert len(rasters) == 4          # centre name (Đình), SỐ THỨ TỰ, Đất đai, Ưu tiên
    assert all(no_capitals.can_print(b.text) for b in blocks if isinstance(b, TextBlock))


def test_a_raster_qr_is_only_as_wide_as_the_code(sample):
    job = build_job(sample, 576, "text", "image", code_page("cp1258"))
    [(_, width_bytes, height)] = raster_headers(job)
    assert width_bytes < 30 and 4_000 < len(job) < 6_000


def test_lines_wrap_on_the_character_grid():
    assert wrap_columns("Vui lòng giữ phiếu và chờ đến lượt", 16) == \
        ["Vui lòng giữ", "phiếu và chờ đến", "lượt"]
    assert wrap_columns("x" * 20, 8) == ["x" * 8, "x" * 8, "x" * 4]


def test_the_print_queue_sends_a_text_ticket_the_simulator_prints(simulator):
    sim, path = simulator
    print_one(sim, path, mode="text", code_page="tcvn3", qr="native")
    assert sim.received < 800
    assert find_subimage(sim.tickets[0], printed_line("Số người chờ trước: 3")) is not None


def test_a_printer_with_other_page_numbers_is_configured_and_simulated(sample):
    job = build_job(sample, 576, "text", "native", code_page("cp1258", number=27))
    assert b"\x1bt\x1b" in job
    pages = dict(parse_args(["--page", "27=cp1258"]).page)
    assert find_subimage(printed(job, pages=pages), printed_line("Buổi sáng")) is not None


@pytest.mark.parametrize("table", [{"mode": "text", "code_page": "viscii"},
                                   {"mode": "text", "tone_marks": "stacked"},
                                   {"code_page_number": "52"}])
def test_wrong_text_mode_settings_are_refused(table):
    with pytest.raises(ValueError):
        printer_settings(**table)


def test_text_mode_settings_default_to_cp1258_composed_with_epsons_numbers():
    settings = printer_settings(mode="text")
    assert settings.text_code_page == code_page("cp1258")
    assert printer_settings(mode="text", code_page="tcvn3").text_code_page.pages == (30, 31)
    assert PrinterSimulator().decoder.pages[52] == "cp1258"
