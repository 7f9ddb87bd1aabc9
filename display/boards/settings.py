"""The [boards] table of the hall file -> typed settings, validated."""
from __future__ import annotations

from dataclasses import dataclass, field

from display.boards.bus import BusOptions
from display.boards.driver import MAX_BRIGHTNESS, MIN_BRIGHTNESS, Blink, check_range, check_text
from display.boards.drivers import make_driver
from display.boards.intents import AWAY_TEXT

IDLE_MODES = ("clear", "keep")


@dataclass(frozen=True)
class BoardConfig:
    """One board: its address on the bus and the counter it sits above."""

    address: int
    counter: int
    brightness: int | None = None


@dataclass(frozen=True)
class BusConfig:
    """One serial port with its driver and boards."""

    url: str
    driver: str
    options: BusOptions
    boards: tuple[BoardConfig, ...]


@dataclass(frozen=True)
class BoardsSettings:
    """Everything the manager needs."""

    enabled: bool = False
    idle: str = "clear"
    show_counter: bool = False
    blink: Blink = Blink()
    buses: tuple[BusConfig, ...] = field(default_factory=tuple)
    away_text: str = AWAY_TEXT

    @property
    def counters(self) -> list[int]:
        """The counters that have a board."""
        return [b.counter for bus in self.buses for b in bus.boards]

    @property
    def looks(self) -> dict:
        """How events become board displays: the keyword arguments of `intents()`."""
        return {"idle": self.idle, "show_counter": self.show_counter, "blink": self.blink,
                "away_text": self.away_text}


def board_id(counter: int) -> str:
    """Device id of the board above `counter`."""
    return f"board-{counter}"


def boards_section(config: dict) -> dict:
    """Accept the whole hall config or just its [boards] table."""
    section = (config or {}).get("boards")
    return section if isinstance(section, dict) else (config or {})


def _options(table: dict, base: BusOptions) -> BusOptions:
    return BusOptions(
        baudrate=int(table.get("baudrate", base.baudrate)),
        ack_timeout=float(table.get("ack_timeout_ms", base.ack_timeout * 1000)) / 1000,
        retries=int(table.get("retries", base.retries)),
        probe_interval=float(table.get("probe_interval_s", base.probe_interval)),
        health_interval=float(table.get("health_interval_s", base.health_interval)),
        reconnect_min=float(table.get("reconnect_min_s", base.reconnect_min)),
        reconnect_max=float(table.get("reconnect_max_s", base.reconnect_max)),
    )


def _board(entry: dict, default_brightness: int | None, max_address: int) -> BoardConfig:
    brightness = entry.get("brightness", default_brightness)
    if brightness is not None:
        check_range("brightness", brightness, MIN_BRIGHTNESS, MAX_BRIGHTNESS)
    return BoardConfig(check_range("address", entry["address"], 1, max_address),
                       check_range("counter", entry["counter"], 1, 99), brightness)


def _bus(table: dict, section: dict, base: BusOptions) -> BusConfig:
    driver = table.get("driver", section.get("driver", "luot"))
    max_address = make_driver(driver).max_address
    brightness = table.get("brightness", section.get("brightness"))
    boards = tuple(_board(entry, brightness, max_address) for entry in table.get("boards", ()))
    addresses = [b.address for b in boards]
    if len(set(addresses)) != len(addresses):
        raise ValueError(f"duplicate board address on bus {table.get('url')!r}: {addresses}")
    return BusConfig(str(table["url"]), driver, _options(table, base), boards)


def parse_settings(config: dict) -> BoardsSettings:
    """Validate and type the [boards] table; raise ValueError with the offending key."""
    section = boards_section(config)
    if not section.get("enabled", False):
        return BoardsSettings()
    idle = section.get("idle", "clear")
    if idle not in IDLE_MODES:
        raise ValueError(f"boards.idle must be one of {IDLE_MODES}: {idle!r}")
    base = _options(section, BusOptions())
    buses = tuple(_bus(table, section, base) for table in section.get("bus", ()))
    counters = [b.counter for bus in buses for b in bus.boards]
    if len(set(counters)) != len(counters):
        raise ValueError(f"a counter has more than one board: {counters}")
    blink = Blink(int(section.get("blink_times", 3)), int(section.get("blink_ms", 0)))
    away_text = str(section.get("away_text", AWAY_TEXT))
    check_text(away_text)
    return BoardsSettings(True, idle, bool(section.get("show_counter", False)), blink, buses,
                          away_text)
