"""Vietnamese and English number reading, against a table written from the rules."""
import pytest

from announce.catalog import word_clip_id
from announce.numbers import (Style, read_digits, read_letters, read_number, read_ticket)

NORTH = Style("vi", "north")
SOUTH = Style("vi", "south")
EN = Style("en")

# (number, northern reading); the southern reading swaps linh -> lẻ and nghìn -> ngàn.
TABLE = [
    # 0..10
    (0, "không"), (1, "một"), (2, "hai"), (3, "ba"), (4, "bốn"), (5, "năm"), (6, "sáu"),
    (7, "bảy"), (8, "tám"), (9, "chín"), (10, "mười"),
    # teens: một, bốn, năm after mười are lăm only for 5
    (11, "mười một"), (12, "mười hai"), (14, "mười bốn"), (15, "mười lăm"),
    (17, "mười bảy"), (19, "mười chín"),
    # tens with x1 (mốt), x4 (tư), x5 (lăm)
    (20, "hai mươi"), (21, "hai mươi mốt"), (22, "hai mươi hai"), (24, "hai mươi tư"),
    (25, "hai mươi lăm"), (31, "ba mươi mốt"), (34, "ba mươi tư"), (45, "bốn mươi lăm"),
    (50, "năm mươi"), (55, "năm mươi lăm"), (61, "sáu mươi mốt"), (94, "chín mươi tư"),
    (99, "chín mươi chín"),
    # hundreds, with linh before a single digit
    (100, "một trăm"), (101, "một trăm linh một"), (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"), (110, "một trăm mười"), (111, "một trăm mười một"),
    (115, "một trăm mười lăm"), (121, "một trăm hai mươi mốt"), (124, "một trăm hai mươi tư"),
    (205, "hai trăm linh năm"), (310, "ba trăm mười"), (500, "năm trăm"),
    (999, "chín trăm chín mươi chín"),
    # thousands, with không trăm when the hundreds digit is 0
    (1000, "một nghìn"), (1001, "một nghìn không trăm linh một"),
    (1005, "một nghìn không trăm linh năm"), (1010, "một nghìn không trăm mười"),
    (1015, "một nghìn không trăm mười lăm"), (1021, "một nghìn không trăm hai mươi mốt"),
    (1023, "một nghìn không trăm hai mươi ba"), (1100, "một nghìn một trăm"),
    (1105, "một nghìn một trăm linh năm"), (1234, "một nghìn hai trăm ba mươi tư"),
    (2000, "hai nghìn"), (2025, "hai nghìn không trăm hai mươi lăm"),
    (5555, "năm nghìn năm trăm năm mươi lăm"), (9999, "chín nghìn chín trăm chín mươi chín"),
    # beyond four digits
    (10000, "mười nghìn"), (21000, "hai mươi mốt nghìn"),
    (15005, "mười lăm nghìn không trăm linh năm"),
    (105000, "một trăm linh năm nghìn"),
]


def south(text):
    return " ".join({"linh": "lẻ", "nghìn": "ngàn"}.get(w, w) for w in text.split())


@pytest.mark.parametrize("n,text", TABLE)
def test_northern_reading_matches_the_table(n, text):
    assert read_number(n, NORTH).text == text


@pytest.mark.parametrize("n,text", TABLE)
def test_southern_reading_says_le_and_ngan(n, text):
    assert read_number(n, SOUTH).text == south(text)


def test_examples_from_the_issue_read_as_given():
    assert read_number(105, SOUTH).text == "một trăm lẻ năm"
    assert read_number(1015, SOUTH).text == "một ngàn không trăm mười lăm"
    assert read_number(24).text == "hai mươi tư"


def test_four_after_tens_can_be_bon():
    style = Style("vi", "north", four_after_tens="bốn")
    assert read_number(34, style).text == "ba mươi bốn"
    assert read_number(14, style).text == "mười bốn"


def test_tokens_are_single_words_and_text_joins_them():
    reading = read_number(1015)
    assert reading.tokens == ("một", "nghìn", "không", "trăm", "mười", "lăm")
    assert reading.text == " ".join(reading.tokens)


@pytest.mark.parametrize("style", [NORTH, SOUTH, EN], ids=["north", "south", "en"])
def test_every_number_to_9999_maps_to_clips(style):
    for n in range(10000):
        for token in read_number(n, style).tokens:
            word_clip_id(style.lang, token)


def test_rule_invariants_hold_for_every_number_to_9999():
    for n in range(10000):
        words = read_number(n, NORTH).tokens
        assert "lẻ" not in words and "ngàn" not in words
        for i, w in enumerate(words):
            if w in ("mốt", "tư"):
                assert words[i - 1] == "mươi", n
            if w == "lăm":
                assert words[i - 1] in ("mười", "mươi"), n
            if w == "linh":
                assert words[i - 1] == "trăm" and i == len(words) - 2, n
        if n >= 1000 and n % 1000:
            assert words[2:4][1] == "trăm", n          # "không trăm" is never dropped
        assert (words[-1] == "không") == (n == 0), n


def test_south_region_never_says_linh_or_nghin():
    for n in range(10000):
        words = read_number(n, SOUTH).tokens
        assert "linh" not in words and "nghìn" not in words


@pytest.mark.parametrize("digits,text", [
    ("0", "không"), ("012", "không một hai"), ("1023", "một không hai ba"),
    ("4515", "bốn năm một năm"),
])
def test_digit_mode_reads_each_digit_plainly(digits, text):
    assert read_digits(digits).text == text


@pytest.mark.parametrize("number,mode,prefix_mode,text", [
    ("1023", "full", "digits", "một nghìn không trăm hai mươi ba"),
    ("1023", "digits", "digits", "một không hai ba"),
    ("A012", "full", "digits", "a không một hai"),
    ("A012", "full", "full", "a mười hai"),
    ("a005", "digits", "full", "a năm"),
    ("B105", "full", "full", "bê một trăm linh năm"),
    ("L021", "full", "digits", "e-lờ không hai một"),
    ("AB7", "full", "digits", "a bê bảy"),
    ("0015", "full", "digits", "mười lăm"),
])
def test_ticket_numbers_read_with_prefix_and_mode(number, mode, prefix_mode, text):
    assert read_ticket(number, NORTH, mode, prefix_mode).text == text


def test_every_letter_has_a_vietnamese_name_and_a_clip():
    reading = read_letters("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert len(set(reading.tokens)) == 26
    for token in reading.tokens:
        word_clip_id("vi", token)


@pytest.mark.parametrize("n,text", [
    (0, "zero"), (7, "seven"), (10, "ten"), (13, "thirteen"), (20, "twenty"),
    (21, "twenty one"), (99, "ninety nine"), (100, "one hundred"), (105, "one hundred five"),
    (1000, "one thousand"), (1015, "one thousand fifteen"),
    (1023, "one thousand twenty three"), (2000, "two thousand"),
    (9999, "nine thousand nine hundred ninety nine"),
])
def test_english_reading(n, text):
    assert read_number(n, EN).text == text


def test_english_ticket_reads_letter_then_digits():
    assert read_ticket("A012", EN).text == "A zero one two"
    assert read_ticket("1023", EN, mode="digits").text == "one zero two three"


@pytest.mark.parametrize("bad", [-1, 1_000_000, 1.5, True, "12"])
def test_numbers_out_of_range_are_refused(bad):
    with pytest.raises(ValueError):
        read_number(bad)


@pytest.mark.parametrize("bad", ["", "A", "12A", "Ă12", "1-2"])
def test_unreadable_ticket_numbers_are_refused(bad):
    with pytest.raises(ValueError):
        read_ticket(bad)


def test_long_digit_strings_fall_back_to_digit_reading():
    assert read_ticket("1234567").text == "một hai ba bốn năm sáu bảy"


def test_bad_style_is_refused():
    with pytest.raises(ValueError):
        Style("vi", "central")
    with pytest.raises(ValueError):
        Style("fr")
