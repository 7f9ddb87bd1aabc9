"""The [[barcode]] tables of the hall file -> one typed entry per reader."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReaderSettings:
    """One [[barcode]] entry: the reader's port and the counter it sits at."""

    url: str
    baudrate: int
    counter: int

    @property
    def device_id(self) -> str:
        """The reader's id for device health."""
        return f"barcode-{self.counter}"


def parse_readers(entries) -> tuple[ReaderSettings, ...]:
    """Read the [[barcode]] list (or the hall file holding it); ValueError names the bad key."""
    if isinstance(entries, dict):
        entries = entries.get("barcode", [])
    readers = []
    for raw in entries or []:
        if not raw.get("url"):
            raise ValueError("[[barcode]] url: missing (cần url)")
        if "counter" not in raw:
            raise ValueError("[[barcode]] counter: missing (cần counter)")
        readers.append(ReaderSettings(str(raw["url"]), int(raw.get("baudrate", 9600)),
                                      int(raw["counter"])))
    return tuple(readers)
