"""The announcement queue: one segment at a time (announce/schedule.py decides which), in
call order, recalls merged, stale calls dropped, last N kept."""
from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from datetime import datetime, time
from typing import Callable, Optional

from announce.schedule import Job, Schedule, Segment
from announce.settings import in_quiet_hours
from announce.sinks import SinkError
from devices.worker import Workers

__all__ = ["Job", "Player"]


class Player:
    """Plays jobs through a sink from its own worker; never blocks the caller of ``enqueue``."""

    def __init__(self, sink, render: Callable[[tuple], object],
                 report: Callable[[bool, str], None], spawn=None,
                 clock: Optional[Callable[[], datetime]] = None,
                 quiet: Optional[tuple[time, time]] = None, keep: int = 20,
                 schedule: Optional[Schedule] = None, idle: Optional[Callable[[], None]] = None,
                 after: Optional[Callable[[], None]] = None):
        self.sink = sink
        self.render = render          # items -> Rendered (wav, seconds, fallback)
        self.report = report          # (sink_ok, detail)
        self.clock = clock
        self.quiet = quiet
        self.keep = keep
        self.idle = idle              # called about every 0.5 s while nothing plays
        self.after = after            # called after each segment (from the worker)
        self._lock = threading.Condition()
        self.schedule = schedule or Schedule()
        self._jobs: "OrderedDict[str, Job]" = OrderedDict()
        self._segments: "OrderedDict[str, bytes]" = OrderedDict()   # segment id -> wav
        self._workers = Workers(spawn)

    def start(self, prepare: Optional[Callable[[], None]] = None) -> None:
        """Start the worker; ``prepare`` runs in it first (e.g. generating the voice pack)."""
        if not self._workers.running:
            self._workers.start(lambda: self._work(prepare), "announcer")

    @property
    def running(self) -> bool:
        """Whether the worker runs (in the process that leads the hall)."""
        return self._workers.running

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
                call_id: Optional[str] = None, at: Optional[str] = None, *,
                segments: tuple = (), short: tuple = (), short_text: str = "",
                test: bool = False, job_id: Optional[str] = None) -> str:
        """Queue an announcement and return its id; a waiting one for the same ticket is
        updated. `segments` split the full form into repetitions; `short` is the short form
        said when calls queue up."""
        with self._lock:
            job = self.schedule.add(Job(job_id or secrets.token_hex(6), text, items, ticket_id, call_id,
                                        at, segments=segments, short=short,
                                        short_text=short_text, test=test))
            self._remember(job)
            self._lock.notify_all()
            return job.id

    def changed(self) -> None:
        """The hall changed (a call may no longer be current): drop stale jobs now."""
        with self._lock:
            self.schedule.drop_stale()
            self._forget_dropped()

    def get_wav(self, job_id: str) -> Optional[bytes]:
        """The composed WAV of a recent announcement or segment (None when unknown or not
        yet composed)."""
        with self._lock:
            job = self._jobs.get(job_id)
            return job.wav if job else self._segments.get(job_id)

    def recent(self) -> list[dict]:
        """The last announcements, newest first."""
        with self._lock:
            return [job.public() for job in reversed(self._jobs.values())]

    def pending(self) -> int:
        """How many announcements wait to be played."""
        with self._lock:
            return len(self.schedule.waiting)

    def _remember(self, job: Job) -> None:
        """Keep the last ``keep`` jobs (never dropping a waiting one)."""
        self._jobs[job.id] = job
        for old_id in list(self._jobs):
            if len(self._jobs) <= self.keep:
                break
            if self._jobs[old_id].status not in ("queued", "playing"):
                del self._jobs[old_id]

    def _forget_dropped(self) -> None:
        for job in self.schedule.dropped:
            self._remember(job)
        self.schedule.dropped.clear()

    def _work(self, prepare: Optional[Callable[[], None]]) -> None:
        """Worker loop."""
        if prepare:
            prepare()
        while True:
            segment = self._next_segment()
            if segment is None:
                return
            self._play(segment)
            if self.after:
                self.after()

    def _next_segment(self) -> Optional[Segment]:
        """Wait (with a timeout, repeatedly) for the next segment; None once stopped."""
        stopping = self._workers.stopping
        while True:
            with self._lock:
                if stopping.is_set():
                    return None
                segment = self.schedule.next()
                self._forget_dropped()
                if segment is not None:
                    return segment
                self._lock.wait(0.5)
            if self.idle and not stopping.is_set():
                self.idle()

    def _play(self, segment: Segment) -> None:
        """Compose and play one segment; a failure is reported and the queue moves on."""
        if not segment.items:
            self._finish(segment.done, None)
            return
        try:
            rendered = self.render(segment.items)
        except Exception as exc:   # noqa: BLE001 - a bad job must not kill the worker
            self._finish(segment.jobs + segment.done, "failed")
            self.report(False, f"Không soạn được thông báo: {exc}")
            return
        with self._lock:
            self._segments[segment.id] = rendered.wav
            while len(self._segments) > self.keep:
                self._segments.popitem(last=False)
            for job in segment.jobs:
                job.wav = self._heard_wav(job, rendered)
        if self.quiet and self.clock and in_quiet_hours(self.clock().time(), self.quiet):
            self._finish(segment.done, "quiet")
            return
        info = {"id": segment.id, "text": segment.text, "seconds": rendered.seconds}
        try:
            self.sink.play(rendered.wav, info)
        except Exception as exc:   # noqa: BLE001 - SinkError or anything a sink throws
            self._finish(segment.jobs + segment.done, "failed")
            detail = str(exc) if isinstance(exc, SinkError) else f"Lỗi phát âm thanh: {exc!r}"
            self.report(False, detail)
            return
        self._finish(segment.done, "fallback" if rendered.fallback else None)
        self._finish([job for job in segment.done if job.fallback], "fallback")
        self.report(True, "")

    def _heard_wav(self, job: Job, rendered) -> bytes:
        """Everything said for a job so far, as one WAV (one segment: that segment's)."""
        if len(job.heard) < 2:
            return rendered.wav
        try:
            return self.render(tuple(x for items in job.heard for x in items)).wav
        except Exception:  # noqa: BLE001 - the latest segment will do
            return rendered.wav

    def _finish(self, jobs: list, status: Optional[str]) -> None:
        """Record the final status (None: played, unless something already said otherwise)."""
        with self._lock:
            for job in dict.fromkeys(jobs):
                if status is not None:
                    job.status = status
                elif job.status in ("queued", "playing"):
                    job.status = "played"
                self._remember(job)
