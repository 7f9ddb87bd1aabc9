"""The [keypads] table of the hall file -> typed settings (docs/protocols/keypad.md)."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import protocol as p

KINDS = ("clerk", "rating")


@dataclass(frozen=True)
class BusSettings:
    """Timing shared by all buses."""

    poll_interval: float = 0.05
    reply_timeout: float = 0.1
    offline_after: int = 3
    offline_poll_interval: float = 1.0
    message_seconds: float = 4.0
    invite_seconds: float = 30.0


@dataclass(frozen=True)
class KeypadEntry:
    """One keypad on a port: its address, its counter, and whether the clerk uses it or the
    citizen rates with it."""

    address: int
    counter: int
    kind: str = "clerk"

    @property
    def device_id(self) -> str:
        """The id used for device health: keypad-<n>, rating-keypad-<n>."""
        return f"keypad-{self.counter}" if self.kind == "clerk" else f"rating-keypad-{self.counter}"


@dataclass(frozen=True)
class KeypadBus:
    """One port: its URL, baud rate and keypads."""

    url: str
    baudrate: int
    keypads: tuple[KeypadEntry, ...]


@dataclass(frozen=True)
class KeypadSettings:
    """The [keypads] table, validated."""

    enabled: bool = False
    buses: tuple[KeypadBus, ...] = ()
    timing: BusSettings = field(default_factory=BusSettings)

    @property
    def device_ids(self) -> list[str]:
        """The id of every configured keypad, for device health."""
        return [entry.device_id for bus in self.buses for entry in bus.keypads]


def parse_keypads(config: dict, invite_seconds: float = 30) -> KeypadSettings:
    """Read [keypads] (or the whole hall file holding it); ValueError names the bad key.
    `invite_seconds` is how long a rating keypad invites a rating (the hall's [rating])."""
    section = config.get("keypads", config) if config else {}
    timing = BusSettings(
        poll_interval=float(section.get("poll_interval_ms", 50)) / 1000,
        reply_timeout=float(section.get("reply_timeout_ms", 100)) / 1000,
        offline_after=int(section.get("offline_after_missed", 3)),
        offline_poll_interval=float(section.get("offline_poll_ms", 1000)) / 1000,
        message_seconds=float(section.get("message_seconds", 4)),
        invite_seconds=float(invite_seconds),
    )
    buses = tuple(_parse_bus(raw) for raw in section.get("bus", []))
    ids = [entry.device_id for bus in buses for entry in bus.keypads]
    if len(set(ids)) != len(ids):
        raise ValueError("[[keypads.bus]]: one keypad of each kind per counter "
                         "(mỗi quầy một bàn phím mỗi loại)")
    return KeypadSettings(bool(section.get("enabled", False)), buses, timing)


def _parse_bus(raw: dict) -> KeypadBus:
    url = raw.get("url")
    if not url:
        raise ValueError("[[keypads.bus]] url: missing (thiếu url)")
    entries: list[KeypadEntry] = []
    for entry in raw.get("keypads", []):
        address, counter = int(entry["address"]), int(entry["counter"])
        kind = entry.get("kind", "clerk")
        if not p.MIN_ADDRESS <= address <= p.MAX_ADDRESS:
            raise ValueError(f"[[keypads.bus]] {url}: address {address} outside 1–32 "
                             "(địa chỉ bàn phím ngoài khoảng)")
        if address in {e.address for e in entries}:
            raise ValueError(f"[[keypads.bus]] {url}: address {address} used twice "
                             "(địa chỉ bàn phím bị trùng)")
        if kind not in KINDS:
            raise ValueError(f"[[keypads.bus]] {url}: kind {kind!r} is clerk or rating "
                             "(loại bàn phím không hợp lệ)")
        entries.append(KeypadEntry(address, counter, kind))
    return KeypadBus(url, int(raw.get("baudrate", 9600)), tuple(entries))
