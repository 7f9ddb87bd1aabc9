"""The announcement queue: one at a time, in call order, recalls merged, last N kept."""
from __future__ import annotations

import secrets
import threading
from collections import OrderedDict, deque
from dataclasses import dataclass
from datetime import datetime, time
from typing import Callable, Optional

from announce.settings import in_quiet_hours
from announce.sinks import SinkError
from devices.worker import Workers


@dataclass
class Job:
    """One announcement, from queued to played (or not)."""

    id: str
    text: str
    items: tuple
    ticket_id: Optional[str] = None
    call_id: Optional[str] = None
    at: Optional[str] = None
    status: str = "queued"   # queued|playing|played|quiet|failed|fallback
    wav: Optional[bytes] = None

    def public(self) -> dict:
        """The row shown by ``recent()``."""
        return {"id": self.id, "text": self.text, "call_id": self.call_id, "at": self.at,
                "status": self.status}


class Player:
    """Plays jobs through a sink from its own worker; never blocks the caller of ``enqueue``."""

    def __init__(self, sink, render: Callable[[tuple], object],
                 report: Callable[[bool, str], None], spawn=None,
                 clock: Optional[Callable[[], datetime]] = None,
                 quiet: Optional[tuple[time, time]] = None, keep: int = 20):
        self.sink = sink
        self.render = render          # items -> Rendered (wav, seconds, fallback)
        self.report = report          # (sink_ok, detail)
        self.clock = clock
        self.quiet = quiet
        self.keep = keep
        self._lock = threading.Condition()
        self._waiting: deque[Job] = deque()
        self._jobs: "OrderedDict[str, Job]" = OrderedDict()
        self._workers = Workers(spawn)

    def start(self, prepare: Optional[Callable[[], None]] = None) -> None:
        """Start the worker; ``prepare`` runs in it first (e.g. generating the voice pack)."""
        if not self._workers.running:
            self._workers.start(lambda: self._work(prepare), "announcer")

    def stop(self, timeout: float = 2.0) -> None:
        """Stop the worker, cutting the current sound short; waits up to ``timeout``."""
        if self._workers.running:
            self._workers.stop(timeout, wake=self._wake)

    def _wake(self) -> None:
        """Interrupt the worker's wait for a job, and the sound it plays."""
        with self._lock:
            self._lock.notify_all()
        self.sink.cancel()

    def enqueue(self, text: str, items: tuple, ticket_id: Optional[str] = None,
                call_id: Optional[str] = None, at: Optional[str] = None) -> str:
        """Queue an announcement and return its id; a waiting one for the same ticket is updated."""
        with self._lock:
            job = self._waiting_for(ticket_id)
            if job:
                job.text, job.items, job.call_id, job.at = text, items, call_id, at
            else:
                job = Job(secrets.token_hex(6), text, items, ticket_id, call_id, at)
                self._waiting.append(job)
                self._remember(job)
            self._lock.notify_all()
            return job.id

    def get_wav(self, job_id: str) -> Optional[bytes]:
        """The composed WAV of a recent announcement (None when unknown or not yet composed)."""
        with self._lock:
            job = self._jobs.get(job_id)
            return job.wav if job else None

    def recent(self) -> list[dict]:
        """The last announcements, newest first."""
        with self._lock:
            return [job.public() for job in reversed(self._jobs.values())]

    def pending(self) -> int:
        """How many announcements wait to be played."""
        with self._lock:
            return len(self._waiting)

    def _waiting_for(self, ticket_id: Optional[str]) -> Optional[Job]:
        """The queued (not playing) job of ``ticket_id``."""
        if ticket_id is None:
            return None
        return next((j for j in self._waiting if j.ticket_id == ticket_id), None)

    def _remember(self, job: Job) -> None:
        """Keep the last ``keep`` jobs (never dropping a waiting one)."""
        self._jobs[job.id] = job
        for old_id in list(self._jobs):
            if len(self._jobs) <= self.keep:
                break
            if self._jobs[old_id].status not in ("queued", "playing"):
                del self._jobs[old_id]

    def _work(self, prepare: Optional[Callable[[], None]]) -> None:
        """Worker loop."""
        if prepare:
            prepare()
        while True:
            job = self._next_job()
            if job is None:
                return
            self._play(job)

    def _next_job(self) -> Optional[Job]:
        """Wait (with a timeout, repeatedly) for the next job; None once stopped."""
        stopping = self._workers.stopping
        with self._lock:
            while not stopping.is_set() and not self._waiting:
                self._lock.wait(0.5)
            if stopping.is_set():
                return None
            job = self._waiting.popleft()
            job.status = "playing"
            return job

    def _play(self, job: Job) -> None:
        """Compose and play one job; a failure is reported and the queue moves on."""
        try:
            rendered = self.render(job.items)
        except Exception as exc:   # noqa: BLE001 - a bad job must not kill the worker
            self._finish(job, "failed")
            self.report(False, f"Không soạn được thông báo: {exc}")
            return
        job.wav = rendered.wav
        if self.quiet and self.clock and in_quiet_hours(self.clock().time(), self.quiet):
            self._finish(job, "quiet")
            return
        info = {"id": job.id, "text": job.text, "seconds": rendered.seconds}
        try:
            self.sink.play(rendered.wav, info)
        except Exception as exc:   # noqa: BLE001 - SinkError or anything a sink throws
            self._finish(job, "failed")
            detail = str(exc) if isinstance(exc, SinkError) else f"Lỗi phát âm thanh: {exc!r}"
            self.report(False, detail)
            return
        self._finish(job, "fallback" if rendered.fallback else "played")
        self.report(True, "")

    def _finish(self, job: Job, status: str) -> None:
        """Record the final status."""
        with self._lock:
            job.status = status
            self._remember(job)
