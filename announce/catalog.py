"""The clip catalogue: which clips a voice pack holds, their ids (file names) and texts.

Clip ids are ASCII (safe file names everywhere); the spoken text is kept alongside.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from announce import numbers

CHIME = "chime"

# Vietnamese number words. The id is the unaccented word; the tone is added where two
# words would otherwise share an id (một/mốt, mười/mươi).
VI_WORDS = {
    "không": "vi-khong", "một": "vi-mot", "mốt": "vi-mot-sac", "hai": "vi-hai",
    "ba": "vi-ba", "bốn": "vi-bon", "tư": "vi-tu", "năm": "vi-nam", "lăm": "vi-lam",
    "sáu": "vi-sau", "bảy": "vi-bay", "tám": "vi-tam", "chín": "vi-chin",
    "mười": "vi-muoi-huyen", "mươi": "vi-muoi", "trăm": "vi-tram", "nghìn": "vi-nghin",
    "ngàn": "vi-ngan", "linh": "vi-linh", "lẻ": "vi-le",
}
EN_WORDS = {w: f"en-{w}" for w in (*numbers.EN_DIGITS, *numbers.EN_TEENS,
                                   *filter(None, numbers.EN_TENS), "hundred", "thousand")}


@dataclass(frozen=True)
class Clip:
    """One entry of the catalogue."""

    id: str
    lang: str          # "vi", "en", or "" for the chime
    text: str          # what is spoken (sent to the synthesiser)
    kind: str          # "chime" | "word" | "letter" | "phrase"


def fold(text: str) -> str:
    """Strip Vietnamese diacritics: "Mời công dân" -> "Moi cong dan"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_phrase(text: str) -> str:
    """Canonical phrase text: NFC, lower case, single spaces, no edge punctuation."""
    text = unicodedata.normalize("NFC", text).lower()
    text = " ".join(text.split())
    return text.strip(" .,;:!?…-–")


def phrase_id(lang: str, text: str) -> str:
    """The clip id of a phrase: "vi-p-moi-cong-dan-co-so-thu-tu"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(normalise_phrase(text))).strip("-")
    if not slug:
        raise ValueError(f"phrase {text!r} has nothing to say")
    return f"{lang}-p-{slug}"


def word_clip_id(lang: str, token: str) -> str:
    """The clip id of a number word or letter token from ``announce.numbers``."""
    table = _word_table(lang)
    try:
        return table[token]
    except KeyError:
        raise KeyError(f"no clip for {lang} word {token!r}") from None


def word_clips(lang: str) -> list[Clip]:
    """Every number-word and letter clip of ``lang``."""
    words = VI_WORDS if lang == "vi" else EN_WORDS
    letters = numbers.VI_LETTERS if lang == "vi" else numbers.EN_LETTERS
    clips = [Clip(cid, lang, word, "word") for word, cid in words.items()]
    clips += [Clip(f"{lang}-letter-{c.lower()}", lang, name, "letter")
              for c, name in letters.items()]
    return clips


def build_catalog(languages: list[str], phrases: dict[str, list[str]]) -> dict[str, Clip]:
    """The full catalogue: chime, words and letters per language, and the given phrases."""
    catalog = {CHIME: Clip(CHIME, "", "", "chime")}
    for lang in languages:
        if lang not in ("vi", "en"):
            raise ValueError(f"unsupported language {lang!r} (vi|en)")
        catalog.update((c.id, c) for c in word_clips(lang))
    for lang, texts in phrases.items():
        for text in texts:
            clip = Clip(phrase_id(lang, text), lang, normalise_phrase(text), "phrase")
            other = catalog.get(clip.id)
            if other and other.text != clip.text:
                raise ValueError(f"phrases {other.text!r} and {clip.text!r} share id {clip.id!r};"
                                 " reword one of them")
            catalog[clip.id] = clip
    return catalog


@lru_cache(maxsize=None)
def _word_table(lang: str) -> dict[str, str]:
    """Token -> clip id for words and letters of ``lang``."""
    return {c.text: c.id for c in word_clips(lang)}
