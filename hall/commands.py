"""The counter's command vocabulary: one list of what a clerk can do, one dispatcher.

Every entry point derives from `COUNTER_COMMANDS`: the HTTP route
`POST /api/v1/counters/<n>/<name>`, the Socket.IO `counter_action`, the OpenAPI document,
the console's buttons and shortcuts, the manager's page, the keypad's keys and the barcode
reader's scans. Adding an action is one `Command` here plus its handler on `HallService`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .config import known_counter
from .errors import InvalidInput
from .model import CounterState
from .states import COUNTER_TRANSITIONS, CounterAction

MAX_FIELD = 200


@dataclass(frozen=True)
class Field:
    """A string argument of a command, taken from the request body by name."""

    name: str
    max_length: int = MAX_FIELD
    description: str = ""


@dataclass(frozen=True)
class Command:
    """One thing a clerk can do at a counter.

    `needs` is the counter transition the command performs: it is allowed exactly when the
    counter's state has that transition in `COUNTER_TRANSITIONS`. `handler` names the
    `HallService` method, called as `handler(counter, *fields, actor=...)`.
    """

    name: str
    handler: str
    needs: CounterAction
    summary: str
    label_vi: str
    label_en: str
    fields: tuple[Field, ...] = ()
    shortcut: str = ""           # the console's keyboard shortcut (a letter), if any
    requires: Callable[[CounterState], bool] | None = None   # a further condition, if any

    def allowed_for(self, state: CounterState) -> bool:
        """Whether the counter, as it is, can run the command."""
        if (state.status, self.needs) not in COUNTER_TRANSITIONS:
            return False
        return self.requires is None or self.requires(state)

    def public(self) -> dict:
        """The command as pages see it (labels, shortcut, fields)."""
        return {"name": self.name, "label_vi": self.label_vi, "label_en": self.label_en,
                "shortcut": self.shortcut, "fields": [f.name for f in self.fields]}


_CA = CounterAction
COUNTER_COMMANDS: tuple[Command, ...] = (
    Command("next", "call_next", _CA.CALL,
            "Finish the current ticket as served, then call the next one",
            "Gọi số tiếp", "Call next", shortcut="N"),
    Command("recall", "recall", _CA.RECALL, "Announce the current ticket again (a new call)",
            "Gọi lại", "Recall", shortcut="R"),
    Command("done", "done", _CA.RELEASE, "The current citizen has been served",
            "Xong", "Done", shortcut="X"),
    Command("no-show", "no_show", _CA.RELEASE, "The called citizen did not come",
            "Vắng mặt", "No-show", shortcut="V"),
    Command("transfer", "transfer", _CA.RELEASE,
            "Send the current ticket to another area, keeping its number and place",
            "Chuyển lĩnh vực", "Transfer", (Field("area", 40, "the target area's id"),),
            shortcut="C"),
    Command("call", "call_ticket", _CA.CALL,
            "Call a specific ticket by id or number (a waiting one, or a no-show within the "
            "tolerance window)", "Gọi số cụ thể", "Call a number",
            (Field("ticket", 64, "a ticket id or the number shown on it"),), shortcut="G"),
    Command("call-back", "call_back_last", _CA.CALL,
            "Call back the latest citizen this counter marked as a no-show (they came back)",
            "Gọi lại số vắng", "Call back no-show", shortcut="B"),
    Command("pause", "pause", _CA.PAUSE, "Pause the counter with a reason",
            "Tạm dừng", "Pause", (Field("reason", 200, "shown on the displays"),), shortcut="P"),
    Command("resume", "resume", _CA.RESUME, "End a pause (or open a closed counter)",
            "Tiếp tục", "Resume", shortcut="P"),
    Command("undo", "undo", _CA.UNDO,
            "Undo the counter's last done, no-show or transfer (within 10 seconds)",
            "Hoàn tác", "Undo", shortcut="Z", requires=lambda state: state.can_undo),
    Command("open", "open_counter", _CA.OPEN, "Open the counter", "Mở quầy", "Open"),
    Command("close", "close_counter", _CA.CLOSE, "Close the counter (not while serving)",
            "Đóng quầy", "Close"),
    Command("dossier", "attach_dossier", _CA.RELEASE,
            "Attach a dossier code (mã hồ sơ) to the current ticket",
            "Gắn mã hồ sơ", "Attach dossier code",
            (Field("code", 64, "the dossier code (mã hồ sơ)"),), shortcut="H"),
)
COMMANDS: dict[str, Command] = {c.name: c for c in COUNTER_COMMANDS}


def command(name) -> Command:
    """The command with this name; InvalidInput (unknown_action) otherwise."""
    found = COMMANDS.get(name) if isinstance(name, str) else None
    if found is None:
        raise InvalidInput(f"Không có thao tác '{str(name)[:30]}' (unknown action)",
                           code="unknown_action")
    return found


def allowed_commands(state: CounterState) -> list[str]:
    """Names of the commands the counter can run now."""
    return [c.name for c in COUNTER_COMMANDS if c.allowed_for(state)]


def text_field(data: dict, field: Field):
    """A command's string argument from a request body, validated."""
    value = data.get(field.name) if isinstance(data, dict) else None
    if value is None:
        raise InvalidInput(f"Thiếu trường '{field.name}' (missing field)", code="missing_field",
                           field=field.name)
    if not isinstance(value, str):
        raise InvalidInput(f"Trường '{field.name}' phải là chuỗi (must be a string)",
                           code="invalid_field", field=field.name)
    if len(value) > field.max_length:
        raise InvalidInput(f"Trường '{field.name}' quá dài (too long)", code="invalid_field",
                           field=field.name)
    return value


def dispatch(service, counter_no, name, data: dict | None, actor: str | None) -> dict:
    """Run one counter command and return the counter's new state (raises domain errors)."""
    cmd = command(name)
    known_counter(service.config, counter_no)
    args = [text_field(data or {}, field) for field in cmd.fields]
    return getattr(service, cmd.handler)(counter_no, *args, actor=actor)
