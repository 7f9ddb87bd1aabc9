"""The one worker idiom of every device adapter: loops started through an injectable
`spawn` (a thread by default, greened by eventlet's monkey-patching in the server; tests
and eventlet scripts may pass their own), sharing one stop event, stopped within a deadline.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

log = logging.getLogger(__name__)

Spawn = Callable[[Callable[[], None]], object]


def spawn_thread(target: Callable[[], None]) -> threading.Thread:
    """Default spawn: a daemon thread (cooperative under eventlet.monkey_patch)."""
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


class Workers:
    """An adapter's workers: each runs `target` until `stopping` is set.

    Each worker signals its own `done` event, so stop() can wait whatever `spawn`
    returned (a thread, a greenlet, or nothing).
    """

    def __init__(self, spawn: Spawn | None = None) -> None:
        self._spawn = spawn or spawn_thread
        self.stopping = threading.Event()
        self._done: list[threading.Event] = []

    @property
    def running(self) -> bool:
        """True while a started worker has not ended."""
        return any(not done.is_set() for done in self._done)

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

    def stop(self, timeout: float = 2.0, wake: Callable[[], None] | None = None) -> bool:
        """Set `stopping`, call `wake` (to interrupt a wait), and wait up to `timeout`;
        True when every worker ended."""
        self.stopping.set()
        if wake is not None:
            wake()
        deadline = time.monotonic() + timeout
        ended = all(done.wait(max(0.0, deadline - time.monotonic())) for done in self._done)
        self._done = [done for done in self._done if not done.is_set()]
        return ended
