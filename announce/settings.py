"""Announcer settings: the ``[announce]`` config table, with defaults and checks."""
from __future__ import annotations

import string
from dataclasses import dataclass, field, fields
from datetime import time
from typing import Optional

from announce import numbers
from announce.catalog import normalise_phrase

DEFAULT_TEMPLATES = {
    "vi": "Mời công dân có số thứ tự {number} đến quầy số {counter} {purpose}",
    "vi_long": "Xin lỗi đã để công dân chờ lâu. "
               "Mời công dân có số thứ tự {number} đến quầy số {counter} {purpose}",
    "en": "Ticket number {number}, please go to counter {counter} {purpose}",
    "en_long": "Sorry to keep you waiting. "
               "Ticket number {number}, please go to counter {counter} {purpose}",
    # When calls queue up, each is said once like this (first language only), one chime.
    "vi_short": "Số {number}, quầy {counter}",
    "en_short": "Number {number}, counter {counter}",
}
# What the manager's speaker test says first, so nobody mistakes it for a real call.
TEST_PHRASES = {"vi": "Thử loa", "en": "Speaker test"}
FIELDS = {"number", "counter", "purpose"}
SENTENCE_ENDS = ".!?"


@dataclass(frozen=True)
class Settings:
    """Everything the announcer can be told; see docs/voice-pack.md.

    `purposes` ({lang: {counter number: phrase}}) comes from each [[counter]]'s `purpose`
    (Vietnamese) and `purpose_en`, not from the [announce] table.
    """

    languages: tuple = ("vi",)
    region: str = "north"
    four_after_tens: str = "tư"
    number_mode: str = "full"
    prefix_mode: str = "digits"
    repeat: int = 2
    repeat_gap_ms: int = 1000
    clip_gap_ms: int = 40
    sentence_gap_ms: int = 350
    chime: bool = True
    chime_gap_ms: int = 250
    short_gap_ms: int = 400
    short_number_mode: str = "digits"     # the short form reads 1023 as "một không hai ba"
    sink: str = "alsa"
    alsa_device: Optional[str] = None
    aplay_timeout_s: float = 5.0
    volume: float = 1.0
    quiet_hours: Optional[tuple] = None
    long_wait_minutes: int = 30
    templates: dict = field(default_factory=dict)
    purposes: dict = field(default_factory=dict)
    voices: dict = field(default_factory=dict)
    speed: int = 140
    keep: int = 20
    cache_size: int = 32

    @classmethod
    def from_config(cls, config: Optional[dict],
                    purposes: Optional[dict] = None) -> "Settings":
        """Build from the ``[announce]`` table (without ``enabled``) and the counters' purposes;
        unknown keys and bad values raise ValueError."""
        config = dict(config or {})
        if "purposes" in config:
            raise ValueError("purposes: say each counter's purpose in its [[counter]] table "
                             "(purpose, purpose_en)")
        known = {f.name for f in fields(cls)} - {"purposes"}
        unknown = set(config) - known
        if unknown:
            raise ValueError(f"unknown [announce] keys: {', '.join(sorted(unknown))}")
        config["purposes"] = {lang: dict(phrases) for lang, phrases in (purposes or {}).items()}
        if "languages" in config:
            config["languages"] = tuple(config["languages"])
        if config.get("quiet_hours"):
            config["quiet_hours"] = tuple(config["quiet_hours"])
        config["templates"] = {**DEFAULT_TEMPLATES, **config.get("templates", {})}
        config["alsa_device"] = config.get("alsa_device") or None
        settings = cls(**config)
        settings.check()
        return settings

    def check(self) -> None:
        """Raise ValueError naming the first bad value."""
        for lang in self.languages:
            numbers.Style(lang, self.region, self.four_after_tens)
            for key in (lang, f"{lang}_long", f"{lang}_short"):
                check_template(key, self.templates.get(key))
        _one_of("number_mode", self.number_mode, ("full", "digits"))
        _one_of("prefix_mode", self.prefix_mode, ("full", "digits"))
        _one_of("short_number_mode", self.short_number_mode, ("full", "digits"))
        _one_of("sink", self.sink, ("alsa", "browser", "none"))
        if not 1 <= self.repeat <= 5:
            raise ValueError(f"repeat must be 1..5, not {self.repeat}")
        if not 0.0 <= self.volume <= 1.0:
            raise ValueError(f"volume must be 0.0..1.0, not {self.volume}")
        if self.quiet_hours is not None:
            self.quiet_window()

    def style(self, lang: str) -> numbers.Style:
        """The number-reading style for ``lang``."""
        return numbers.Style(lang, self.region, self.four_after_tens)

    def quiet_window(self) -> Optional[tuple[time, time]]:
        """Parsed quiet hours (start, end), or None."""
        if not self.quiet_hours:
            return None
        if len(self.quiet_hours) != 2:
            raise ValueError(f"quiet_hours must be [start, end], not {self.quiet_hours!r}")
        try:
            return tuple(time.fromisoformat(t) for t in self.quiet_hours)
        except (TypeError, ValueError):
            raise ValueError(f"quiet_hours must be like ['22:00', '06:00'], "
                             f"not {self.quiet_hours!r}") from None

    def purpose(self, lang: str, counter: int) -> str:
        """The purpose phrase of a counter ("nộp hồ sơ") in a language, or ""."""
        return self.purposes.get(lang, {}).get(int(counter), "")

    def phrases(self) -> dict[str, list[str]]:
        """Every fixed phrase the templates and purposes need, per language."""
        out: dict[str, list[str]] = {}
        for lang in self.languages:
            texts = [p for key in (lang, f"{lang}_long", f"{lang}_short")
                     for p, _ in template_parts(self.templates[key])]
            texts.append(TEST_PHRASES.get(lang, ""))
            texts += list(self.purposes.get(lang, {}).values())
            out[lang] = sorted({normalise_phrase(t) for t in texts if normalise_phrase(t)})
        return out


def in_quiet_hours(now: time, window: Optional[tuple[time, time]]) -> bool:
    """True when ``now`` falls in the window (which may cross midnight)."""
    if not window:
        return False
    start, end = window
    if start <= end:
        return start <= now < end
    return now >= start or now < end


def template_parts(template: str) -> list[tuple[str, Optional[str]]]:
    """Split a template into (literal phrase, following field) pairs, one per sentence."""
    parts: list[tuple[str, Optional[str]]] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        sentences = _split_sentences(literal)
        for sentence in sentences[:-1]:
            parts.append((sentence, "."))
        parts.append((sentences[-1] if sentences else "", name))
    return parts


def check_template(key: str, template: Optional[str]) -> None:
    """Raise ValueError when a template is missing or names an unknown field."""
    if not template:
        raise ValueError(f"missing template {key!r}")
    try:
        names = {name for _, name in template_parts(template) if name and name != "."}
    except ValueError as exc:
        raise ValueError(f"template {key!r}: {exc}") from None
    if names - FIELDS:
        raise ValueError(f"template {key!r} uses unknown fields {sorted(names - FIELDS)};"
                         f" allowed: {sorted(FIELDS)}")
    if "number" not in names:
        raise ValueError(f"template {key!r} must contain {{number}}")


def _split_sentences(text: str) -> list[str]:
    """Split at sentence-ending punctuation followed by a space or the end."""
    out, current = [], ""
    for i, ch in enumerate(text):
        current += ch
        if ch in SENTENCE_ENDS and (i + 1 == len(text) or text[i + 1] == " "):
            out.append(current)
            current = ""
    out.append(current)
    return out


def _one_of(name: str, value, allowed: tuple) -> None:
    """Raise ValueError unless ``value`` is allowed."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, not {value!r}")
