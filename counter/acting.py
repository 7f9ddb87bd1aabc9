"""Keypads and barcode readers act as the clerk seated at their counter, through the one
command vocabulary (`hall.commands.dispatch`), and get a short answer for their screen."""
from __future__ import annotations

from counter.barcode.scan import Scan
from counter.keypad.keys import KeyAction
from devices.adapter import ActionResult
from hall.commands import COMMANDS, dispatch
from hall.errors import DomainError

KEYPAD_PAUSE_REASON = "Tạm dừng"
NO_CLERK = "Chưa có cán bộ"
UNSUPPORTED_KEY = "Phím không hỗ trợ"
UNKNOWN_CODE = "Mã không hợp lệ"
SCAN_COMMANDS = {"ticket": ("call", "ticket"), "dossier": ("dossier", "code")}


def short(message: str) -> str:
    """The Vietnamese half of a bilingual message, for small device screens."""
    return message.split(" (")[0]


class ActingClerk:
    """Runs keypad keys and scans as commands of the clerk signed in at that counter."""

    def __init__(self, hall) -> None:
        self.service, self.queries, self.config = hall.service, hall.queries, hall.config

    def key(self, key: KeyAction) -> ActionResult:
        """A keypad key: `call` digits get the area prefix, `transfer` takes an area index."""
        if key.action not in COMMANDS:
            return ActionResult(False, UNSUPPORTED_KEY)
        data = {}
        if key.action == "pause":
            data["reason"] = KEYPAD_PAUSE_REASON
        elif key.action == "transfer":
            data["area"] = self._area_by_index(key.arg)
        elif key.action == "call":
            data["ticket"] = self._number_for(key.counter, key.arg or "")
        return self._act(key.counter, key.action, data)

    def scan(self, counter: int, scan: Scan) -> ActionResult:
        """A scan at a counter: a ticket QR calls that ticket; a dossier code is attached."""
        if scan.kind not in SCAN_COMMANDS:
            return ActionResult(False, UNKNOWN_CODE)
        action, field = SCAN_COMMANDS[scan.kind]
        return self._act(counter, action, {field: scan.value})

    def _act(self, counter: int, action: str, data: dict) -> ActionResult:
        try:
            actor = self._seated_clerk(counter)
            if actor is None:
                return ActionResult(False, NO_CLERK)
            dispatch(self.service, counter, action, data, actor)
            return ActionResult(True)
        except DomainError as error:
            return ActionResult(False, short(error.message))

    def _seated_clerk(self, counter: int) -> str | None:
        """The actor label of the clerk signed in at a counter, or None."""
        state = self.queries.counter(counter)
        if state["clerk_id"] is None:
            return None
        return f"user:{state['clerk_id']}:{state['clerk']} (thiết bị)"

    def _area_by_index(self, index) -> str:
        try:
            return self.config.areas[int(index) - 1].id
        except (TypeError, ValueError, IndexError):
            return f"#{index}"

    def _number_for(self, counter: int, digits: str) -> str:
        """Digits typed on a keypad -> a ticket number (adds a served area's prefix)."""
        for area_id in self.config.counter(counter).areas:
            numbering = self.config.area(area_id).numbering
            if numbering.prefix and digits.isdigit():
                return numbering.format(int(digits) - numbering.start + 1) \
                    if numbering.start <= int(digits) <= numbering.end else digits
        return digits
