"""A keypad screen says every result in 16 ASCII characters, abbreviated on purpose."""
import re
from pathlib import Path

import pytest

from counter.keypad.messages import ILLEGAL_IN, SCREEN, WIDTH, ascii_line, screen_text
from hall import errors

HALL = Path(__file__).resolve().parents[3] / "hall"


def domain_error_codes():
    """Every error code the hall can raise: the classes' own and each `code="..."`."""
    raised = {code for path in HALL.glob("*.py")
              for code in re.findall(r'code="([a-z_]+)"', path.read_text(encoding="utf-8"))}
    classes = {cls.code for cls in vars(errors).values()
               if isinstance(cls, type) and issubclass(cls, errors.DomainError)}
    return sorted((raised | classes) - {"domain_error", "config_error", "illegal_transition"})


@pytest.mark.parametrize("code", domain_error_codes())
def test_every_domain_error_has_a_deliberate_abbreviation(code):
    assert code in SCREEN


@pytest.mark.parametrize("text", list(SCREEN.values()) + list(ILLEGAL_IN.values()))
def test_every_abbreviation_fits_one_line_of_ascii_capitals(text):
    shown = text.format(subject="K012")
    assert len(shown) <= WIDTH and shown == shown.upper() and shown.isascii()


def test_an_illegal_transition_is_told_by_the_counters_state():
    assert screen_text("illegal_transition", state="paused") == "DANG TAM DUNG"
    assert screen_text("illegal_transition", state="serving") == "BAM XONG TRUOC"
    assert screen_text("illegal_transition", state="called") == "THAO TAC KO DUOC"


def test_a_message_without_an_abbreviation_is_shortened_between_words():
    assert screen_text("new_code", "Không thể gọi lại khi quầy đang chờ gọi số") == "KHONG THE GOI"
    assert ascii_line("Đã gọi số 1023 – quầy 2") == "DA GOI SO 1023 -"
    assert screen_text("new_code", "") == "LOI"


def test_the_subject_of_a_result_goes_into_its_line():
    assert screen_text("called", subject="K012") == "DA GOI K012"
