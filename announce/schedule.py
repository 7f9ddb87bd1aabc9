"""What to say next: the announcement queue's decisions, without threads or sound.

The player asks for one segment at a time and plays it; decisions are taken only between
segments, so the bench (bench/announce_bench.py) can replay a burst with a simulated clock
through this very code.

- A call that is no longer current (hall/calls.py) is dropped before it is said.
- A call alone, after silence, gets the full form: chime, then its phrase `repeat` times;
  each repetition is a segment of its own and is skipped when another call waits or the
  call is no longer current (so a burst never waits behind repetitions).
- When calls queue up (several wait at once, or one waits while another is said) each is
  said once in the short form ("Số 1023, quầy 2"), all in one segment under one chime (none
  when the hall is still listening to the previous segment).
"""
from __future__ import annotations

import secrets
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Optional

MAX_BATCH = 8          # short forms in one segment at most (the rest follow at once)


@dataclass(eq=False)
class Job:
    """One announcement, from queued to played (or not)."""

    id: str
    text: str
    items: tuple
    ticket_id: Optional[str] = None
    call_id: Optional[str] = None
    at: Optional[str] = None
    status: str = "queued"   # queued|playing|played|quiet|failed|fallback|dropped
    wav: Optional[bytes] = None
    segments: tuple = ()     # the full form, one item tuple per repetition (chime in the 1st)
    short: tuple = ()        # the short form's items (no chime); () = none
    short_text: str = ""
    test: bool = False       # the manager's speaker test
    heard: list = field(default_factory=list)    # items played for this job, in order
    mentioned: bool = False  # its number has been said
    fallback: bool = False   # clips are missing: a chime alone is played

    def __post_init__(self):
        if not self.segments:
            self.segments = (self.items,)

    def public(self) -> dict:
        """The row shown by ``recent()``."""
        return {"id": self.id, "text": self.text, "call_id": self.call_id, "at": self.at,
                "status": self.status, "test": self.test}


@dataclass(eq=False)
class Segment:
    """One piece of sound to play now."""

    id: str
    items: tuple
    text: str
    first: list            # [(job, item index where the job is first mentioned)]
    done: list             # jobs finished once this segment has played
    jobs: list             # every job heard in this segment


class Schedule:
    """The waiting jobs and the decisions (callers hold the player's lock)."""

    def __init__(self, chime: tuple = (), gap_ms: int = 600,
                 is_current: Callable[[Optional[str]], bool] = lambda call_id: True,
                 speakable: Callable[[tuple], bool] = lambda items: True):
        self.chime = tuple(chime)       # e.g. ("chime", 250): what opens a segment after silence
        self.gap_ms = gap_ms            # between two short forms
        self.is_current = is_current
        self.speakable = speakable      # False when the voice pack lacks a clip of the items
        self.waiting: deque[Job] = deque()
        self.dropped: list[Job] = []    # dropped since the caller last looked
        self._active: Optional[Job] = None
        self._rest: list[tuple] = []    # the active job's remaining repetitions
        self._continuing = False        # the previous segment has just ended (no silence)

    def add(self, job: Job) -> Job:
        """Queue a job; a waiting one for the same ticket is replaced in place."""
        old = next((j for j in self.waiting if job.ticket_id and j.ticket_id == job.ticket_id),
                   None)
        if old is None:
            self.waiting.append(job)
            return job
        old.text, old.items, old.call_id, old.at = job.text, job.items, job.call_id, job.at
        old.segments, old.short, old.short_text = job.segments, job.short, job.short_text
        return old

    def next(self) -> Optional[Segment]:
        """The segment to play now, or None when there is nothing to say."""
        self.drop_stale()
        if self._active is not None:
            job = self._active
            if not job.mentioned and job.short and self.waiting and self.is_current(job.call_id):
                self._active, self._rest = None, []       # only the chime was heard: join the
                self.waiting.appendleft(job)              # calls that came meanwhile
                return self._choose()
            if self._rest and (not self.waiting or not job.mentioned) \
                    and self.is_current(job.call_id):
                items = self._rest.pop(0)
                first = [] if job.mentioned else [(job, 0)]
                return self._segment([items], first, [job] if not self._rest else [], [job])
            self._active, self._rest = None, []
            over = [job]
            if not job.mentioned:             # only its chime was heard: it is not said
                job.status, over = "dropped", []
                self.dropped.append(job)
            if not self.waiting:
                return self._none(over)
            segment = self._choose()
            segment.done[:0] = over
            return segment
        if not self.waiting:
            return self._none([])
        return self._choose()

    def _none(self, done: list) -> Optional[Segment]:
        self._continuing = False
        if done:            # the last repetition was skipped: the job is over, nothing to play
            return Segment("", (), "", [], done, [])
        return None

    def _choose(self) -> Segment:
        for job in self.waiting:
            if not job.fallback and self.chime and not self.speakable(job.items + job.short):
                job.fallback, job.segments, job.short = True, (self.chime[:1],), ()
        queued = self._continuing or len(self.waiting) > 1
        if queued and self.waiting[0].short:
            batch = []
            while self.waiting and self.waiting[0].short and len(batch) < MAX_BATCH:
                batch.append(self.waiting.popleft())
            items: list = [] if self._continuing else list(self.chime)
            first = []
            for i, job in enumerate(batch):
                if i:
                    items.append(self.gap_ms)
                first.append((job, len(items)))
                items += job.short
            text = " · ".join(job.short_text or job.text for job in batch)
            return self._segment([tuple(items)], first, batch, batch, text)
        job = self.waiting.popleft()
        segments = list(job.segments)
        if self._continuing and self.chime and len(segments) > 1 and segments[0] == self.chime:
            segments = segments[1:]                  # the hall is listening already
        self._active, self._rest = job, segments[1:]
        head = segments[0]
        first = [] if head == self.chime and self._rest else [(job, 0)]
        return self._segment([head], first, [] if self._rest else [job], [job], job.text,
                             job.id)

    def _segment(self, parts: list, first: list, done: list, jobs: list,
                 text: Optional[str] = None, segment_id: Optional[str] = None) -> Segment:
        self._continuing = True
        items = tuple(x for part in parts for x in part)
        for job in jobs:
            job.status = "playing"
            job.heard.append(items)
        for job, _ in first:
            job.mentioned = True
        if text is None:
            text = jobs[0].text if jobs else ""
        if self._active is not None and done == [self._active]:
            self._active = None
        return Segment(segment_id or secrets.token_hex(6), items, text, first, done, jobs)

    def drop_stale(self) -> None:
        """Drop waiting calls that are no longer current (they go to `dropped`)."""
        for job in list(self.waiting):
            if job.call_id and not self.is_current(job.call_id):
                self.waiting.remove(job)
                job.status = "dropped"
                self.dropped.append(job)


def replay(arrivals: list, schedule: Schedule,
           seconds: Callable[[tuple], float]) -> tuple[dict, list]:
    """Run the schedule against a simulated clock: `arrivals` are (time s, job) in order;
    a segment lasts `seconds(items)` (composed clip lengths). Returns ({job id: time its
    call is first heard}, [(start, end, text) of each segment])."""
    t, i, first, timeline = 0.0, 0, {}, []
    while True:
        while i < len(arrivals) and arrivals[i][0] <= t:
            schedule.add(arrivals[i][1])
            i += 1
        segment = schedule.next()
        if segment is None:
            if i == len(arrivals):
                return first, timeline
            t = arrivals[i][0]
            continue
        for job, index in segment.first:
            first.setdefault(job.id, t + seconds(segment.items[:index]))
        for job in segment.done:
            if job.status in ("queued", "playing"):
                job.status = "played"
        start, t = t, t + seconds(segment.items)
        if segment.items:
            chime_only = segment.items == schedule.chime
            timeline.append((start, t, "(chime)" if chime_only else segment.text))
