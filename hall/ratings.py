"""Citizens' satisfaction (đánh giá mức độ hài lòng): the hall's rating scale and its rules.

A rating belongs to one served ticket (one rating per ticket, enforced by the database),
and through it to the counter, the clerk who served it, the area and the dossier code; it
holds no personal data. Levels are configurable per hall (three to five; the default is the
three-level scale of Vietnamese one-stop systems); the lowest level asks for reasons from a
short configured list.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .errors import ConfigError

SOURCES = ("screen", "phone", "keypad")    # the counter's rating screen, /t/<id>, a rating keypad


@dataclass(frozen=True)
class Level:
    """One step of the scale, best first; `face` names the drawn face (never colour alone)."""

    value: int
    label: str
    label_en: str
    face: str
    colour: str


@dataclass(frozen=True)
class Reason:
    id: str
    label: str
    label_en: str


@dataclass(frozen=True)
class RatingScale:
    levels: tuple[Level, ...]            # best first
    reasons: tuple[Reason, ...]
    invite_seconds: int = 30             # how long a counter's screen invites a rating

    @property
    def lowest(self) -> int:
        return min(level.value for level in self.levels)

    def satisfied(self, value: int) -> bool:
        """Satisfaction counts the two top levels."""
        return value in sorted((lv.value for lv in self.levels), reverse=True)[:2]

    def level(self, value: int) -> Level:
        for level in self.levels:
            if level.value == value:
                return level
        raise KeyError(value)

    def public(self) -> dict:
        """The scale as rating screens and the phone page draw it."""
        return {"levels": [vars(lv) for lv in self.levels],
                "reasons": [vars(r) for r in self.reasons],
                "ask_reasons_at": self.lowest, "invite_seconds": self.invite_seconds}


DEFAULT_LEVELS = (
    Level(3, "Rất hài lòng", "Very satisfied", "very-happy", "#1b7f3b"),
    Level(2, "Hài lòng", "Satisfied", "happy", "#1d5fa8"),
    Level(1, "Chưa hài lòng", "Not satisfied", "unhappy", "#b3261e"),
)
DEFAULT_REASONS = (
    Reason("thai-do", "Thái độ phục vụ", "Staff attitude"),
    Reason("thoi-gian-cho", "Thời gian chờ lâu", "Long wait"),
    Reason("huong-dan", "Hướng dẫn chưa rõ", "Unclear guidance"),
    Reason("di-lai", "Phải đi lại nhiều lần", "Had to come back several times"),
    Reason("co-so-vat-chat", "Cơ sở vật chất", "Facilities"),
)
FACES = ("very-happy", "happy", "neutral", "unhappy", "very-unhappy")


def _level(raw: dict, i: int) -> Level:
    where = f"[[rating.level]] #{i + 1}"
    try:
        value, label = int(raw["value"]), str(raw["label"])
    except (KeyError, TypeError, ValueError):
        raise ConfigError(f"{where}: needs value (a number) and label") from None
    face = str(raw.get("face", "happy"))
    if face not in FACES:
        raise ConfigError(f"{where}: face is one of {', '.join(FACES)}")
    return Level(value, label, str(raw.get("label_en", label)), face, str(raw.get("colour", "#444")))


def parse_rating(raw: dict | None) -> RatingScale:
    """The [rating] table: levels (3 to 5, best first), reasons, invite_seconds."""
    raw = raw or {}
    levels = tuple(_level(r, i) for i, r in enumerate(raw.get("level", []))) or DEFAULT_LEVELS
    if not 3 <= len(levels) <= 5:
        raise ConfigError("[rating]: give three to five [[rating.level]] entries")
    values = [lv.value for lv in levels]
    if values != sorted(set(values), reverse=True):
        raise ConfigError("[rating]: level values must be distinct and listed best first")
    reasons = tuple(Reason(str(r.get("id", "")), str(r.get("label", "")),
                           str(r.get("label_en", r.get("label", ""))))
                    for r in raw.get("reason", [])) or DEFAULT_REASONS
    if any(not r.id or not r.label for r in reasons) or len({r.id for r in reasons}) != len(reasons):
        raise ConfigError("[[rating.reason]]: each needs a unique id and a label")
    invite = raw.get("invite_seconds", 30)
    if isinstance(invite, bool) or not isinstance(invite, int) or not 5 <= invite <= 600:
        raise ConfigError("[rating] invite_seconds: 5 to 600")
    return RatingScale(levels, reasons, invite)


@dataclass
class Rating:
    """A citizen's rating of one served ticket."""

    ticket_id: str
    hall_id: str
    business_date: date
    level: int
    reasons: tuple[str, ...]
    source: str
    at: datetime
    area_id: str
    counter: int | None
    clerk: str | None
    dossier_code: str | None = None
