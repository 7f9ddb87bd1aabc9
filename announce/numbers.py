"""Read numbers and ticket numbers aloud, as word tokens, in Vietnamese and English.

Pure functions, no I/O. Every token is one spoken word, so it maps to one voice clip.
"""
from __future__ import annotations

from dataclasses import dataclass

VI_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
EN_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen")
EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# How Vietnamese speakers name the Latin letters when reading codes aloud.
VI_LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "gi", "K": "ca", "L": "e-lờ", "M": "em-mờ", "N": "en-nờ", "O": "o",
    "P": "pê", "Q": "quy", "R": "e-rờ", "S": "ét-xì", "T": "tê", "U": "u", "V": "vê",
    "W": "vê-kép", "X": "ích-xì", "Y": "i-dài", "Z": "dét",
}
# English letter tokens are the capital letter itself: a reader says its name.
EN_LETTERS = {c: c for c in VI_LETTERS}

REGIONS = {"north": ("linh", "nghìn"), "south": ("lẻ", "ngàn")}
MAX_FULL = 999_999


@dataclass(frozen=True)
class Reading:
    """A spoken reading: word tokens (one clip each) and the joined text."""

    tokens: tuple[str, ...]

    @property
    def text(self) -> str:
        """The tokens joined by spaces."""
        return " ".join(self.tokens)

    def __add__(self, other: "Reading") -> "Reading":
        return Reading(self.tokens + other.tokens)


@dataclass(frozen=True)
class Style:
    """How to read numbers: language, region and the optional variants."""

    lang: str = "vi"
    region: str = "north"          # north: linh + nghìn; south: lẻ + ngàn
    four_after_tens: str = "tư"    # 24 = hai mươi tư (or "bốn")

    def __post_init__(self):
        if self.lang not in ("vi", "en"):
            raise ValueError(f"unsupported language {self.lang!r} (vi|en)")
        if self.region not in REGIONS:
            raise ValueError(f"unknown region {self.region!r} (north|south)")
        if self.four_after_tens not in ("tư", "bốn"):
            raise ValueError(f"four_after_tens must be 'tư' or 'bốn', not {self.four_after_tens!r}")


DEFAULT_STYLE = Style()


def read_number(n: int, style: Style = DEFAULT_STYLE) -> Reading:
    """Read a whole number 0..999999 in full ("hai mươi mốt", "twenty one")."""
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= MAX_FULL:
        raise ValueError(f"can read whole numbers 0..{MAX_FULL} in full, not {n!r}")
    words = _vi_number(n, style) if style.lang == "vi" else _en_number(n)
    return Reading(tuple(words))


def read_digits(digits: str, style: Style = DEFAULT_STYLE) -> Reading:
    """Read a string of digits one by one ("012" -> "không một hai")."""
    if not digits or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"expected a string of digits, not {digits!r}")
    names = VI_DIGITS if style.lang == "vi" else EN_DIGITS
    return Reading(tuple(names[int(d)] for d in digits))


def read_letters(letters: str, style: Style = DEFAULT_STYLE) -> Reading:
    """Read Latin letters by name ("AB" -> "a bê")."""
    names = VI_LETTERS if style.lang == "vi" else EN_LETTERS
    try:
        return Reading(tuple(names[c] for c in letters.upper()))
    except KeyError as exc:
        raise ValueError(f"cannot read letter {exc.args[0]!r} in {letters!r}") from None


def read_ticket(number: str, style: Style = DEFAULT_STYLE, mode: str = "full",
                prefix_mode: str = "digits") -> Reading:
    """Read a ticket number such as "1023" or "A012".

    ``mode`` applies to plain numbers, ``prefix_mode`` to the digits after a letter
    prefix; each is "full" (one thousand...) or "digits" (one by one).
    """
    for name, value in (("mode", mode), ("prefix_mode", prefix_mode)):
        if value not in ("full", "digits"):
            raise ValueError(f"{name} must be 'full' or 'digits', not {value!r}")
    text = number.strip().upper()
    letters = text.rstrip("0123456789")
    digits = text[len(letters):]
    if not digits or (letters and not (letters.isascii() and letters.isalpha())):
        raise ValueError(f"cannot read ticket number {number!r}")
    how = prefix_mode if letters else mode
    if how == "full" and int(digits) <= MAX_FULL:
        spoken = read_number(int(digits), style)
    else:
        spoken = read_digits(digits, style)
    return read_letters(letters, style) + spoken if letters else spoken


def _vi_number(n: int, style: Style) -> list[str]:
    """Vietnamese words for 0..999999."""
    if n < 1000:
        return _vi_below_thousand(n, style, full=False)
    _, thousand_word = REGIONS[style.region]
    high, low = divmod(n, 1000)
    words = _vi_below_thousand(high, style, full=False) + [thousand_word]
    if low:
        words += _vi_below_thousand(low, style, full=True)
    return words


def _vi_below_thousand(n: int, style: Style, full: bool) -> list[str]:
    """0..999; ``full`` says a hundreds digit 0 is read ("không trăm") after a larger unit."""
    hundreds, rest = divmod(n, 100)
    if not hundreds and not full:
        return _vi_below_hundred(rest, style)
    words = [VI_DIGITS[hundreds], "trăm"]
    if rest == 0:
        return words
    if rest < 10:
        odd_word, _ = REGIONS[style.region]
        return words + [odd_word, VI_DIGITS[rest]]
    return words + _vi_below_hundred(rest, style)


def _vi_below_hundred(n: int, style: Style) -> list[str]:
    """0..99 with the unit-word rules (mốt, tư, lăm)."""
    tens, unit = divmod(n, 10)
    if tens == 0:
        return [VI_DIGITS[unit]]
    if tens == 1:
        words = ["mười"]
        if unit:
            words.append("lăm" if unit == 5 else VI_DIGITS[unit])
        return words
    words = [VI_DIGITS[tens], "mươi"]
    if unit:
        special = {1: "mốt", 4: style.four_after_tens, 5: "lăm"}
        words.append(special.get(unit, VI_DIGITS[unit]))
    return words


def _en_number(n: int) -> list[str]:
    """English words for 0..999999 (American style, no "and")."""
    if n == 0:
        return ["zero"]
    high, low = divmod(n, 1000)
    words = (_en_below_thousand(high) + ["thousand"]) if high else []
    return words + (_en_below_thousand(low) if low else [])


def _en_below_thousand(n: int) -> list[str]:
    """1..999 in English words."""
    hundreds, rest = divmod(n, 100)
    words = [EN_DIGITS[hundreds], "hundred"] if hundreds else []
    tens, unit = divmod(rest, 10)
    if tens == 1:
        words.append(EN_TEENS[unit])
    else:
        if tens:
            words.append(EN_TENS[tens])
        if unit:
            words.append(EN_DIGITS[unit])
    return words
