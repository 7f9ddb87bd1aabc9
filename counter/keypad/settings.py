"""The [keypads] table of the hall file -> typed settings (docs/protocols/keypad.md)."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import protocol as p
from .bus import BusSettings


@dataclass(frozen=True)
class KeypadBus:
    """One port: its URL, baud rate and (address, counter) pairs."""

    url: str
    baudrate: int
    keypads: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class KeypadSettings:
    """The [keypads] table, validated."""

    enabled: bool = False
    buses: tuple[KeypadBus, ...] = ()
    timing: BusSettings = field(default_factory=BusSettings)

    @property
    def device_ids(self) -> list[str]:
        """The id of every configured keypad, for device health."""
        return [f"keypad-{counter}" for bus in self.buses for _, counter in bus.keypads]


def parse_keypads(config: dict) -> KeypadSettings:
    """Read [keypads] (or the whole hall file holding it); ValueError names the bad key."""
    section = config.get("keypads", config) if config else {}
    timing = BusSettings(
        poll_interval=float(section.get("poll_interval_ms", 50)) / 1000,
        reply_timeout=float(section.get("reply_timeout_ms", 100)) / 1000,
        offline_after=int(section.get("offline_after_missed", 3)),
        offline_poll_interval=float(section.get("offline_poll_ms", 1000)) / 1000,
        message_seconds=float(section.get("message_seconds", 4)),
    )
    buses = tuple(_parse_bus(raw) for raw in section.get("bus", []))
    return KeypadSettings(bool(section.get("enabled", False)), buses, timing)


def _parse_bus(raw: dict) -> KeypadBus:
    url = raw.get("url")
    if not url:
        raise ValueError("[[keypads.bus]] url: missing (thiếu url)")
    pairs: list[tuple[int, int]] = []
    for entry in raw.get("keypads", []):
        address, counter = int(entry["address"]), int(entry["counter"])
        if not p.MIN_ADDRESS <= address <= p.MAX_ADDRESS:
            raise ValueError(f"[[keypads.bus]] {url}: address {address} outside 1–32 "
                             "(địa chỉ bàn phím ngoài khoảng)")
        if address in dict(pairs):
            raise ValueError(f"[[keypads.bus]] {url}: address {address} used twice "
                             "(địa chỉ bàn phím bị trùng)")
        pairs.append((address, counter))
    return KeypadBus(url, int(raw.get("baudrate", 9600)), tuple(pairs))
