"""Vietnamese on the printer's code pages: our TCVN-3 and CP1258 tables, byte for byte."""
import json
import unicodedata
from pathlib import Path

import escpos
import pytest

from kiosk.printer.codepages import (CodePage, code_page, cp1258_table, decode, tcvn3_table,
                                     vietnamese_letters)

H = bytes.fromhex


def test_vietnamese_has_134_letters_beyond_ascii_and_both_tables_cover_them():
    letters = vietnamese_letters()
    assert len(letters) == len(set(letters)) == 134
    assert set(tcvn3_table()) == set(cp1258_table()) == set(cp1258_table("decomposed")) == set(letters)


def escpos_db_table(name):
    """An independent source: the TCVN-3 pages of python-escpos's printer database."""
    data = json.loads((Path(escpos.__file__).parent / "capabilities.json").read_text())
    rows = data["encodings"][name]["data"]
    return {("Đ" if ch == "Ð" else ch): 0x80 + 16 * r + c
            for r, row in enumerate(rows) for c, ch in enumerate(row) if ch != " "}


def test_our_tcvn3_table_agrees_with_the_escpos_printer_database_for_every_letter():
    pages = (escpos_db_table("TCVN-3-1"), escpos_db_table("TCVN-3-2"))
    assert {letter: pages[half][letter] for letter, (half, _) in tcvn3_table().items()} == \
        {letter: byte for letter, (_, byte) in tcvn3_table().items()}


@pytest.mark.parametrize("text, runs", [
    ("Số thứ tự", [(30, H("53 e8 20 74 68 f8 20 74 f9"))]),
    ("Đất đai", [(31, H("a7")), (30, H("ca 74 20 ae 61 69"))]),
    ("SỐ THỨ TỰ", [(30, b"S"), (31, H("e8 20 54 48 f8 20 54 f9"))]),
    ("Ưu tiên – Người cao tuổi", [(31, H("ad")), (30, b"u ti" + H("aa") + b"n - Ng"
                                                 + H("ad ea") + b"i cao tu" + H("e6") + b"i")]),
])
def test_tcvn3_text_is_small_letters_on_page_30_and_capitals_on_page_31(text, runs):
    assert code_page("tcvn3").runs(text) == runs


@pytest.mark.parametrize("text, composed, decomposed", [
    ("Số thứ tự", "53 f4 ec 20 74 68 fd ec 20 74 fd f2", "53 f4 ec 20 74 68 fd ec 20 74 fd f2"),
    ("Đất đai", "d0 e2 ec 74 20 f0 61 69", "d0 e2 ec 74 20 f0 61 69"),
    ("Bá Ngà", "42 e1 20 4e 67 e0", "42 61 ec 20 4e 67 61 cc"),
    ("Hỏi ngã nặng", "48 6f d2 69 20 6e 67 61 de 20 6e e3 f2 6e 67",
     "48 6f d2 69 20 6e 67 61 de 20 6e e3 f2 6e 67"),
    ("Ý Ì Ò Ó", "59 ec 20 49 cc 20 4f cc 20 d3", "59 ec 20 49 cc 20 4f cc 20 4f ec"),
])
def test_cp1258_composed_uses_its_precomposed_letters_and_decomposed_never(text, composed, decomposed):
    assert code_page("cp1258").runs(text) == [(52, H(composed))]
    assert code_page("cp1258", "decomposed").runs(text) == [(52, H(decomposed))]


@pytest.mark.parametrize("page", [code_page("tcvn3"), code_page("cp1258"),
                                  code_page("cp1258", "decomposed")])
def test_every_letter_prints_and_reads_back_as_itself(page):
    kinds = {30: "tcvn3", 31: "tcvn3-capitals", 52: "cp1258"}
    for letter in vietnamese_letters():
        assert "".join(decode(kinds[n], data) for n, data in page.runs(letter)) == letter


def test_what_a_page_does_not_have_is_refused_and_dashes_become_ascii():
    assert code_page("tcvn3", capitals_number=0).runs("SỐ") is None
    assert code_page("tcvn3", capitals_number=0).runs("Số") == [(30, H("53 e8"))]
    assert CodePage().runs("日本") is None
    assert CodePage().runs("A – “B”") == [(52, b'A - "B"')]
    assert CodePage().runs(unicodedata.normalize("NFD", "Số")) == [(52, H("53 f4 ec"))]


def test_the_printers_own_numbers_can_be_configured():
    assert code_page("cp1258", number=27).pages == (27,)
    assert code_page("tcvn3", number=40, capitals_number=41).pages == (40, 41)
    with pytest.raises(ValueError, match="code_page"):
        code_page("viscii")
    with pytest.raises(ValueError, match="tone_marks"):
        code_page("cp1258", "stacked")
