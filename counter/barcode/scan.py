"""What a barcode reader sends, sans-I/O: bytes -> text lines -> classified scans."""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_LINE = 512
AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
TRACKING_URL = re.compile(r"^(?i:https?)://\S*/t/([A-Za-z0-9_-]{8,64})/?(?:[?#]\S*)?$")
TICKET_ID = re.compile(r"^[A-Za-z0-9_-]{16,40}$")
TICKET_NUMBER = re.compile(r"^[A-Za-z]{0,3}[0-9]{1,6}$")
DOSSIER_CODE = re.compile(r"^[A-Za-z0-9._/-]{4,64}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f\ufffd]")   # controls and undecodable bytes


@dataclass(frozen=True)
class Scan:
    """One classified scan: kind is ticket|number|dossier|unknown; `raw` is the cleaned text."""

    kind: str
    value: str = ""
    raw: str = ""


class LineParser:
    """Bytes -> text lines ended by CR, LF or CRLF; garbage and non-UTF-8 tolerated."""

    def __init__(self, max_line: int = MAX_LINE) -> None:
        self._buf = bytearray()
        self._max = max_line

    def feed(self, chunk: bytes) -> list[str]:
        """Add bytes; return the complete non-empty lines."""
        self._buf += chunk
        *complete, rest = re.split(rb"[\r\n]", bytes(self._buf))
        self._buf = bytearray(rest if len(rest) <= self._max else b"")
        lines = (_clean(raw) for raw in complete if len(raw) <= self._max)
        return [line for line in lines if line]


def _clean(raw: bytes) -> str:
    text = CONTROL.sub("", raw.decode("utf-8", "replace")).strip()
    return AIM_PREFIX.sub("", text, count=1).strip()


def classify(text: str) -> Scan:
    """Tell a ticket (tracking URL or bare id), a printed ticket number, a dossier code and
    anything else apart (docs/protocols/barcode.md).

    A bare ticket id is 16–40 URL-safe characters with both a lower- and an upper-case
    letter (our ids are random; case matters). A ticket number is up to three letters and
    one to six digits ("1023", "K012"; case does not matter: it is upper-cased). A dossier
    code is 4–64 characters of [A-Za-z0-9._/-], kept exactly as read.
    """
    text = AIM_PREFIX.sub("", text.strip(), count=1)
    if match := TRACKING_URL.match(text):
        return Scan("ticket", match.group(1), text)
    if _looks_like_ticket_id(text):
        return Scan("ticket", text, text)
    if TICKET_NUMBER.match(text):
        return Scan("number", text.upper(), text)
    if DOSSIER_CODE.match(text):
        return Scan("dossier", text, text)
    return Scan("unknown", "", text)


def _looks_like_ticket_id(text: str) -> bool:
    return bool(TICKET_ID.match(text)) and any(c.islower() for c in text) \
        and any(c.isupper() for c in text)
