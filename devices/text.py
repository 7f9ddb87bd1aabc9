"""Vietnamese text for devices that show plain ASCII (LED boards, keypad screens)."""
from __future__ import annotations

import unicodedata

_SPECIAL = {"đ": "d", "Đ": "D", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"'}


def strip_marks(text: str) -> str:
    """Vietnamese without its marks: tone and vowel marks dropped, đ -> d, dashes and quotes
    made ASCII ("Chưa có cán bộ – Đất đai" -> "Chua co can bo - Dat dai")."""
    text = "".join(_SPECIAL.get(ch, ch) for ch in str(text))
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def fit_words(text: str, width: int) -> str:
    """`text` on `width` characters, shortened at a word boundary, never cut mid-word
    (a single word longer than `width` is the only thing ever cut)."""
    words, line = text.split(), ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) > width:
            break
        line = candidate
    return line or (words[0][:width] if words else "")
