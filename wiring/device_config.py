"""The hall file's device tables, parsed once at start-up into one typed DeviceConfig.

Each adapter package owns its table's parser; this module calls them and turns any error
into a ConfigError naming the table, so the server stops with "Lượt cannot start: …".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, TypeVar

from announce.settings import Settings as AnnounceSettings
from counter.barcode.settings import ReaderSettings, parse_readers
from counter.keypad.settings import KeypadSettings, parse_keypads
from display.boards.settings import BoardsSettings, parse_settings as parse_boards
from hall.config import HallConfig, section
from hall.errors import ConfigError
from kiosk.printer.settings import PrinterSettings, parse_printer

T = TypeVar("T")


@dataclass(frozen=True)
class DeviceConfig:
    """Every device table, typed; a device whose `enabled` is false is not wired."""

    printer: PrinterSettings = field(default_factory=PrinterSettings)
    boards: BoardsSettings = field(default_factory=BoardsSettings)
    keypads: KeypadSettings = field(default_factory=KeypadSettings)
    barcode: tuple[ReaderSettings, ...] = ()
    announce: Optional[AnnounceSettings] = None     # None: no announcer


def parse_device_config(raw: dict, hall: HallConfig) -> DeviceConfig:
    """Parse [printer], [boards], [keypads], [[barcode]] and [announce]; ConfigError if wrong."""
    return DeviceConfig(
        printer=_table("printer", parse_printer, section(raw, "printer")),
        boards=_table("boards", parse_boards, section(raw, "boards")),
        keypads=_table("keypads", parse_keypads, section(raw, "keypads"),
                       hall.rating.invite_seconds),
        barcode=_table("barcode", parse_readers, raw.get("barcode", [])),
        announce=_announce(section(raw, "announce"), hall))


def counter_purposes(hall: HallConfig) -> dict[str, dict[int, str]]:
    """The announcer's purpose phrases, from each counter's `purpose` and `purpose_en`."""
    purposes: dict[str, dict[int, str]] = {"vi": {}, "en": {}}
    for counter in hall.counters:
        for lang, text in (("vi", counter.purpose), ("en", counter.purpose_en)):
            if text:
                purposes[lang][counter.number] = text
    return purposes


def _announce(table: dict, hall: HallConfig) -> Optional[AnnounceSettings]:
    if not table.get("enabled", False):
        return None
    rest = {key: value for key, value in table.items() if key != "enabled"}
    return _table("announce", AnnounceSettings.from_config, rest, counter_purposes(hall))


def _table(name: str, parse: Callable[..., T], *args) -> T:
    """Run one table's parser; its error becomes a ConfigError naming the table."""
    try:
        return parse(*args)
    except ConfigError:
        raise
    except KeyError as error:
        raise ConfigError(f"[{name}] missing key {error}") from error
    except (ValueError, TypeError, AttributeError) as error:
        raise ConfigError(f"[{name}] {error}") from error
