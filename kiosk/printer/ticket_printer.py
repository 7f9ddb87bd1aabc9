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
import time
from dataclasses import dataclass
from typing import Callable

from devices.adapter import DeviceStatus, HealthReporter, Report
from devices.worker import Spawn, Workers
from kiosk.printer import status as st
from kiosk.printer.job import build_job
from kiosk.printer.settings import DEVICE_ID, PrinterSettings
from kiosk.printer.ticket import TicketPrint, ticket_print
from kiosk.printer.transport import open_link, query_status

log = logging.getLogger(__name__)

IDLE_WAIT_S = 0.2


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
    """Ticket printer adapter: the adapter interface plus reprint."""

    def __init__(self, settings: PrinterSettings,
                 content: Callable[[dict], TicketPrint] = ticket_print,
                 report: Report | None = None, spawn: Spawn | None = None,
                 monotonic: Callable[[], float] = time.monotonic, open_link=open_link):
        self.settings = settings
        self._content = content
        self._reporter = HealthReporter(report, [DEVICE_ID])
        self._workers = Workers(spawn)
        self._now = monotonic
        self._open_link = open_link
        self._inbox: queue.Queue[Job] = queue.Queue()
        self._pending: collections.deque[Job] = collections.deque()
        self._link = None
        self.last_printed: str | None = None
        self._delay = settings.retry_initial_s
        self._next_poll = 0.0

    # -- caller side (request thread / greenlet): never blocks -------------------------
    def start(self) -> None:
        """Start the background worker (no-op when already running)."""
        if not self._workers.running:
            self._workers.start(self._run, "ticket printer")

    def stop(self) -> None:
        """Stop the worker; waits up to ~2 s."""
        self._workers.stop()

    def handle(self, name: str, payload: dict) -> None:
        """On `ticket_issued`, enqueue a print job and return at once. Never raises."""
        if name == "ticket_issued":
            self._enqueue(payload.get("ticket") if isinstance(payload, dict) else None)

    def reprint(self, ticket_payload: dict) -> None:
        """Print a ticket again (ticket object as in docs/events.md)."""
        self._enqueue(ticket_payload)

    def health(self) -> list[DeviceStatus]:
        """The printer's latest status."""
        return self._reporter.health()

    @property
    def queued(self) -> int:
        """Tickets waiting to be printed."""
        return self._inbox.qsize() + len(self._pending)

    def _enqueue(self, ticket: dict | None) -> None:
        if not isinstance(ticket, dict):
            return
        self._inbox.put(Job(ticket, self._now()))

    # -- worker ------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self._workers.stopping.is_set():
                self._step()
        finally:
            self._close_link()

    def _step(self) -> None:
        self._take_inbox()
        self._drop_stale()
        if not self._pending:
            self._idle()
            return
        job = self._pending[0]
        if self._attempt(job):
            self._pending.popleft()
            self._delay = self.settings.retry_initial_s
        else:
            self._workers.stopping.wait(self._delay)
            self._delay = min(self._delay * 2, self.settings.retry_max_s)

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
            self._next_poll = self._now() + self.settings.poll_interval_s
            self._check_printer()
        self._take_inbox(timeout=IDLE_WAIT_S)

    def _drop_stale(self) -> None:
        limit, now = self.settings.max_job_age_s, self._now()
        dropped = [j.number for j in self._pending if now - j.enqueued_at > limit]
        if dropped:
            self._pending = collections.deque(
                j for j in self._pending if now - j.enqueued_at <= limit)
            log.warning("dropped unprinted tickets %s after %ss", dropped, limit)
            status = self._reporter.get(DEVICE_ID).status
            status = st.ERROR if status == "unknown" else status
            self._report(status, f"Bỏ in phiếu {', '.join(dropped)}: quá "
                                 f"{round(limit / 60)} phút chưa in được")

    def _check_printer(self) -> bool:
        """Open the link if needed and ask the printer's status; True when it can print."""
        try:
            link = self._ensure_link()
            if not self.settings.status_query:
                return True
            status, detail = query_status(link, self.settings.timeout_s)
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
        self.last_printed = job.number
        if self._reporter.get(DEVICE_ID).status != st.OK:
            self._report(st.OK, "")
        return True

    def _render(self, job: Job) -> bool:
        try:
            try:
                ticket = self._content(job.ticket)
            except Exception:
                log.exception("ticket content failed for %s; printing from payload", job.number)
                ticket = ticket_print(job.ticket)
            job.data = build_job(ticket, self.settings.width_px, self.settings.mode,
                                 self.settings.qr, self.settings.text_code_page)
            return True
        except Exception as exc:
            log.exception("cannot render ticket %s", job.number)
            self._report(st.ERROR, f"Không tạo được phiếu {job.number}: {exc}")
            return False

    def _ensure_link(self):
        if self._link is None:
            self._link = self._open_link(self.settings.url, self.settings.baudrate,
                                         self.settings.timeout_s)
        return self._link

    def _link_failed(self, exc: Exception) -> bool:
        log.warning("printer link %s failed: %s", self.settings.url, exc)
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
        self._reporter.set(DEVICE_ID, status, detail)
