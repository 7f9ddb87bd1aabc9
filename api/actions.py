"""Counter actions, one dispatcher for every entry point: HTTP, Socket.IO, keypad, scanner."""
from __future__ import annotations

from hall.errors import InvalidInput, NotFound

MAX_STRING = 200

COUNTER_ACTIONS = ("next", "recall", "done", "no-show", "pause", "resume", "open", "close",
                   "transfer", "call", "dossier")


def text_field(data: dict, name: str, required: bool = True):
    """A string field of a request body, validated (None when optional and absent)."""
    value = data.get(name)
    if value is None:
        if required:
            raise InvalidInput(f"Thiếu trường '{name}' (missing field)", code="missing_field",
                               field=name)
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"Trường '{name}' phải là chuỗi (must be a string)", code="invalid_field",
                           field=name)
    if len(value) > MAX_STRING:
        raise InvalidInput(f"Trường '{name}' quá dài (too long)", code="invalid_field", field=name)
    return value


def perform(service, config, n: int, action: str, data: dict, actor: str | None) -> dict:
    """Run one counter action and return the counter's new state (raises domain errors)."""
    if action not in COUNTER_ACTIONS:
        raise InvalidInput(f"Không có thao tác '{str(action)[:30]}' (unknown action)",
                           code="unknown_action")
    if n not in {c.number for c in config.counters}:
        raise NotFound(f"Không có quầy số {n} (unknown counter)", code="unknown_counter")
    actions = {
        "next": lambda: service.call_next(n, actor=actor),
        "recall": lambda: service.recall(n, actor=actor),
        "done": lambda: service.done(n, actor=actor),
        "no-show": lambda: service.no_show(n, actor=actor),
        "pause": lambda: service.pause(n, text_field(data, "reason"), actor=actor),
        "resume": lambda: service.resume(n, actor=actor),
        "open": lambda: service.open_counter(n, actor=actor),
        "close": lambda: service.close_counter(n, actor=actor),
        "transfer": lambda: service.transfer(n, text_field(data, "area"), actor=actor),
        "call": lambda: service.call_ticket(n, text_field(data, "ticket"), actor=actor),
        "dossier": lambda: service.attach_dossier(n, text_field(data, "code"), actor=actor),
    }
    return actions[action]()
