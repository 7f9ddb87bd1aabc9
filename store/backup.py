"""SQLite backups while the hall runs, their retention, and a careful restore.

A backup is `VACUUM INTO` a new file: one consistent snapshot taken in a read transaction
(WAL mode: writers carry on), compact, checked with `PRAGMA quick_check`, mode 0600, named
after the hall's local time (`luot-20261130-120000.db`). A restore first checks that the
file is a Lượt database of a schema this release knows and of this hall, refuses while
another process has the database open, and keeps the replaced file beside it.
PostgreSQL is backed up with `pg_dump` (docs/deployment.md).
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from hall.clock import local

PATTERN = re.compile(r"luot-(\d{8})-(\d{6})\.db")
REQUIRED_TABLES = {"alembic_version", "halls", "tickets", "events", "users", "tokens"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    """One backup file and the local time it was taken."""

    path: Path
    taken: datetime


def sqlite_path(engine) -> Path:
    """The database file behind an engine (BackupError for PostgreSQL or in-memory)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(f"{url.get_backend_name()}: back up PostgreSQL with pg_dump "
                          "(see docs/deployment.md)")
    return Path(url.database)


def backups(folder: Path) -> list[Backup]:
    """The backups in a folder, oldest first (only files named like ours)."""
    found = []
    for path in Path(folder).glob("luot-*.db"):
        match = PATTERN.fullmatch(path.name)
        if match:
            found.append(Backup(path, datetime.strptime("".join(match.groups()), "%Y%m%d%H%M%S")))
    return sorted(found, key=lambda b: b.taken)


def last_backup_date(folder: Path) -> date | None:
    """The local date of the newest backup, if any."""
    found = backups(folder)
    return found[-1].taken.date() if found else None


def _private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)


def _empty_private_file(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _read_only(path: Path):
    return closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True))


def _quick_check(path: Path) -> None:
    with _read_only(path) as conn:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{path.name} failed its integrity check: {result}")


def take_backup(database: Path, folder: Path, now: datetime, keep: int) -> Path:
    """Snapshot the database into the folder, check it, then keep only the newest `keep`."""
    _private_folder(folder)
    name = f"luot-{local(now):%Y%m%d-%H%M%S}.db"
    target, partial = folder / name, folder / (name + ".partial")
    partial.unlink(missing_ok=True)
    _empty_private_file(partial)
    try:
        with closing(sqlite3.connect(database, timeout=30)) as conn:
            conn.execute("VACUUM INTO ?", (str(partial),))
        _quick_check(partial)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup of {database} failed: {error}") from error
    prune(folder, keep)
    return target


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups; returns what was deleted."""
    doomed = [b.path for b in backups(folder)][:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return doomed


# ---------------------------------------------------------------- restore
def check_backup(path: Path, known_revisions: list[str], hall_id: str) -> str:
    """The schema revision of a backup that is a sound Lượt database of this hall."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        _quick_check(path)
        with _read_only(path) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            missing = REQUIRED_TABLES - tables
            if missing:
                raise BackupError(f"{path.name} is not a Lượt database (no {', '.join(sorted(missing))})")
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            halls = {r[0] for r in conn.execute("SELECT id FROM halls")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path.name} is not a readable SQLite database: {error}") from error
    if revision is None or revision[0] not in known_revisions:
        raise BackupError(f"{path.name} has schema revision {revision and revision[0]!r}, which "
                          f"this release does not know ({', '.join(known_revisions)}): "
                          "restore it with the release that made it")
    if hall_id not in halls:
        raise BackupError(f"{path.name} holds hall(s) {', '.join(sorted(halls)) or 'none'}, "
                          f"not {hall_id!r}: check LUOT_CONFIG")
    return revision[0]


def processes_using(database: Path) -> list[int]:
    """Ids of other processes that have the database (or its WAL) open (Linux /proc)."""
    names = {os.path.realpath(f"{database}{suffix}") for suffix in ("", "-wal", "-shm")}
    users = set()
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        pid = int(fd_dir.parent.name)
        if pid == os.getpid():
            continue
        try:
            if any(os.path.realpath(fd) in names for fd in fd_dir.iterdir()):
                users.add(pid)
        except OSError:       # the process ended, or is not ours to look at
            continue
    return sorted(users)


def _same_owner(path: Path, like: Path) -> None:
    """Run as root, give the file the owner of the one it replaces (the service's user)."""
    if os.geteuid() == 0 and like.exists():
        owner = like.stat()
        os.chown(path, owner.st_uid, owner.st_gid)


def restore(backup: Path, database: Path, known_revisions: list[str], hall_id: str,
            now: datetime) -> tuple[str, Path | None]:
    """Replace the database with a checked backup; returns (revision, where the old one went).

    The server must be stopped: this refuses while any other process has the database open.
    """
    revision = check_backup(backup, known_revisions, hall_id)
    holders = processes_using(database)
    if holders:
        raise BackupError(f"{database} is open in process(es) {', '.join(map(str, holders))}: "
                          "stop the server first (systemctl stop luot)")
    incoming = database.with_name(database.name + ".restoring")
    incoming.unlink(missing_ok=True)
    _empty_private_file(incoming)
    with open(backup, "rb") as source, open(incoming, "wb") as target:
        shutil.copyfileobj(source, target)
        target.flush()
        os.fsync(target.fileno())
    _same_owner(incoming, database)
    kept = None
    if database.exists():    # kept with its WAL, which may hold its last transactions
        kept = database.with_name(f"{database.name}.before-restore-{local(now):%Y%m%d-%H%M%S}")
        for suffix in ("", "-wal", "-journal"):
            if Path(f"{database}{suffix}").exists():
                os.replace(f"{database}{suffix}", f"{kept}{suffix}")
    Path(f"{database}-shm").unlink(missing_ok=True)
    os.replace(incoming, database)
    return revision, kept


def backup_folder(settings) -> Path:
    """Where backups go: LUOT_BACKUP_DIR, else the instance folder's `backups`."""
    return Path(settings.backup_dir or Path(settings.instance_path) / "backups")
