"""The hall's configuration: areas, counters, sessions, numbering and priority policy.

Parsed from a plain dict (the TOML file's content) into frozen dataclasses, validated so
that a bad configuration fails at start-up with a readable message.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time

from .errors import ConfigError, InvalidInput, NotFound
from .ratings import RatingScale, parse_rating

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class Session:
    id: str
    name: str
    name_en: str
    start: time
    end: time
    days: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7)


@dataclass(frozen=True)
class Numbering:
    """Either a numeric range (start..end) or a prefix followed by zero-padded digits."""

    start: int = 1
    end: int = 999
    prefix: str = ""
    digits: int = 0

    @property
    def capacity(self) -> int:
        return self.end - self.start + 1

    def format(self, n: int) -> str:
        """The n-th number of the day (1-based) as shown to citizens."""
        value = self.start + n - 1
        if value > self.end:
            raise ValueError(f"number {n} beyond the series end {self.end}")
        return f"{self.prefix}{value:0{self.digits}d}" if self.digits else f"{self.prefix}{value}"


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    name_en: str
    numbering: Numbering
    daily_cap: int
    sessions: tuple[str, ...]
    position: int = 0
    target_wait_minutes: int = 15     # "on time": called within this long (reports)


@dataclass(frozen=True)
class Counter:
    number: int
    name: str
    areas: tuple[str, ...]
    purpose: str = ""            # what citizens come for ("nộp hồ sơ"): console and announcer
    purpose_en: str = ""
    weights: dict = field(default_factory=dict, hash=False, compare=False)

    def weight(self, area_id: str) -> float:
        return float(self.weights.get(area_id, 1.0))


@dataclass(frozen=True)
class PriorityCategory:
    id: str
    label: str
    label_en: str
    icon: str = ""
    public: bool = False    # shown by name on public screens; otherwise just "Ưu tiên"


@dataclass(frozen=True)
class PriorityPolicy:
    mode: str = "strict"      # strict | interleave
    every_n: int = 2          # interleave: a normal ticket after this many priority calls


@dataclass(frozen=True)
class HallConfig:
    id: str
    name: str
    name_en: str
    short_name: str
    notice: str
    areas: tuple[Area, ...]
    counters: tuple[Counter, ...]
    sessions: tuple[Session, ...]
    categories: tuple[PriorityCategory, ...]
    policy: PriorityPolicy
    no_show_tolerance_minutes: int = 30
    long_wait_minutes: int = 30     # a wait this long is shown as long (0: never)
    counters_open_by_default: bool = True
    ignore_sessions: bool = False
    away_after_minutes: float = 2.0     # a quiet clerk's counter shows "Tạm vắng" after this
    public_url: str = ""         # where phones reach the hall (QR codes); "" = this host
    rating: RatingScale = field(default_factory=lambda: parse_rating(None))

    def area(self, area_id: str) -> Area:
        """The area with this id; raises KeyError."""
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def counter(self, number: int) -> Counter:
        """The counter with this number; raises KeyError."""
        for counter in self.counters:
            if counter.number == number:
                return counter
        raise KeyError(number)

    def category(self, category_id: str) -> PriorityCategory:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def session(self, session_id: str) -> Session:
        for session in self.sessions:
            if session.id == session_id:
                return session
        raise KeyError(session_id)

    def counters_for(self, area_id: str) -> list[Counter]:
        """Counters that serve an area."""
        return [c for c in self.counters if area_id in c.areas]


def known_counter(config: HallConfig, number) -> Counter:
    """The configured counter with this number; InvalidInput or NotFound for a bad one."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidInput("Số quầy phải là số nguyên (counter must be an integer)")
    try:
        return config.counter(number)
    except KeyError:
        raise NotFound(f"Không có quầy số {number} (unknown counter)",
                       code="unknown_counter") from None


def _hhmm(value, where: str) -> time:
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}:\d{2}", value):
        raise ConfigError(f"{where}: expected a time like '07:30', got {value!r}")
    hours, minutes = (int(part) for part in value.split(":"))
    if hours == 24 and minutes == 0:
        return time(23, 59, 59, 999999)
    if hours > 23 or minutes > 59:
        raise ConfigError(f"{where}: no such time {value!r}")
    return time(hours, minutes)


def section(hall_file: dict, name: str) -> dict:
    """One table of a hall file ({} when absent); ConfigError when it is something else."""
    table = hall_file.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"[{name}] must be a table")
    return table


def whole_number(table: dict, name: str, key: str, default: int, bounds: tuple[int, int],
                 unit: str) -> int:
    """`key` of table `[name]` (`default` when absent): a whole number of `unit` within
    `bounds`; ConfigError naming the key otherwise."""
    value, (low, high) = table.get(key, default), bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"[{name}] {key}: expected a whole number of {unit} from {low} to "
                          f"{high}, got {value!r}")
    return value


def _positive(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ConfigError(f"{where}: must be a number of minutes greater than 0")
    return float(value)


def _require(table: dict, key: str, where: str):
    if key not in table:
        raise ConfigError(f"{where}: missing '{key}'")
    return table[key]


def _parse_id(value, where: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise ConfigError(f"{where}: id {value!r} must be lowercase letters, digits, - or _")
    return value


def _parse_session(raw: dict, i: int) -> Session:
    where = f"session #{i + 1}"
    start = _hhmm(_require(raw, "start", where), where)
    end = _hhmm(_require(raw, "end", where), where)
    if end <= start:
        raise ConfigError(f"{where}: end must be after start")
    days = tuple(int(d) for d in raw.get("days", (1, 2, 3, 4, 5, 6, 7)))
    if not days or any(d < 1 or d > 7 for d in days):
        raise ConfigError(f"{where}: days are ISO weekdays 1 (Monday) to 7 (Sunday)")
    name = str(raw.get("name", raw["id"]))
    return Session(_parse_id(raw.get("id"), where), name, str(raw.get("name_en", name)),
                   start, end, days)


def _parse_numbering(raw: dict, where: str) -> Numbering:
    if "range" in raw:
        rng = raw["range"]
        if (not isinstance(rng, list) or len(rng) != 2
                or not all(isinstance(v, int) for v in rng) or not 0 <= rng[0] <= rng[1]):
            raise ConfigError(f"{where}: range must be [first, last] with 0 <= first <= last")
        return Numbering(start=rng[0], end=rng[1], prefix=str(raw.get("prefix", "")))
    if "prefix" in raw:
        prefix, digits = raw["prefix"], int(raw.get("digits", 3))
        if not isinstance(prefix, str) or not re.fullmatch(r"[A-Z]{1,3}", prefix):
            raise ConfigError(f"{where}: prefix must be 1-3 capital letters A-Z")
        if not 1 <= digits <= 6:
            raise ConfigError(f"{where}: digits must be 1 to 6")
        first = int(raw.get("first", 1))
        return Numbering(start=first, end=10 ** digits - 1, prefix=prefix, digits=digits)
    raise ConfigError(f"{where}: give either range = [first, last] or prefix = \"A\"")


def _parse_area(raw: dict, i: int, session_ids: list[str]) -> Area:
    where = f"area #{i + 1}"
    area_id = _parse_id(raw.get("id"), where)
    where = f"area '{area_id}'"
    numbering = _parse_numbering(raw, where)
    cap = int(raw.get("daily_cap", numbering.capacity))
    if cap < 1:
        raise ConfigError(f"{where}: daily_cap must be at least 1")
    sessions = tuple(raw.get("sessions", session_ids))
    for sid in sessions:
        if sid not in session_ids:
            raise ConfigError(f"{where}: unknown session {sid!r}")
    name = str(_require(raw, "name", where))
    target = raw.get("target_wait_minutes", 15)
    if isinstance(target, bool) or not isinstance(target, int) or not 1 <= target <= 600:
        raise ConfigError(f"{where}: target_wait_minutes must be 1 to 600")
    return Area(area_id, name, str(raw.get("name_en", name)), numbering,
                min(cap, numbering.capacity), sessions, i, target)


def _parse_counter(raw: dict, area_ids: set[str]) -> Counter:
    number = _require(raw, "number", "counter")
    if not isinstance(number, int) or not 1 <= number <= 999:
        raise ConfigError(f"counter {number!r}: number must be 1 to 999")
    where = f"counter {number}"
    areas = tuple(_require(raw, "areas", where))
    if not areas:
        raise ConfigError(f"{where}: serves no area")
    for area_id in areas:
        if area_id not in area_ids:
            raise ConfigError(f"{where}: unknown area {area_id!r}")
    weights = dict(raw.get("weights", {}))
    for area_id, weight in weights.items():
        if area_id not in areas or not isinstance(weight, (int, float)) or weight <= 0:
            raise ConfigError(f"{where}: weight for {area_id!r} must be > 0 and for a served area")
    return Counter(number, str(raw.get("name", f"Quầy {number}")), areas,
                   str(raw.get("purpose", "")), str(raw.get("purpose_en", "")), weights)


def _check_series_disjoint(areas: list[Area]) -> None:
    """Never mix unlabeled series: two areas may not be able to issue the same number."""
    for i, a in enumerate(areas):
        for b in areas[i + 1:]:
            na, nb = a.numbering, b.numbering
            same_labels = na.prefix == nb.prefix
            overlap = na.start <= nb.end and nb.start <= na.end
            if same_labels and overlap:
                raise ConfigError(
                    f"areas '{a.id}' and '{b.id}' can issue the same numbers: "
                    "give them different prefixes or non-overlapping ranges")


def _long_wait_minutes(raw: dict) -> int:
    """`[hall] long_wait_minutes`, else the announcer's (one threshold for the hall), else 30."""
    given = {table: raw.get(table, {}).get("long_wait_minutes") for table in ("hall", "announce")}
    hall, announce = given["hall"], given["announce"]
    if hall is not None and announce is not None and hall != announce:
        raise ConfigError("long_wait_minutes: give it once, in [hall] "
                          f"([hall] says {hall!r}, [announce] says {announce!r})")
    value = next((v for v in (hall, announce) if v is not None), 30)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"[hall]: long_wait_minutes must be a whole number >= 0, got {value!r}")
    return value


def _parse_public_url(value) -> str:
    url = str(value or "")
    if url and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url):
        raise ConfigError(f"[hall] public_url: expected an address like "
                          f"'http://192.168.1.10:5000', got {url!r}")
    return url.rstrip("/")


def parse_config(raw: dict) -> HallConfig:
    """Build and validate a HallConfig from the TOML file's content."""
    hall = _require(raw, "hall", "config")
    hall_id = _parse_id(hall.get("id"), "[hall]")
    sessions = [_parse_session(s, i) for i, s in enumerate(raw.get("session", []))]
    if not sessions:
        raise ConfigError("config: at least one [[session]] is needed")
    session_ids = [s.id for s in sessions]
    if len(set(session_ids)) != len(session_ids):
        raise ConfigError("config: session ids must be unique")
    areas = [_parse_area(a, i, session_ids) for i, a in enumerate(raw.get("area", []))]
    if not areas:
        raise ConfigError("config: at least one [[area]] is needed")
    if len({a.id for a in areas}) != len(areas):
        raise ConfigError("config: area ids must be unique")
    _check_series_disjoint(areas)
    counters = [_parse_counter(c, {a.id for a in areas}) for c in raw.get("counter", [])]
    if not counters:
        raise ConfigError("config: at least one [[counter]] is needed")
    if len({c.number for c in counters}) != len(counters):
        raise ConfigError("config: counter numbers must be unique")
    prio = raw.get("priority", {})
    policy = PriorityPolicy(str(prio.get("policy", "strict")), int(prio.get("every_n", 2)))
    if policy.mode not in ("strict", "interleave") or policy.every_n < 1:
        raise ConfigError("[priority]: policy is 'strict' or 'interleave', every_n >= 1")
    categories = tuple(
        PriorityCategory(_parse_id(c.get("id"), "[[priority.category]]"),
                         str(_require(c, "label", "priority category")),
                         str(c.get("label_en", c["label"])), str(c.get("icon", "")),
                         bool(c.get("public", False)))
        for c in prio.get("category", []))
    name = str(_require(hall, "name", "[hall]"))
    return HallConfig(
        id=hall_id, name=name, name_en=str(hall.get("name_en", name)),
        short_name=str(hall.get("short_name", name)), notice=str(hall.get("notice", "")),
        areas=tuple(areas), counters=tuple(counters), sessions=tuple(sessions),
        categories=categories, policy=policy,
        no_show_tolerance_minutes=int(hall.get("no_show_tolerance_minutes", 30)),
        long_wait_minutes=_long_wait_minutes(raw),
        counters_open_by_default=bool(hall.get("counters_open_by_default", True)),
        ignore_sessions=bool(hall.get("ignore_sessions", False)),
        away_after_minutes=_positive(hall.get("away_after_minutes", 2), "[hall] away_after_minutes"),
        public_url=_parse_public_url(hall.get("public_url")),
        rating=parse_rating(raw.get("rating")))


def read_hall_file(path) -> dict:
    """The hall file's TOML content (read once at start-up; every table is parsed from it)."""
    import tomllib

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read hall config {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"hall config {path} is not valid TOML: {exc}") from exc


def load_config(path) -> HallConfig:
    """Read and parse a TOML hall configuration file (the hall part only)."""
    return parse_config(read_hall_file(path))
