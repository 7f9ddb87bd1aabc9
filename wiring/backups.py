"""The daily backup: a background task of the server (see `Luot.start_background`).

Once a day, from `LUOT_BACKUP_HOUR` (hall time, default 12: the lunch break, when the
machine is surely on), the SQLite database is copied into `LUOT_BACKUP_DIR` (default
`instance/backups`) and only the newest `LUOT_BACKUP_KEEP` (default 14) are kept. A server
started after that hour takes the day's backup at once. The copy itself (store/backup.py)
runs in an OS thread, so a large database never stalls the event loop. PostgreSQL halls use
`pg_dump` instead (docs/deployment.md). `flask --app server backup` takes one on demand.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from hall.clock import local
from store.backup import backup_folder

log = logging.getLogger("luot.backup")
CHECK_SECONDS = 60
RETRY_AFTER = timedelta(hours=1)


def _off_the_event_loop(async_mode: str):
    """A way to run a blocking call in an OS thread under the server's async mode."""
    if async_mode == "eventlet":
        from eventlet import tpool
        return tpool.execute
    if async_mode == "gevent":
        import gevent
        return lambda fn, *args: gevent.get_hub().threadpool.apply(fn, args)
    return lambda fn, *args: fn(*args)


class DailyBackup:
    """Decides when the day's backup is due and takes it."""

    def __init__(self, database: Path, folder: Path, hour: int, keep: int, clock,
                 run_blocking=lambda fn, *args: fn(*args)):
        self.database, self.folder, self.hour, self.keep = database, folder, hour, keep
        self.clock, self.run_blocking = clock, run_blocking
        self._not_before: datetime | None = None

    def due(self, now: datetime) -> bool:
        """From the hour on, when today has no backup yet (and no failure is cooling down)."""
        from store.backup import last_backup_date
        today = local(now)
        if today.hour < self.hour or (self._not_before and now < self._not_before):
            return False
        return last_backup_date(self.folder) != today.date()

    def run_once(self) -> Path | None:
        """Take the backup if it is due; a failure is logged and retried an hour later."""
        from store.backup import BackupError, take_backup
        now = self.clock.now()
        if not self.due(now):
            return None
        try:
            path = self.run_blocking(take_backup, self.database, self.folder, now, self.keep)
        except BackupError as error:
            self._not_before = now + RETRY_AFTER
            log.error("daily backup failed (next try in an hour): %s", error)
            return None
        log.info("backup written: %s (%d KiB)", path, path.stat().st_size // 1024)
        return path


def start_backups(luot) -> None:
    """Start the daily backup as a background task of the server (if it applies)."""
    from store.backup import BackupError, sqlite_path
    settings = luot.settings
    if settings.backup_hour is None:
        log.info("daily backup is off (LUOT_BACKUP_HOUR=off)")
        return
    try:
        database = sqlite_path(luot.engine)
    except BackupError as error:
        log.info("no daily backup by Lượt: %s", error)
        return
    daily = DailyBackup(database, backup_folder(settings), settings.backup_hour,
                        settings.backup_keep, luot.clock,
                        _off_the_event_loop(settings.async_mode))

    def loop():
        while True:
            try:
                daily.run_once()
            except Exception:  # noqa: BLE001 - the hall keeps running; try again later
                log.exception("daily backup check failed")
            luot.socketio.sleep(CHECK_SECONDS)
    luot.socketio.start_background_task(loop)
