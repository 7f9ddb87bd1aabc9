"""The print queue: `ticket_issued` and `ticket_reprint` events become print jobs, printed
in the order of the record in the background.

`handle()` only enqueues. A background worker renders, checks the printer's real-time
status (DLE EOT, serial/TCP only), writes the job and retries with backoff while the
printer is offline or out of paper. Jobs older than `max_job_age_s` are dropped and
reported: the citizen has long gone and already knows the number from the kiosk screen.

Nothing waiting is lost with the process: after each job the printer moves its cursor in
the record (`cursor`, store.record.PrintCursor), and a printer that starts — after a
kill -9, or in the process that now leads the hall — first queues what lies beyond it.
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
PRINTED_EVENTS = ("ticket_issued", "ticket_reprint")


@dataclass
class Job:
    """One ticket to print."""

    ticket: dict
    enqueued_at: float
    data: bytes | None = None
    seq: int | None = None          # its event in the record (None: not recorded)

    @property
    def number(self) -> str:
        """The ticket number (for logs and status)."""
        return str(self.ticket.get("number", "?"))


class TicketPrinter:
    """Ticket printer adapter (the adapter interface)."""

    def __init__(self, settings: PrinterSettings,
                 content: Callable[[dict], TicketPrint] = ticket_print,
                 report: Report | None = None, spawn: Spawn | None = None,
                 monotonic: Callable[[], float] = time.monotonic, open_link=open_link,
                 cursor=None):
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
        self._cursor = cursor
        self._last_seq = 0              # the last recorded event queued (no job twice)

    # -- caller side (request thread / greenlet): never blocks -------------------------
    def start(self) -> None:
        """Queue what the record holds beyond the cursor, then start the background worker
        (no-op when already running)."""
        if not self._workers.running:
            self._recover()
            self._workers.start(self._run, "ticket printer")

    def stop(self) -> None:
        """Stop the worker; waits up to ~2 s."""
        self._workers.stop()

    def handle(self, name: str, payload: dict) -> None:
        """On `ticket_issued` or `ticket_reprint`, enqueue a print job and return at once.
        Never raises."""
        if name in PRINTED_EVENTS and isinstance(payload, dict):
            seq = payload.get("seq")
            self._enqueue(payload.get("ticket"), seq if isinstance(seq, int) else None)

    def health(self) -> list[DeviceStatus]:
        """The printer's latest status."""
        return self._reporter.health()

    @property
    def queued(self) -> int:
        """Tickets waiting to be printed."""
        return self._inbox.qsize() + len(self._pending)

    def _enqueue(self, ticket: dict | None, seq: int | None = None, age_s: float = 0.0) -> None:
        if not isinstance(ticket, dict):
            return
        if seq is not None:
            if seq <= self._last_seq:
                return                      # queued already (recovered, then heard again)
            self._last_seq = seq
        self._inbox.put(Job(ticket, self._now() - age_s, seq=seq))

    def _recover(self) -> None:
        """Queue the record's print events beyond the cursor that are still worth printing,
        in place of any this process queued before (another process that led the hall
        meanwhile may have printed them)."""
        if self._cursor is None:
            return
        self._take_inbox()
        self._pending = collections.deque(job for job in self._pending if job.seq is None)
        self._last_seq = 0
        try:
            waiting = self._cursor.unprinted(self.settings.max_job_age_s)
        except Exception:  # noqa: BLE001 - the database away: print what comes from now on
            log.exception("could not read the tickets waiting to be printed")
            return
        if waiting:
            log.info("printing %d ticket(s) left unprinted: %s", len(waiting),
                     ", ".join(str(ticket.get("number", "?")) for _, ticket, _ in waiting))
        for seq, ticket, age_s in waiting:
            self._enqueue(ticket, seq, age_s)

    def _finished(self, jobs) -> None:
        """These jobs are printed or given up on: move the cursor past them."""
        seqs = [job.seq for job in jobs if job.seq is not None]
        if self._cursor is None or not seqs:
            return
        try:
            self._cursor.done(max(seqs))
        except Exception:  # noqa: BLE001 - printed anyway; at worst printed again after a restart
            log.exception("could not record how far the printer has got")

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
            self._finished([job])
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
        stale = [j for j in self._pending if now - j.enqueued_at > limit]
        dropped = [j.number for j in stale]
        if dropped:
            self._pending = collections.deque(
                j for j in self._pending if now - j.enqueued_at <= limit)
            self._finished(stale)
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
