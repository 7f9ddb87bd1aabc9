"""The ticket image: correct Vietnamese, layout content, both paper widths."""

from dataclasses import replace

import pytest
from PIL import ImageChops

from kiosk.printer.layout import render_ticket_png
from kiosk.printer.raster import qr_image, qr_module_px, sizes_for
from kiosk.printer.ticket import ticket_print
from tests.kiosk.printer.helpers import INFO, TICKET, find_subimage, reference_line, ticket


def contains_line(img, text, size, bold=False):
    return find_subimage(img, reference_line(text, size, bold)) is not None


def test_ticket_png_is_one_bit_and_as_wide_as_80mm_paper(sample):
    img = render_ticket_png(sample)
    assert img.mode == "1"
    assert img.width == 576
    assert 500 < img.height < 1400
    img.save("/tmp/luot_ticket_80mm.png")


def test_vietnamese_lines_match_the_font_pixel_for_pixel(sample):
    img = render_ticket_png(sample)
    z = sizes_for(576)
    assert contains_line(img, "Số người chờ trước: 3", z.body)
    assert contains_line(img, "Thời gian chờ dự kiến: khoảng 15 phút", z.body)
    assert contains_line(img, "Quầy phục vụ: 2, 3", z.body)
    assert contains_line(img, "SỐ THỨ TỰ", z.title, bold=True)
    assert contains_line(img, "Đất đai", z.area, bold=True)
    assert contains_line(img, "28/11/2026 – 08:01 – Buổi sáng", z.body)


def test_line_search_fails_on_missing_diacritics_or_wrong_number(sample):
    img = render_ticket_png(sample)
    z = sizes_for(576)
    assert not contains_line(img, "So nguoi cho truoc: 3", z.body)
    assert not contains_line(img, "Số người chờ trước: 4", z.body)


def test_priority_label_is_printed_white_on_black(sample):
    img = render_ticket_png(sample)
    line = reference_line("Ưu tiên – Người cao tuổi", sizes_for(576).body, bold=True)
    inverted = ImageChops.invert(line)
    assert find_subimage(img.convert("L"), inverted) is not None


def test_normal_ticket_has_no_priority_and_unknown_wait_is_left_out():
    t = ticket_print(ticket(priority=None, priority_label=None), {**INFO,
                                                                 "estimated_wait_min": None})
    img = render_ticket_png(t)
    z = sizes_for(576)
    assert contains_line(img, "Số người chờ trước: 3", z.body)
    assert not contains_line(img, "Thời gian chờ dự kiến:", z.body)
    assert find_subimage(img.convert("L"), ImageChops.invert(
        reference_line("Ưu tiên", z.body, bold=True))) is None


def test_afternoon_session_is_named_from_the_session_id():
    t = ticket_print(ticket(issued_at="2026-11-28T14:30:00.000+07:00", session="afternoon"), INFO)
    assert contains_line(render_ticket_png(t), "28/11/2026 – 14:30 – Buổi chiều",
                         sizes_for(576).body)


def test_qr_code_to_the_tracking_url_is_in_the_image(sample):
    assert sample.tracking_url == "http://192.168.1.10/t/" + TICKET["id"]
    module = qr_module_px(sample.tracking_url, sizes_for(576).qr_px)
    assert module >= 4
    qr = qr_image(sample.tracking_url, module, quiet=0)
    assert find_subimage(render_ticket_png(sample), qr.convert("1")) is not None


def test_58mm_ticket_is_384_dots_wide_with_everything_inside(sample):
    img = render_ticket_png(sample, 384)
    img.save("/tmp/luot_ticket_58mm.png")
    z = sizes_for(384)
    assert img.width == 384
    assert contains_line(img, "Số người chờ trước: 3", z.body)
    assert contains_line(img, "Trung tâm Phục vụ hành chính công", z.centre, bold=True)


@pytest.mark.parametrize("number", ["1023", "A012", "99999"])
def test_big_number_is_the_largest_text_and_fits(number, sample):
    img = render_ticket_png(replace(sample, number=number), 384)
    inv = ImageChops.invert(img.convert("L"))
    # the number rows: the tallest run of rows with ink in the image
    rows = [inv.crop((0, y, img.width, y + 1)).getbbox() is not None for y in range(img.height)]
    runs, run = [], 0
    for has_ink in rows + [False]:
        run = run + 1 if has_ink else (runs.append(run) or 0)
    assert max(runs) >= 60


def test_long_centre_name_wraps_instead_of_overflowing(sample):
    long = replace(sample, centre_name="Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa " * 2)
    img = render_ticket_png(long)
    assert img.width == 576 and img.height > render_ticket_png(sample).height
