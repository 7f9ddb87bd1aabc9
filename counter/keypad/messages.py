"""What a keypad's 16-character ASCII screen says about a key or scan result.

Vietnamese messages do not fit 2 x 16 ASCII characters, and cutting them mid-word helps no
one: every result code the hall or a device gives has a deliberate abbreviation here
(docs/protocols/keypad.md lists them). A message without one is shortened at a word
boundary, never cut mid-word.
"""
from __future__ import annotations

from devices.text import fit_words, strip_marks

WIDTH = 16

SCREEN = {
    # results the keypad, the scanner or the acting clerk give
    "no_clerk": "CHUA CO CAN BO",
    "queue_empty": "KHONG CO AI CHO",
    "called": "DA GOI {subject}",
    "dossier_attached": "DA GAN HO SO",
    "rated": "CAM ON QUY KHACH",
    "unsupported_key": "PHIM KO HO TRO",
    "spare_key": "PHIM CHUA DUNG",
    "unknown_code": "MA KHONG HOP LE",
    "system_error": "LOI HE THONG",
    # the hall's domain errors (hall/errors.py and the codes its commands raise)
    "unknown_area": "SAI SO LINH VUC",
    "same_area": "DA O LINH VUC DO",
    "unknown_ticket": "KO TIM THAY SO",
    "not_eligible": "SO KHAC LINH VUC",
    "tolerance_passed": "QUA HAN GOI LAI",
    "no_no_show": "KHONG CO SO VANG",
    "nothing_to_undo": "KO CON HOAN TAC",
    "already_called": "SO DA DUOC GOI",
    "invalid_dossier": "MA HO SO SAI",
    "counter_taken": "QUAY DA CO NGUOI",
    "not_holder": "KHONG GIU QUAY",
    "busy": "BAN, THU LAI",
    "area_closed": "LINH VUC DA DONG",
    "unknown_action": "PHIM KO HO TRO",
    "invalid_input": "DU LIEU SAI",
    "missing_field": "DU LIEU SAI",
    "invalid_field": "DU LIEU SAI",
    "unauthorized": "KHONG DUOC PHEP",
    "forbidden": "KHONG DUOC PHEP",
    "forbidden_counter": "KHONG DUOC PHEP",
    "nothing_to_rate": "CHUA CO LUOT PV",
    "already_rated": "DA DANH GIA ROI",
    "not_invited": "KO CON MOI DG",
    "rate_limited": "QUA NHANH, CHO",
    "rating_closed": "HET HAN DANH GIA",
    "not_served": "CHUA PHUC VU",
    "invalid_level": "MUC KO HOP LE",
    "invalid_reason": "LY DO KO HOP LE",
    "invalid_source": "DU LIEU SAI",
    "reason_required": "CAN LY DO",
    "reason_too_long": "LY DO QUA DAI",
    "unknown_counter": "SAI SO QUAY",
    "unknown_priority": "SAI LOAI UU TIEN",
    "counter_unavailable": "QUAY KO SAN SANG",
    "not_found": "KHONG TIM THAY",
}
# An illegal transition is told by the state the counter is in.
ILLEGAL_IN = {
    "paused": "DANG TAM DUNG",       # press Resume first
    "closed": "QUAY DANG DONG",
    "idle": "CHUA GOI SO NAO",       # recall, done, no-show... with no current ticket
    "serving": "BAM XONG TRUOC",     # pause or close while serving: press Done first
}
ILLEGAL = "THAO TAC KO DUOC"
FAILED = "LOI"


def screen_text(code: str, message: str = "", subject: str = "", state: str = "") -> str:
    """The screen line for a result: its abbreviation, else the message shortened at a word."""
    if code == "illegal_transition":
        return ILLEGAL_IN.get(state, ILLEGAL)
    if code in SCREEN:
        return ascii_line(SCREEN[code].format(subject=strip_marks(subject)))
    return ascii_line(message) or FAILED


def ascii_line(text: str) -> str:
    """Text for one screen line: ASCII capitals, at most 16 characters, whole words."""
    plain = "".join(ch if 32 <= ord(ch) < 127 else "?" for ch in strip_marks(text).upper())
    return fit_words(plain, WIDTH)
