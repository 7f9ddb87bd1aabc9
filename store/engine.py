"""Database engines: SQLite in WAL mode with full sync (durable), or PostgreSQL by URL."""
from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url

SQLITE_BUSY_MS = 30000


def _sqlite_file(url) -> Path | None:
    database = url.database
    if not database or database == ":memory:":
        return None
    return Path(database)


def _private_files(path: Path) -> None:
    """The database file exists with mode 0600 before SQLite opens it, so that its -wal and
    -shm files, which SQLite creates with the database's mode, are private too; files of an
    older install are tightened. A folder made here is 0700."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    for suffix in ("", "-wal", "-shm", "-journal"):
        existing = path.with_name(path.name + suffix)
        try:
            existing.chmod(0o600)
        except (FileNotFoundError, PermissionError):   # absent, or another user's to tighten
            pass


def make_engine(url: str) -> sa.Engine:
    """Create an engine; SQLite gets WAL, synchronous=FULL and write-locking transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return sa.create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)
    if parsed.get_backend_name() != "sqlite":
        raise ValueError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql")
    path = _sqlite_file(parsed)
    if path is not None:
        _private_files(path)
    engine = sa.create_engine(parsed, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000},
                              pool_size=10, max_overflow=20)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None   # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # Writers take the write lock up front so two processes never deadlock on upgrade.
        if connection.get_execution_options().get("luot_readonly"):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def database_unavailable(error: BaseException) -> bool:
    """Whether an error means the database cannot be reached right now (a 503, not a bug):
    a lost or refused connection. The transaction it hit was rolled back."""
    from sqlalchemy import exc
    if not isinstance(error, (exc.OperationalError, exc.InterfaceError)):
        return False
    if getattr(error, "connection_invalidated", False):
        return True
    text = str(getattr(error, "orig", error)).lower()
    return any(word in text for word in ("connection", "could not connect", "server closed",
                                         "terminating", "timeout expired", "no route"))
