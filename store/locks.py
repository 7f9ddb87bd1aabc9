"""Locks that hold across the server processes of one database, from the engines themselves:
PostgreSQL advisory locks (released by the server when a process's connection ends, e.g. when
it dies), or, for SQLite (one machine), an exclusive `flock` on a file beside the database
(released by the kernel when the process dies).

Used for work that must happen once: migrations at start-up (a waiting lock) and each hall's
once-only work — day rollover, device workers, the announcer (a leadership lock that another
process takes over when its owner dies).
"""
from __future__ import annotations

import hashlib
import logging
import os
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

log = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a lock name (PostgreSQL advisory locks take bigint)."""
    digest = hashlib.sha256(f"luot:{name}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _lock_file(engine: sa.Engine, name: str) -> Path:
    database = Path(engine.url.database or "luot.db")
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)
    return database.with_name(f"{database.name}.{safe}.lock")


@contextmanager
def held(engine: sa.Engine, name: str):
    """Wait for the lock `name`, hold it for the block (e.g. running migrations once)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": lock_key(name)})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": lock_key(name)})
                conn.commit()
        return
    if engine.url.database in (None, "", ":memory:"):
        yield
        return
    import fcntl
    path = _lock_file(engine, name)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


class Leases:
    """Try-locks one process keeps as long as it lives: `take(name)` is True while this process
    holds `name` (it takes it when free, keeps it once taken)."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self._held: dict[str, object] = {}
        self._conn = None

    def take(self, name: str) -> bool:
        """Whether this process holds the lease now (taking it if nobody does)."""
        if self.engine.dialect.name == "postgresql":
            return self._take_pg(name)
        return self._take_file(name)

    def _take_pg(self, name: str) -> bool:
        try:
            if self._conn is None:
                self._conn = self.engine.connect()
            elif name in self._held:
                self._conn.execute(sa.text("SELECT 1"))       # still connected: still ours
                self._conn.commit()
                return True
            got = self._conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"),
                                     {"k": lock_key(name)}).scalar()
            self._conn.commit()
        except sa.exc.DBAPIError:
            log.warning("lost the database connection holding leases %s", sorted(self._held))
            self._drop_pg()
            return False
        if got:
            self._held[name] = True
        return bool(got)

    def _drop_pg(self) -> None:
        self._held.clear()
        try:
            if self._conn is not None:
                self._conn.invalidate()
                self._conn.close()
        except Exception:  # noqa: BLE001 - the connection is gone either way
            pass
        self._conn = None

    def _take_file(self, name: str) -> bool:
        if name in self._held:
            return True
        if self.engine.url.database in (None, "", ":memory:"):
            self._held[name] = None
            return True
        import fcntl
        fd = os.open(_lock_file(self.engine, name), os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._held[name] = fd
        return True

    def keep_alive(self, process: str) -> None:
        """Hold this process's own lease `process:<name>` (PostgreSQL; see `process_alive`)."""
        if self.engine.dialect.name == "postgresql":
            self._take_pg(f"process:{process}")

    def release_all(self) -> None:
        """Give every lease up (a clean shutdown)."""
        if self.engine.dialect.name == "postgresql":
            self._drop_pg()
            return
        for fd in self._held.values():
            if isinstance(fd, int):
                os.close(fd)
        self._held.clear()


def new_process_name() -> str:
    """A name for this server process, unique across machines and restarts: `<pid>-<random>`
    (its lease `process:<name>` tells the others it lives, see `process_alive`)."""
    import uuid
    return f"{os.getpid()}-{uuid.uuid4().hex[:12]}"


def process_alive(engine: sa.Engine, process: str) -> bool:
    """Whether the server process `process` still lives: on PostgreSQL, whether its lease
    `process:<name>` is held (the server frees it when the process's connection ends); on
    SQLite (one machine), whether its pid exists. A database that cannot tell: alive."""
    if engine.dialect.name == "postgresql":
        key = lock_key(f"process:{process}")
        try:
            with engine.connect() as conn:
                free = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
                if free:
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
        except sa.exc.DBAPIError:
            return True
        return not free
    try:
        pid = int(process.split("-", 1)[0])
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
