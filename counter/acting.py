"""Keypads and barcode readers act as the clerk seated at their counter, through the one
command vocabulary (`hall.commands.dispatch`), and get an answer for people (the console)
and for a keypad's 16-character screen. A rating keypad rates the ticket the counter
finished last (`hall.ratings.rate_at_counter`)."""
from __future__ import annotations

from counter.barcode.scan import Scan
from counter.keypad.keys import KeyAction
from counter.keypad.messages import screen_text
from devices.adapter import ActionResult
from hall.commands import COMMANDS, dispatch
from hall.errors import DomainError

KEYPAD_PAUSE_REASON = "Tạm dừng"
# Results the devices give themselves: code -> (Vietnamese, English).
TEXTS = {
    "no_clerk": ("Chưa có cán bộ", "No clerk signed in"),
    "queue_empty": ("Không có ai đang chờ", "Nobody is waiting"),
    "unsupported_key": ("Phím không hỗ trợ", "Unsupported key"),
    "spare_key": ("Phím chưa dùng", "Key not in use"),
    "unknown_code": ("Mã không hợp lệ", "Unrecognised code"),
    "unknown_area": ("Không có lĩnh vực số {subject}", "No area number {subject}"),
    "called": ("Đã gọi số {subject}", "Called {subject}"),
    "dossier_attached": ("Đã gắn mã hồ sơ {subject}", "Dossier code {subject} attached"),
    "rated": ("Cảm ơn quý khách đã đánh giá", "Thank you for your rating"),
}
SCAN_COMMANDS = {"ticket": ("call", "ticket"), "number": ("call", "ticket"),
                 "dossier": ("dossier", "code")}
RATING_KEYS = 4
MAX_REPORTED = 64         # characters of a scan told to the staff


def short(message: str) -> str:
    """The Vietnamese half of a bilingual message, for small device screens."""
    return message.split(" (")[0]


def english(message: str) -> str:
    """The English half of a bilingual "Tiếng Việt (English)" message ("" when none)."""
    _, _, tail = message.partition(" (")
    return tail[:-1] if tail.endswith(")") else ""


def told(code: str, ok: bool = True, subject: str = "") -> ActionResult:
    """A result the devices give themselves, in both languages and for the screen."""
    vi, en = (text.format(subject=subject) for text in TEXTS[code])
    return ActionResult(ok, vi, code, screen_text(code, vi, subject), en, subject)


def refused(error: DomainError) -> ActionResult:
    """A domain error as a device result: its code, its message, a deliberate abbreviation."""
    vi = short(error.message)
    screen = screen_text(error.code, vi, state=str(error.details.get("state", "")))
    return ActionResult(False, vi, error.code, screen, english(error.message))


def transfer_areas(config) -> list[tuple[int, str, str]]:
    """The areas a keypad transfers to, numbered as the keypad numbers them: 1-based, in
    hall-config order, [(number, area_id, name)]; consoles list transfers the same way."""
    return [(number, area.id, area.name) for number, area in enumerate(config.areas, start=1)]


def rating_levels(scale) -> list[int | None]:
    """The level of each rating key 1-4, left to right (None: a spare key).

    Three levels: keys 1-3 best to worst, key 4 spare. Four: one key each. Five: the two
    best and the two worst; the middle level is not on the keypad (four keys, five levels).
    """
    values = [level.value for level in scale.levels]
    if len(values) == 5:
        values = values[:2] + values[3:]
    return (values + [None] * RATING_KEYS)[:RATING_KEYS]


def scan_report(counter: int, scan: Scan, result: ActionResult) -> dict:
    """The `scan_result` message for staff screens (docs/api.md): what was read at a counter
    and what it did."""
    return {"counter": counter, "kind": scan.kind, "text": scan.raw[:MAX_REPORTED], "ok": result.ok,
            "code": result.code, "message": result.message, "message_en": result.message_en,
            "subject": result.subject}


class ActingClerk:
    """Runs keypad keys and scans as commands of the clerk signed in at that counter."""

    def __init__(self, hall) -> None:
        self.service, self.queries, self.config = hall.service, hall.queries, hall.config
        self.ratings = hall.ratings

    def key(self, key: KeyAction) -> ActionResult:
        """A keypad key: `call` digits get the area prefix, `transfer` takes an area number,
        `rate` a rating key (1-4)."""
        if key.action == "rate":
            return self.rate(key.counter, key.arg)
        if key.action not in COMMANDS:
            return told("unsupported_key", ok=False)
        data = {}
        if key.action == "pause":
            data["reason"] = KEYPAD_PAUSE_REASON
        elif key.action == "transfer":
            area = self._area_by_number(key.arg)
            if area is None:
                return told("unknown_area", ok=False, subject=str(key.arg))
            data["area"] = area
        elif key.action == "call":
            data["ticket"] = self._number_for(key.counter, key.arg or "")
        return self._act(key.counter, key.action, data)

    def scan(self, counter: int, scan: Scan) -> ActionResult:
        """A scan at a counter: a ticket QR, ticket id or printed number calls that ticket; a
        dossier code is attached to the current one."""
        if scan.kind not in SCAN_COMMANDS:
            return told("unknown_code", ok=False)
        action, field = SCAN_COMMANDS[scan.kind]
        value = self._number_for(counter, scan.value) if scan.kind == "number" else scan.value
        return self._act(counter, action, {field: value})

    def rate(self, counter: int, key) -> ActionResult:
        """A rating key at a counter: rates the ticket it finished last, while invited."""
        levels = rating_levels(self.config.rating)
        index = int(key) - 1 if str(key).isdigit() else -1
        if not 0 <= index < len(levels) or levels[index] is None:
            return told("spare_key", ok=False)
        try:
            rating = self.ratings.rate_at_counter(counter, levels[index], source="keypad")
        except DomainError as error:
            return refused(error)
        return told("rated", subject=str(rating["number"]))

    def _act(self, counter: int, action: str, data: dict) -> ActionResult:
        try:
            actor = self._seated_clerk(counter)
            if actor is None:
                return told("no_clerk", ok=False)
            state = dispatch(self.service, counter, action, data, actor)
        except DomainError as error:
            return refused(error)
        return self._done(action, state)

    @staticmethod
    def _done(action: str, state: dict) -> ActionResult:
        current = (state.get("current") or {}).get("number", "")
        if action == "next" and not current:
            return told("queue_empty")
        if action == "call":
            return told("called", subject=current)
        if action == "dossier":
            return told("dossier_attached", subject=(state.get("current") or {}).get("dossier_code") or "")
        return ActionResult(True)

    def _seated_clerk(self, counter: int) -> str | None:
        """The actor label of the clerk signed in at a counter, or None."""
        state = self.queries.counter(counter)
        if state["clerk_id"] is None:
            return None
        return f"user:{state['clerk_id']}:{state['clerk']} (thiết bị)"

    def _area_by_number(self, number) -> str | None:
        """The area a keypad's transfer number names (see `transfer_areas`), or None."""
        wanted = int(number) if str(number).isdigit() else None
        return next((area_id for n, area_id, _ in transfer_areas(self.config) if n == wanted), None)

    def _number_for(self, counter: int, digits: str) -> str:
        """Digits typed on a keypad -> a ticket number (adds a served area's prefix)."""
        for area_id in self.config.counter(counter).areas:
            numbering = self.config.area(area_id).numbering
            if numbering.prefix and digits.isdigit():
                return numbering.format(int(digits) - numbering.start + 1) \
                    if numbering.start <= int(digits) <= numbering.end else digits
        return digits
