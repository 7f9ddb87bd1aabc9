"""Turn a ``ticket_called`` payload into a clip sequence (a plan), and a plan into a WAV."""
from __future__ import annotations

from array import array
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from announce import numbers, pcm
from announce.catalog import CHIME, normalise_phrase, phrase_id, word_clip_id
from announce.clips import ClipStore
from announce.settings import TEST_PHRASES, Settings, template_parts


@dataclass(frozen=True)
class Plan:
    """What to say: clip ids and gaps in order, and the sentence as text."""

    items: tuple
    text: str
    segments: tuple = ()     # `items` split into repetitions (the chime opens the first)
    short: tuple = ()        # the short form ("Số 1023, quầy 2"), without chime
    short_text: str = ""


@dataclass(frozen=True)
class Rendered:
    """A composed announcement."""

    wav: bytes
    frames: int
    rate: int
    fallback: bool      # True when clips were missing and only the chime is played

    @property
    def seconds(self) -> float:
        """Duration in seconds."""
        return self.frames / self.rate


def plan_call(payload: dict, settings: Settings) -> Plan:
    """The plan for a ``ticket_called`` payload; raises ValueError when it cannot be read."""
    ticket = payload.get("ticket") or {}
    number = str(ticket.get("number") or "").strip()
    counter = (payload.get("counter") or {}).get("number") or ticket.get("counter")
    if not number or counter is None:
        raise ValueError(f"ticket_called without ticket number or counter: {payload!r}")
    long_wait = (not payload.get("recall") and settings.long_wait_minutes > 0
                 and waited_minutes(ticket.get("issued_at"), payload.get("at"))
                 >= settings.long_wait_minutes)
    plan = plan_phrase(settings, number, int(counter), long_wait)
    short, short_text = plan_short(settings, number, int(counter))
    return Plan(plan.items, plan.text, plan.segments, short, short_text)


def plan_phrase(settings: Settings, number: str, counter: int, long_wait: bool = False,
                test: bool = False) -> Plan:
    """Chime, then the phrase in every language, repeated with gaps (one segment per
    repetition); a test says "Thử loa" before each language's phrase, once."""
    suffix = "_long" if long_wait else ""
    once: list = []
    for i, lang in enumerate(settings.languages):
        if i:
            once.append(settings.sentence_gap_ms)
        if test and TEST_PHRASES.get(lang):
            once += [phrase_id(lang, TEST_PHRASES[lang]), settings.sentence_gap_ms]
        once += _phrase_units(settings, lang, settings.templates[lang + suffix], number, counter)
    gap = settings.clip_gap_ms
    # The chime is a segment of its own: calls that arrive during it are then all said in
    # the short form (this one included) instead of waiting behind the full phrase.
    segments = [(CHIME, settings.chime_gap_ms)] if settings.chime else []
    segments.append(tuple(_with_clip_gaps(once, gap)))
    for _ in range(0 if test else settings.repeat - 1):
        segments.append((settings.repeat_gap_ms,) + tuple(_with_clip_gaps(once, gap)))
    first = settings.languages[0]
    text = " ".join(settings.templates[first + suffix].format(
        number=number, counter=counter, purpose=settings.purpose(first, counter)).split())
    if test:
        text = f"{TEST_PHRASES.get(first, 'Test')}. {text}"
    segments = tuple(segments)
    return Plan(tuple(x for s in segments for x in s), text, segments)


def plan_short(settings: Settings, number: str, counter: int) -> tuple[tuple, str]:
    """The short form ("Số 1023, quầy 2") in the first language: its items and text."""
    lang = settings.languages[0]
    template = settings.templates[lang + "_short"]
    units = _phrase_units(settings, lang, template, number, counter,
                          settings.short_number_mode)
    text = template.format(number=number, counter=counter,
                           purpose=settings.purpose(lang, counter))
    return tuple(_with_clip_gaps(units, settings.clip_gap_ms)), " ".join(text.split())


def duration(items: tuple, store: ClipStore) -> float:
    """Seconds that `items` last once joined (clip lengths and gaps), without rendering."""
    frames = 0
    for item in items:
        if isinstance(item, int):
            frames += pcm.frames_for(item, store.rate)
        else:
            frames += len(store.get(item) or ())
    return frames / store.rate


def waited_minutes(issued_at: Optional[str], at: Optional[str]) -> float:
    """Minutes between two ISO 8601 times (0 when either is missing or unreadable)."""
    try:
        return (datetime.fromisoformat(at) - datetime.fromisoformat(issued_at)).total_seconds() / 60
    except (TypeError, ValueError):
        return 0.0


def _phrase_units(settings: Settings, lang: str, template: str, number: str,
                  counter: int, number_mode: Optional[str] = None) -> list:
    """Clip ids (and sentence gaps) for one template in one language."""
    style = settings.style(lang)
    units: list = []
    for literal, field_name in template_parts(template):
        if normalise_phrase(literal):
            units.append(phrase_id(lang, literal))
        if field_name == ".":
            units.append(settings.sentence_gap_ms)
        elif field_name == "number":
            reading = numbers.read_ticket(number, style, number_mode or settings.number_mode,
                                          settings.prefix_mode)
            units += [word_clip_id(lang, t) for t in reading.tokens]
        elif field_name == "counter":
            units += [word_clip_id(lang, t) for t in numbers.read_number(counter, style).tokens]
        elif field_name == "purpose" and normalise_phrase(settings.purpose(lang, counter)):
            units.append(phrase_id(lang, settings.purpose(lang, counter)))
    return units


def _with_clip_gaps(units: list, clip_gap_ms: int) -> list:
    """Put a short gap between two clips that follow each other; merge adjacent gaps."""
    out: list = []
    for unit in units:
        if isinstance(unit, int):
            if out and isinstance(out[-1], int):
                out[-1] = max(out[-1], unit)
            elif out and unit > 0:
                out.append(unit)
            continue
        if out and isinstance(out[-1], str) and clip_gap_ms > 0:
            out.append(clip_gap_ms)
        out.append(unit)
    while out and isinstance(out[-1], int):
        out.pop()
    return out


class Composer:
    """Render plans into WAV bytes from a clip store, with a bounded cache."""

    def __init__(self, store: ClipStore, volume: float = 1.0, cache_size: int = 32):
        self.store = store
        self.volume = volume
        self.cache_size = cache_size
        self._cache: "OrderedDict[tuple, Rendered]" = OrderedDict()
        self._scaled: dict[str, array] = {}

    def render(self, items: tuple) -> Rendered:
        """Join the clips with their gaps; chime only when a voice clip is missing."""
        key = tuple(items)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        fallback = bool(self.store.missing(key))
        samples = self._join((CHIME,) if fallback else key)
        rendered = Rendered(pcm.write_wav(samples, self.store.rate), len(samples),
                            self.store.rate, fallback)
        self._cache[key] = rendered
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return rendered

    def _join(self, items: tuple) -> array:
        """Concatenate clips and silences."""
        out = array("h")
        for item in items:
            if isinstance(item, int):
                out.extend(pcm.silence(item, self.store.rate))
            else:
                out.extend(self._clip(item))
        return out

    def _clip(self, clip_id: str) -> array:
        """A clip at the configured volume (scaled once, then kept)."""
        if clip_id not in self._scaled:
            samples = self.store.get(clip_id) or array("h")
            self._scaled[clip_id] = pcm.scale(samples, self.volume) if self.volume != 1.0 \
                else samples
        return self._scaled[clip_id]
