"""The devices' feed: the hall's devices hear every committed event of their hall, from
whichever process made it, once each and in the order of the record.

A hall's devices run in the one process that leads the hall (deployment/deployment.py), but
a kiosk, a clerk's console or the API may reach any process. Events made in this process
come from the event bus at once; a gap in their sequence numbers (an event committed by
another process, or published here out of order) is read from the record before them; and
the deployment polls each led hall's last sequence number (one query for all of them,
`LUOT_FEED_SECONDS`) so that events made only elsewhere arrive within that time. A process
that does not lead the hall delivers nothing: its devices are not running.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable, Iterable

log = logging.getLogger(__name__)

Read = Callable[[int, int], list[tuple[str, dict]]]     # (after, upto) -> events, oldest first


class DeviceFeed:
    """A bus subscriber that hands the hall's events to its device adapters in sequence
    order, without gaps or repeats, while started."""

    def __init__(self, adapters: Iterable, read: Read, page: int = 500):
        self.adapters = adapters
        self._read, self._page = read, page
        self._lock = threading.Lock()
        self.delivered: int | None = None         # the last seq handed on; None: stopped

    @property
    def running(self) -> bool:
        return self.delivered is not None

    def start(self, seq: int) -> None:
        """Hand on the events after `seq` (the devices were told the state at `seq`)."""
        with self._lock:
            self.delivered = seq

    def stop(self) -> None:
        with self._lock:
            self.delivered = None

    def handle_batch(self, batch: list[tuple[str, dict]]) -> None:
        """One command's events from this process's bus (committed, in order)."""
        if self.delivered is None or not batch:
            return
        seqs = [payload.get("seq") for _, payload in batch if isinstance(payload, dict)]
        seqs = [seq for seq in seqs if isinstance(seq, int)]
        if seqs and min(seqs) > self.delivered + 1:
            self.poll(max(seqs))           # another process's events came first
        self._deliver(batch)

    def poll(self, last_seq: int) -> None:
        """Read from the record whatever up to `last_seq` has not been handed on yet."""
        while self.delivered is not None and self.delivered < last_seq:
            start = self.delivered
            try:
                page = self._read(start, last_seq)
            except Exception:  # noqa: BLE001 - the database away: the next poll retries
                log.exception("could not read the record after seq %s", start)
                return
            if not page:
                return
            self._deliver(page)
            if self.delivered is not None and self.delivered <= start:
                return

    def _deliver(self, batch: list[tuple[str, dict]]) -> None:
        with self._lock:
            for name, payload in batch:
                if self.delivered is None:
                    return
                seq = payload.get("seq") if isinstance(payload, dict) else None
                if isinstance(seq, int):
                    if seq <= self.delivered:
                        continue                   # handed on already
                    self.delivered = seq
                for adapter in list(self.adapters):
                    try:
                        adapter.handle(name, payload)
                    except Exception:  # noqa: BLE001 - a device never fails the hall
                        log.exception("device %r failed on %s", adapter, name)
