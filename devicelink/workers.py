"""Background workers started through an injectable `spawn`, stopped within a deadline."""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

log = logging.getLogger(__name__)


def spawn_thread(target: Callable[[], None]) -> threading.Thread:
    """Default spawn: a daemon thread (cooperative under eventlet.monkey_patch)."""
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


class Workers:
    """A set of workers sharing one stop event.

    Each worker signals its own `done` event, so stop() can wait whatever
    `spawn` returned (a thread, a greenlet, or nothing).
    """

    def __init__(self, spawn: Callable | None = None) -> None:
        self._spawn = spawn or spawn_thread
        self.stopping = threading.Event()
        self._done: list[threading.Event] = []

    def start(self, target: Callable[[], None], name: str) -> None:
        """Run `target` in a new worker; an exception is logged, never lost."""
        done = threading.Event()
        self._done.append(done)

        def body() -> None:
            try:
                target()
            except Exception:
                log.exception("%s worker crashed", name)
            finally:
                done.set()
        self.stopping.clear()
        self._spawn(body)

    def stop(self, timeout: float = 2.0) -> bool:
        """Ask every worker to stop and wait up to `timeout`; True when all ended."""
        self.stopping.set()
        deadline = time.monotonic() + timeout
        ended = all(done.wait(max(0.0, deadline - time.monotonic())) for done in self._done)
        self._done = []
        return ended


class FakeLifecycle:
    """start()/stop() for device fakes: they only remember whether they run."""

    running = False

    def start(self) -> None:
        """Mark started."""
        self.running = True

    def stop(self) -> None:
        """Mark stopped."""
        self.running = False
