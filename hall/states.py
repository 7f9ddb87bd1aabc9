"""Ticket and counter state machines: one literal transition table each."""
from __future__ import annotations

from enum import Enum

from .errors import IllegalTransition


class TicketStatus(str, Enum):
    WAITING = "waiting"
    CALLED = "called"
    SERVED = "served"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"      # a transfer copy whose transfer was undone


class TicketAction(str, Enum):
    CALL = "call"
    RECALL = "recall"
    FINISH = "finish"
    MISS = "no_show"
    CALL_BACK = "call_back"
    TRANSFER = "transfer"
    EXPIRE = "expire"
    UNDO = "undo"
    WITHDRAW = "withdraw"


class CounterStatus(str, Enum):
    IDLE = "idle"
    SERVING = "serving"
    PAUSED = "paused"
    CLOSED = "closed"


class Presence(str, Enum):
    """Whether someone staffs a counter (orthogonal to its status)."""

    ABSENT = "absent"      # nobody signed in and no recent activity: the counter is not staffed
    PRESENT = "present"    # a clerk is signed in (or a clerk token acts) and was seen lately
    AWAY = "away"          # the signed-in clerk's console and keypad have been quiet too long


class CounterAction(str, Enum):
    CALL = "call"          # a ticket becomes current
    RECALL = "recall"
    RELEASE = "release"    # the current ticket is finished, missed or transferred
    PAUSE = "pause"
    RESUME = "resume"
    OPEN = "open"
    CLOSE = "close"
    UNDO = "undo"          # the ticket just finished here is current again


_T, _A = TicketStatus, TicketAction
TICKET_TRANSITIONS: dict[tuple[TicketStatus, TicketAction], TicketStatus] = {
    (_T.WAITING, _A.CALL): _T.CALLED,
    (_T.CALLED, _A.RECALL): _T.CALLED,
    (_T.CALLED, _A.FINISH): _T.SERVED,
    (_T.CALLED, _A.MISS): _T.NO_SHOW,
    (_T.CALLED, _A.TRANSFER): _T.TRANSFERRED,
    (_T.NO_SHOW, _A.CALL_BACK): _T.CALLED,
    (_T.WAITING, _A.EXPIRE): _T.EXPIRED,
    (_T.CALLED, _A.EXPIRE): _T.EXPIRED,
    (_T.SERVED, _A.UNDO): _T.CALLED,
    (_T.NO_SHOW, _A.UNDO): _T.CALLED,
    (_T.TRANSFERRED, _A.UNDO): _T.CALLED,
    (_T.WAITING, _A.WITHDRAW): _T.WITHDRAWN,
}

_C, _CA = CounterStatus, CounterAction
COUNTER_TRANSITIONS: dict[tuple[CounterStatus, CounterAction], CounterStatus] = {
    (_C.IDLE, _CA.CALL): _C.SERVING,
    (_C.SERVING, _CA.CALL): _C.SERVING,
    (_C.CLOSED, _CA.CALL): _C.SERVING,     # pressing Next on a closed counter opens it
    (_C.SERVING, _CA.RECALL): _C.SERVING,
    (_C.SERVING, _CA.RELEASE): _C.IDLE,
    (_C.IDLE, _CA.PAUSE): _C.PAUSED,
    (_C.PAUSED, _CA.PAUSE): _C.PAUSED,     # change the reason
    (_C.PAUSED, _CA.RESUME): _C.IDLE,
    (_C.CLOSED, _CA.RESUME): _C.IDLE,
    (_C.CLOSED, _CA.OPEN): _C.IDLE,
    (_C.IDLE, _CA.OPEN): _C.IDLE,
    (_C.PAUSED, _CA.OPEN): _C.IDLE,
    (_C.IDLE, _CA.CLOSE): _C.CLOSED,
    (_C.PAUSED, _CA.CLOSE): _C.CLOSED,
    (_C.CLOSED, _CA.CLOSE): _C.CLOSED,
    (_C.IDLE, _CA.UNDO): _C.SERVING,
}

TICKET_STATUS_VI = {
    _T.WAITING: "đang chờ", _T.CALLED: "đang được gọi", _T.SERVED: "đã phục vụ",
    _T.NO_SHOW: "vắng mặt", _T.TRANSFERRED: "đã chuyển", _T.EXPIRED: "hết hạn",
    _T.WITHDRAWN: "đã rút lại",
}
COUNTER_STATUS_VI = {
    _C.IDLE: "đang chờ gọi số", _C.SERVING: "đang phục vụ", _C.PAUSED: "tạm dừng",
    _C.CLOSED: "đóng",
}
_TICKET_ACTION_VI = {
    _A.CALL: "gọi", _A.RECALL: "gọi lại", _A.FINISH: "hoàn thành", _A.MISS: "đánh dấu vắng mặt",
    _A.CALL_BACK: "gọi lại số vắng mặt", _A.TRANSFER: "chuyển", _A.EXPIRE: "hết hạn",
    _A.UNDO: "hoàn tác", _A.WITHDRAW: "rút lại",
}
_COUNTER_ACTION_VI = {
    _CA.CALL: "gọi số", _CA.RECALL: "gọi lại", _CA.RELEASE: "kết thúc lượt",
    _CA.PAUSE: "tạm dừng", _CA.RESUME: "tiếp tục", _CA.OPEN: "mở quầy", _CA.CLOSE: "đóng quầy",
    _CA.UNDO: "hoàn tác",
}


def next_ticket_status(status: TicketStatus, action: TicketAction) -> TicketStatus:
    """The ticket's state after an action; raises IllegalTransition naming both."""
    try:
        return TICKET_TRANSITIONS[(status, action)]
    except KeyError:
        raise IllegalTransition(
            f"Không thể {_TICKET_ACTION_VI[action]} phiếu {TICKET_STATUS_VI[status]} "
            f"(cannot {action.value} a ticket that is {status.value})",
            state=status.value, action=action.value) from None


def next_counter_status(status: CounterStatus, action: CounterAction) -> CounterStatus:
    """The counter's state after an action; raises IllegalTransition naming both."""
    try:
        return COUNTER_TRANSITIONS[(status, action)]
    except KeyError:
        hint = ""
        if status is _C.SERVING and action in (_CA.PAUSE, _CA.CLOSE):
            hint = " — hãy kết thúc lượt đang phục vụ trước"
        if status is _C.PAUSED and action is _CA.CALL:
            hint = " — bấm Tiếp tục trước"
        raise IllegalTransition(
            f"Không thể {_COUNTER_ACTION_VI[action]} khi quầy {COUNTER_STATUS_VI[status]}{hint} "
            f"(cannot {action.value} a counter that is {status.value})",
            state=status.value, action=action.value) from None
