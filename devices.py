"""The hall's devices, wired from the [printer], [boards], [keypads], [[barcode]] and
[announce] tables of the hall config. Each adapter is a bus subscriber with its own
background worker; keypads and scanners act through the same commands as the console.
With fake devices (development, tests) every adapter is replaced by its fake.
"""
from __future__ import annotations

import logging
from pathlib import Path

from hall.commands import COMMANDS, dispatch
from hall.errors import DomainError

log = logging.getLogger(__name__)

KEYPAD_PAUSE_REASON = "Tạm dừng"


def short(message: str) -> str:
    """The Vietnamese half of a bilingual message, for small device screens."""
    return message.split(" (")[0]


class Devices:
    """Builds, starts and feeds the configured device adapters."""

    def __init__(self, luot):
        self.luot = luot
        self.raw = luot.config.raw
        self.fake = luot.settings.fake_devices
        self.adapters: list = []
        self.printer = self.announcer = None

    # ------------------------------------------------------------------ building
    def build(self) -> "Devices":
        """Build every configured adapter; a bad device table is a ConfigError naming it."""
        from hall.errors import ConfigError
        try:
            return self._build()
        except (ValueError, KeyError, TypeError) as error:
            raise ConfigError(f"device configuration: {error}") from error

    def _build(self) -> "Devices":
        report = self.luot.device_health.report
        if self.raw.get("printer", {}).get("enabled"):
            from kiosk.printer import FakeTicketPrinter, TicketPrinter
            cls = FakeTicketPrinter if self.fake else TicketPrinter
            self.printer = cls(self.raw["printer"], self.hall_info(), on_status=report,
                               enrich=self.ticket_print)
            self.adapters.append(self.printer)
        if self.raw.get("boards", {}).get("enabled"):
            from display.boards.fake import FakeLedBoards
            from display.boards.manager import LedBoards
            cls = FakeLedBoards if self.fake else LedBoards
            self.adapters.append(cls(self.raw, on_status=report))
        if self.raw.get("keypads", {}).get("enabled"):
            from counter.keypad import FakeKeypads, Keypads
            cls = FakeKeypads if self.fake else Keypads
            self.adapters.append(cls(self.raw, on_action=self.key_action, on_status=report))
        if self.raw.get("barcode"):
            from counter.barcode import BarcodeReaders, FakeBarcodeReaders
            cls = FakeBarcodeReaders if self.fake else BarcodeReaders
            self.adapters.append(cls(self.raw, on_scan=self.scan, on_status=report))
        if self.raw.get("announce", {}).get("enabled", False):
            self.announcer = self._announcer(report)
            self.adapters.append(self.announcer)
        for adapter in self.adapters:
            self.luot.bus.subscribe(adapter)
        return self

    def _announcer(self, report):
        from announce.announcer import Announcer
        table = {k: v for k, v in self.raw["announce"].items() if k != "enabled"}
        sink = None
        if self.fake:
            from announce.sinks import NullSink
            sink = NullSink()
        return Announcer(table, Path(self.luot.settings.instance_path) / "voice", on_status=report,
                         sink=sink, publish=self.luot.audio_players.publish)

    def start(self) -> None:
        """Start every worker, then tell boards and keypads the current state."""
        for adapter in self.adapters:
            try:
                adapter.start()
            except Exception:  # noqa: BLE001 - a device never stops the hall
                log.exception("could not start %r", adapter)
        snapshot = self.luot.queries.snapshot(recent=0)
        for adapter in self.adapters:
            for counter in snapshot["counters"]:
                adapter.handle("counter_updated", {"seq": snapshot["seq"], "counter": counter})
            for area in snapshot["areas"]:
                adapter.handle("queue_updated", {"seq": snapshot["seq"], "area": area})

    def stop(self) -> None:
        for adapter in self.adapters:
            try:
                adapter.stop()
            except Exception:  # noqa: BLE001
                log.exception("could not stop %r", adapter)

    # ------------------------------------------------------------------ printing
    def hall_info(self) -> dict:
        printer = self.raw.get("printer", {})
        return {"centre_name": self.luot.config.name,
                "footer": printer.get("footer", "Vui lòng giữ phiếu và chờ đến lượt. Xin cảm ơn!")}

    def tracking_url(self, ticket_id: str) -> str:
        base = self.raw.get("hall", {}).get("public_url") or self.luot.public_url_guess
        return f"{base.rstrip('/')}/t/{ticket_id}"

    def ticket_print(self, ticket: dict):
        """What a printed ticket shows, from the ticket payload and the hall config."""
        from kiosk.printer import ticket_print
        config = self.luot.config
        info = {**self.hall_info(),
                "counters": [c.number for c in config.counters_for(ticket["area"])],
                "estimated_wait_min": ticket.get("estimated_wait_min"),
                "tracking_url": self.tracking_url(ticket["id"])}
        return ticket_print(ticket, info)

    # ------------------------------------------------------------------ keypads, scanners
    def _as_clerk(self, counter: int):
        """The label of the clerk signed in at a counter, or None."""
        state = self.luot.queries.counter(counter)
        if state["clerk_id"] is None:
            return None
        return f"user:{state['clerk_id']}:{state['clerk']} (thiết bị)"

    def _act(self, counter: int, action: str, data: dict):
        from counter.keypad import ActionResult
        try:
            actor = self._as_clerk(counter)
            if actor is None:
                return ActionResult(False, "Chưa có cán bộ")
            dispatch(self.luot.service, counter, action, data, actor)
            return ActionResult(True, "")
        except DomainError as error:
            return ActionResult(False, short(error.message))

    def key_action(self, key):
        """A keypad key: acts with the identity of the clerk signed in at that counter."""
        action = key.action
        if action not in COMMANDS:
            from counter.keypad import ActionResult
            return ActionResult(False, "Phím không hỗ trợ")
        data = {}
        if action == "pause":
            data["reason"] = KEYPAD_PAUSE_REASON
        elif action == "transfer":
            data["area"] = self._area_by_index(key.arg)
        elif action == "call":
            data["ticket"] = self._number_for(key.counter, key.arg or "")
        return self._act(key.counter, action, data)

    def _area_by_index(self, index) -> str:
        areas = self.luot.config.areas
        try:
            return areas[int(index) - 1].id
        except (TypeError, ValueError, IndexError):
            return f"#{index}"

    def _number_for(self, counter: int, digits: str) -> str:
        """Digits typed on a keypad -> a ticket number (adds a served area's prefix)."""
        config = self.luot.config
        for area_id in config.counter(counter).areas:
            numbering = config.area(area_id).numbering
            if numbering.prefix and digits.isdigit():
                return numbering.format(int(digits) - numbering.start + 1) \
                    if numbering.start <= int(digits) <= numbering.end else digits
        return digits

    def scan(self, counter: int, scan):
        """A barcode scan at a counter: a ticket QR calls it; a dossier code is attached."""
        if scan.kind == "ticket":
            return self._act(counter, "call", {"ticket": scan.value})
        if scan.kind == "dossier":
            return self._act(counter, "dossier", {"code": scan.value})
        from counter.keypad import ActionResult
        return ActionResult(False, "Mã không hợp lệ")

    # ------------------------------------------------------------------ status
    def status(self) -> list[dict]:
        return self.luot.device_health.status()
