"""The print queue: `ticket_issued` events become print jobs, printed FIFO in the background.

`handle()` only enqueues. A background worker renders, checks the printer's real-time
status (DLE EOT, serial/TCP only), writes the job and retries with backoff while the
printer is offline or out of paper. Jobs older than `max_job_age_s` are dropped and
reported: the citizen has long gone and already knows the number from the kiosk screen.
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import Callable

from kiosk.printer import status as st
from kiosk.printer.job import build_job
from kiosk.printer.layout import MODES, paper_width_px
from kiosk.printer.ticket import TicketPrint, ticket_print
from kiosk.printer.transport import open_link, query_status

log = logging.getLogger(__name__)

DEFAULTS = {
    "enabled": True, "url": "dummy", "baudrate": 115200, "paper_width_mm": 80,
    "mode": "hybrid", "qr": "image", "status_query": True, "timeout_s": 1.0,
    "retry_initial_s": 1.0, "retry_max_s": 30.0, "max_job_age_s": 600.0,
    "poll_interval_s": 30.0, "device_id": "printer",
}
IDLE_WAIT_S = 0.2
DETAIL_DISABLED = "Đã tắt in phiếu trong cấu hình"


def _spawn_thread(fn: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=fn, name="ticket-printer", daemon=True)
    thread.start()
    return thread


@dataclass
class Job:
    """One ticket to print."""

    ticket: dict
    enqueued_at: float
    data: bytes | None = None

    @property
    def number(self) -> str:
        """The ticket number (for logs and status)."""
        return str(self.ticket.get("number", "?"))


class TicketPrinter:
    """Ticket printer adapter: Subscriber interface plus reprint and status."""

    def __init__(self, config: dict, hall_info: dict,
                 on_status: Callable[[str, str, str], None] | None = None,
                 spawn: Callable | None = None, monotonic: Callable[[], float] = time.monotonic,
                 enrich: Callable[[dict], TicketPrint] | None = None, open_link=open_link):
        self.cfg = {**DEFAULTS, **(config or {})}
        if self.cfg["mode"] not in MODES:
            raise ValueError(f"printer.mode must be one of {MODES}, not {self.cfg['mode']!r}")
        self.hall_info = dict(hall_info or {})
        self.width_px = paper_width_px(self.cfg["paper_width_mm"])
        self._on_status = on_status or (lambda device, status, detail: None)
        self._spawn = spawn or _spawn_thread
        self._now = monotonic
        self._enrich = enrich or self.default_enrich
        self._open_link = open_link
        self._inbox: queue.Queue[Job] = queue.Queue()
        self._pending: collections.deque[Job] = collections.deque()
        self._stop = threading.Event()
        self._done = threading.Event()
        self._done.set()
        self._link = None
        self._state = ("", "")
        self._last_printed: str | None = None
        self._delay = self.cfg["retry_initial_s"]
        self._next_poll = 0.0

    # -- caller side (request thread / greenlet): never blocks -------------------------
    def start(self) -> None:
        """Start the background worker (no-op when disabled or already running)."""
        if not self.cfg["enabled"] or not self._done.is_set():
            return
        self._stop.clear()
        self._done.clear()
        self._spawn(self._run)

    def stop(self) -> None:
        """Stop the worker; waits up to ~2 s."""
        self._stop.set()
        self._done.wait(2.0)

    def handle(self, name: str, payload: dict) -> None:
        """On `ticket_issued`, enqueue a print job and return at once. Never raises."""
        if name == "ticket_issued":
            self._enqueue(payload.get("ticket") if isinstance(payload, dict) else None)

    def reprint(self, ticket_payload: dict) -> None:
        """Print a ticket again (ticket object as in docs/events.md)."""
        self._enqueue(ticket_payload)

    def status(self) -> dict:
        """{status, detail, queue_length, last_printed}."""
        status, detail = self._state
        if not self.cfg["enabled"]:
            status, detail = st.OFFLINE, DETAIL_DISABLED
        return {"status": status or st.OK, "detail": detail,
                "queue_length": self._inbox.qsize() + len(self._pending),
                "last_printed": self._last_printed}

    def default_enrich(self, ticket: dict) -> TicketPrint:
        """TicketPrint from the payload and the hall info given to the constructor."""
        return ticket_print(ticket, self.hall_info)

    def _enqueue(self, ticket: dict | None) -> None:
        if not self.cfg["enabled"] or not isinstance(ticket, dict):
            return
        self._inbox.put(Job(ticket, self._now()))

    # -- worker ------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self._step()
        finally:
            self._close_link()
            self._done.set()

    def _step(self) -> None:
        self._take_inbox()
        self._drop_stale()
        if not self._pending:
            self._idle()
            return
        job = self._pending[0]
        if self._attempt(job):
            self._pending.popleft()
            self._delay = self.cfg["retry_initial_s"]
        else:
            self._stop.wait(self._delay)
            self._delay = min(self._delay * 2, self.cfg["retry_max_s"])

    def _take_inbox(self, timeout: float | None = None) -> None:
        try:
            self._pending.append(self._inbox.get(timeout=timeout) if timeout
                                 else self._inbox.get_nowait())
            while True:
                self._pending.append(self._inbox.get_nowait())
        except queue.Empty:
            pass

    def _idle(self) -> None:
        if self._now() >= self._next_poll:
            self._next_poll = self._now() + self.cfg["poll_interval_s"]
            self._check_printer()
        self._take_inbox(timeout=IDLE_WAIT_S)

    def _drop_stale(self) -> None:
        limit, now = self.cfg["max_job_age_s"], self._now()
        dropped = [j.number for j in self._pending if now - j.enqueued_at > limit]
        if dropped:
            self._pending = collections.deque(
                j for j in self._pending if now - j.enqueued_at <= limit)
            log.warning("dropped unprinted tickets %s after %ss", dropped, limit)
            status = self._state[0] or st.ERROR
            self._report(status, f"Bỏ in phiếu {', '.join(dropped)}: quá "
                                 f"{round(limit / 60)} phút chưa in được")

    def _check_printer(self) -> bool:
        """Open the link if needed and ask the printer's status; True when it can print."""
        try:
            link = self._ensure_link()
            if not self.cfg["status_query"]:
                return True
            status, detail = query_status(link, self.cfg["timeout_s"])
        except Exception as exc:  # serial/socket/USB errors of all kinds
            return self._link_failed(exc)
        if status == st.OFFLINE:
            self._close_link()
        self._report(status, detail)
        return status == st.OK

    def _attempt(self, job: Job) -> bool:
        if job.data is None and not self._render(job):
            return True  # unprintable: reported and dropped
        if not self._check_printer():
            return False
        try:
            self._link.write(job.data)
        except Exception as exc:
            return self._link_failed(exc)
        self._last_printed = job.number
        if self._state[0] != st.OK:
            self._report(st.OK, "")
        return True

    def _render(self, job: Job) -> bool:
        try:
            try:
                ticket = self._enrich(job.ticket)
            except Exception:
                log.exception("enrich failed for ticket %s; printing from payload", job.number)
                ticket = self.default_enrich(job.ticket)
            job.data = build_job(ticket, self.width_px, self.cfg["mode"], self.cfg["qr"])
            return True
        except Exception as exc:
            log.exception("cannot render ticket %s", job.number)
            self._report(st.ERROR, f"Không tạo được phiếu {job.number}: {exc}")
            return False

    def _ensure_link(self):
        if self._link is None:
            self._link = self._open_link(self.cfg["url"], int(self.cfg["baudrate"]),
                                         float(self.cfg["timeout_s"]))
        return self._link

    def _link_failed(self, exc: Exception) -> bool:
        log.warning("printer link %s failed: %s", self.cfg["url"], exc)
        self._close_link()
        self._report(st.OFFLINE, f"Không kết nối được máy in: {exc}")
        return False

    def _close_link(self) -> None:
        link, self._link = self._link, None
        if link is not None:
            try:
                link.close()
            except Exception:
                log.debug("closing printer link failed", exc_info=True)

    def _report(self, status: str, detail: str) -> None:
        if (status, detail) == self._state:
            return
        self._state = (status, detail)
        try:
            self._on_status(self.cfg["device_id"], status, detail)
        except Exception:
            log.exception("on_status callback failed")
