"""Vietnamese on the printer's own code pages (text mode), sans-I/O: our tables, the encoder
and, for the simulator, the decoder.

Two Vietnamese code pages exist in ESC/POS printers (docs/protocols/printer.md):

- **TCVN-3** (TCVN 5712:1993, "ABC", VN3): one byte per letter. Printers split it over two
  pages, small letters (Epson `ESC t 30`) and capitals (`ESC t 31`) at the same positions;
  the encoder switches pages inside a line when it must.
- **CP1258** (Windows-1258, Epson `ESC t 52`): the base letters ă â ê ô ơ ư đ and some
  Latin-1 letters (á, à, é, ...) precomposed; the five tone marks are combining bytes that
  follow their letter. "composed" uses a precomposed byte where the page has one (á = E1);
  "decomposed" sends every tone mark as its own byte (á = 61 EC) — some printers only stack
  marks well one way.

Vietnamese has 134 letters beyond ASCII (67 small, 67 capital): both tables cover all of
them. ASCII (0x20-0x7E) is the same on every page.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Tone marks, in the order every table below lists them.
TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")   # huyền, hỏi, ngã, sắc, nặng
VOWELS = "aăâeêioôơuưy"
MARKED_BASES = "ăâêôơưđ"
# TCVN-3 small letters: each vowel with its five tones (order of TONES) ...
TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9), "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB), "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6), "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4), "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE), "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9), "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
# ... and the marked base letters. On the capitals page a toned capital sits where its small
# letter sits on the small page; the capital base letters have their own places.
TCVN3_SMALL_BASES = {"ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE}
TCVN3_CAPITAL_BASES = {"Ă": 0xA1, "Â": 0xA2, "Đ": 0xA7, "Ê": 0xAA, "Ô": 0xAB, "Ơ": 0xAC, "Ư": 0xAD}
# CP1258's combining tone marks (order of TONES).
CP1258_TONES = (0xCC, 0xD2, 0xDE, 0xEC, 0xF2)
# Typography the pages do not have, said in ASCII.
PLAIN = {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "\u00a0": " "}
TONE_MARKS = ("composed", "decomposed")
# Epson's ESC t numbers (other printers: see their manual; set code_page_number).
EPSON_PAGES = {"tcvn3": (30, 31), "cp1258": (52,)}


def vietnamese_letters() -> list[str]:
    """The 134 Vietnamese letters beyond ASCII: small ones, then their capitals."""
    small = [unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONES]
    small += list(MARKED_BASES)
    return small + [letter.upper() for letter in small]


def split_tone(letter: str) -> tuple[str, int | None]:
    """A letter as (its base letter, the index of its tone in TONES or None)."""
    parts = unicodedata.normalize("NFD", letter)
    tone = next((i for i, mark in enumerate(TONES) if mark in parts), None)
    base = parts.replace(TONES[tone], "") if tone is not None else parts
    return unicodedata.normalize("NFC", base), tone


@lru_cache(maxsize=None)
def tcvn3_table() -> dict[str, tuple[int, int]]:
    """Every Vietnamese letter -> (0 small page | 1 capitals page, byte)."""
    table = {letter: (0, byte) for letter, byte in TCVN3_SMALL_BASES.items()}
    table.update({letter: (1, byte) for letter, byte in TCVN3_CAPITAL_BASES.items()})
    for vowel, row in TCVN3_TONED.items():
        for tone, byte in zip(TONES, row):
            small = unicodedata.normalize("NFC", vowel + tone)
            table[small], table[small.upper()] = (0, byte), (1, byte)
    return table


@lru_cache(maxsize=None)
def cp1258_table(tone_marks: str = "composed") -> dict[str, bytes]:
    """Every Vietnamese letter -> its CP1258 bytes (one, or base + combining tone mark)."""
    table = {}
    for letter in vietnamese_letters():
        base, tone = split_tone(letter)
        if tone_marks == "composed" and _cp1258(letter):
            table[letter] = _cp1258(letter)
        else:
            table[letter] = _cp1258(base) + (bytes([CP1258_TONES[tone]]) if tone is not None else b"")
    return table


def _cp1258(text: str) -> bytes:
    try:
        return text.encode("cp1258")
    except UnicodeEncodeError:
        return b""


def plain_text(text: str) -> str:
    """NFC text with dashes, curly quotes and the like made ASCII."""
    return "".join(PLAIN.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class CodePage:
    """A Vietnamese code page as one printer numbers it: `pages` are its ESC t numbers
    (TCVN-3: small letters, then capitals; capitals 0 = the printer has no capitals page)."""

    name: str = "cp1258"
    pages: tuple[int, ...] = (52,)
    tone_marks: str = "composed"

    def runs(self, text: str) -> list[tuple[int, bytes]] | None:
        """`text` as (ESC t number, bytes) runs, or None when a character cannot be printed."""
        runs: list[tuple[int, bytearray]] = []
        for ch in plain_text(text):
            coded = self._char(ch)
            if coded is None:
                return None
            page, data = coded
            if page is None:
                page = runs[-1][0] if runs else self.pages[0]
            if not runs or runs[-1][0] != page:
                runs.append((page, bytearray()))
            runs[-1][1].extend(data)
        return [(page, bytes(data)) for page, data in runs]

    def can_print(self, text: str) -> bool:
        """Whether every character of `text` is on this code page."""
        return self.runs(text) is not None

    def _char(self, ch: str) -> tuple[int | None, bytes] | None:
        """(page or None for any page, bytes) of one character; None when not printable.
        Small ASCII letters stay on the first page (a capitals page may show them as capitals)."""
        if 0x20 <= ord(ch) < 0x7F:
            return (self.pages[0] if ch.islower() else None), ch.encode("ascii")
        if self.name == "cp1258":
            data = cp1258_table(self.tone_marks).get(ch)
            return (self.pages[0], data) if data else None
        found = tcvn3_table().get(ch)
        if found is None:
            return None
        half, byte = found
        page = self.pages[half] if half < len(self.pages) else 0
        return (page, bytes([byte])) if page else None


def code_page(name: str, tone_marks: str = "composed", number: int = 0,
              capitals_number: int | None = None) -> CodePage:
    """The CodePage for config values; `number` 0 = Epson's numbering."""
    if name not in EPSON_PAGES:
        raise ValueError(f"code_page must be one of {sorted(EPSON_PAGES)}, not {name!r}")
    if tone_marks not in TONE_MARKS:
        raise ValueError(f"tone_marks must be one of {TONE_MARKS}, not {tone_marks!r}")
    pages = list(EPSON_PAGES[name])
    if number:
        pages[0] = number
    if name == "tcvn3" and capitals_number is not None:
        pages[1] = capitals_number
    return CodePage(name, tuple(pages), tone_marks)


# ---- the printer's side (the simulator) -------------------------------------------------

def decode(kind: str, data: bytes) -> str:
    """Bytes printed on a page of this kind (tcvn3, tcvn3-capitals, or a Python codec name)
    as NFC text; a byte the page does not have is '?'."""
    if kind in ("tcvn3", "tcvn3-capitals"):
        reverse = {byte: letter for letter, (half, byte) in tcvn3_table().items()
                   if half == (kind == "tcvn3-capitals")}
        text = "".join(chr(b) if b < 0x80 else reverse.get(b, "?") for b in data)
    else:
        text = data.decode(kind, "replace").replace("\ufffd", "?")
    return unicodedata.normalize("NFC", text)
