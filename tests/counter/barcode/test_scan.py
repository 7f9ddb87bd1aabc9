"""What a barcode reader sends: lines, AIM prefixes, tickets, dossier codes, garbage."""
import pytest

from counter.barcode import LineParser, Scan, classify

TICKET_ID = "hJ3k9xQ2mP7rT5vW8yZ1aB"


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


def test_a_tracking_url_is_read_whatever_the_case_of_its_scheme_but_the_id_keeps_its_case():
    assert classify(f"HTTPS://luot.example/t/{TICKET_ID}").value == TICKET_ID
    assert classify(TICKET_ID.lower()).kind != "ticket"      # ids have both cases: not an id


@pytest.mark.parametrize("text, number", [("1023", "1023"), ("K012", "K012"), ("k012", "K012"),
                                          ("AB12", "AB12"), ("7", "7")])
def test_a_printed_ticket_number_is_a_number_upper_cased(text, number):
    assert classify(text) == Scan("number", number, text)


@pytest.mark.parametrize("code", ["000.00.12.H56-241128-0001", "H56.22-2411", "ABCD",
                                  "12/2024/HS-UBND"])
def test_dossier_codes_are_recognised(code):
    assert classify(code) == Scan("dossier", code, code)


@pytest.mark.parametrize("text", ["abc", "mã hồ sơ 123", "x" * 65, "https://example.com/",
                                  "A B C D"])
def test_anything_else_is_unknown(text):
    assert classify(text).kind == "unknown"
    assert classify(text).value == ""
