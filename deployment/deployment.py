"""The deployment: the database, the halls it serves, and each hall's runtime."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from .runtime import HallRuntime
from .scope import HallScope, requested_hall, using

log = logging.getLogger("luot")


def hall_files(settings) -> list[Path]:
    """The hall configuration files: every *.toml of the halls folder, else the one file."""
    from hall.errors import ConfigError
    if settings.halls_dir is None:
        return [Path(settings.config_path)]
    folder = Path(settings.halls_dir)
    found = sorted(folder.glob("*.toml"))
    if not found:
        raise ConfigError(f"no hall files (*.toml) in {folder}")
    return found


class Deployment:
    """All the halls one server process serves, over one database."""

    def __init__(self, settings, socketio, public_url):
        from hall.clock import Clock
        from hall.config import read_hall_file
        from hall.errors import ConfigError
        from store.bootstrap import sync_hall
        from store.engine import make_engine
        from store.locks import held
        from store.migrate import upgrade

        # public_url(the hall's configured public_url) -> where phones reach that hall
        self.settings, self.socketio, self.public_url = settings, socketio, public_url
        self.clock = settings.clock or Clock()
        self.session_principal = None
        self.hall_changed = lambda hall_id: None     # the province overview listens here
        self.session_elsewhere = None       # () -> whether signed in at another hall
        self.engine = make_engine(settings.database_url)
        upgrade(self.engine)
        from store.locks import Leases, new_process_name
        self.process = new_process_name()          # tells the others this process lives
        self.leases, self.led, self._backing_up = Leases(self.engine), set(), False
        self.restarts: list[str] = []              # why this process started again (restart)
        self.leases.keep_alive(self.process)
        files = hall_files(settings)
        self.single = len(files) == 1
        self.single_file = settings.halls_dir is None     # LUOT_BRANCH_* apply to this hall
        self.halls: dict[str, HallRuntime] = {}
        for path in files:
            runtime = HallRuntime(self, read_hall_file(path), path)
            hall_id = runtime.config.id
            if hall_id in self.halls:
                raise ConfigError(f"hall id '{hall_id}' is in both {self.halls[hall_id].source} "
                                  f"and {path}")
            with held(self.engine, f"sync:{hall_id}"):     # processes starting together
                sync_hall(self.engine, runtime.config, self.clock.now())
            self.halls[hall_id] = runtime
        self.default_id = settings.default_hall or next(iter(self.halls))
        if self.default_id not in self.halls:
            raise ConfigError(f"default hall '{self.default_id}' is not one of "
                              f"{', '.join(self.halls)}")
        self.scope = HallScope(self)
        if settings.start_devices:
            for runtime in self.halls.values():
                runtime.build_devices()

    @property
    def default(self) -> HallRuntime:
        return self.halls[self.default_id]

    def current(self) -> HallRuntime:
        """The hall of this request (its /h/<hall> prefix), or of `using()`, else the default."""
        return self.halls[requested_hall() or self.default_id]

    def knows(self, hall_id: str) -> bool:
        return hall_id in self.halls

    def using(self, hall_id: str):
        """Work as one hall outside a request (CLI commands); KeyError for an unknown one."""
        if hall_id not in self.halls:
            raise KeyError(hall_id)
        return using(hall_id)

    def start_background(self) -> None:
        """Start the clockwork: each hall's once-only work (day rollover, openings, presence,
        device workers) runs in the one process that leads that hall, and moves to another
        process when the leader dies; the daily backup likewise."""
        self.socketio.start_background_task(self._ticker)
        self.socketio.start_background_task(self._feeder)

    def lead(self) -> None:
        """One round: take the leadership of every hall (and the backup) that nobody holds,
        start what a new leader runs, and run each led hall's clockwork."""
        self.leases.keep_alive(self.process)     # again after a lost database connection
        if self.leases.take("backup") and not self._backing_up:
            from wiring.backups import start_backups
            self._backing_up = True
            start_backups(self)
        for hall_id, runtime in self.halls.items():
            leading = self.leases.take(f"hall:{hall_id}")
            if leading and hall_id not in self.led:
                log.info("this process now leads hall %s", hall_id)
                self.led.add(hall_id)
                runtime.start_devices()
            elif not leading and hall_id in self.led:
                log.warning("this process no longer leads hall %s", hall_id)
                self.led.discard(hall_id)
                runtime.stop_devices()
            if runtime.branch is not None:
                if self.leases.take(f"forward:{hall_id}"):
                    runtime.start_forwarding()
                else:
                    runtime.stop_forwarding()
            if leading:
                try:
                    runtime.tick()
                except Exception:  # noqa: BLE001 - keep ticking; the next command retries
                    log.exception("clockwork of hall %s failed", hall_id)
            self.socketio.sleep(0)        # a province's halls: let requests in between halls

    def feed(self) -> None:
        """One round of the devices' feed: each led hall's devices hear what other
        processes committed since they last heard (one query for every led hall)."""
        from store.record import last_seqs
        led = [hall_id for hall_id in self.led if self.halls[hall_id].devices]
        for hall_id, seq in last_seqs(self.engine, led).items():
            self.halls[hall_id].feed_devices(seq)

    def _feeder(self) -> None:
        failing = False
        while True:
            try:
                self.feed()
                if failing:
                    log.info("feeding the devices works again")
                failing = False
            except Exception:  # noqa: BLE001 - the database away: the next round tries again
                if not failing:            # said once, not four times a second
                    log.exception("feeding the devices failed; retrying every %s s",
                                  self.settings.feed_seconds)
                failing = True
            self.socketio.sleep(self.settings.feed_seconds)

    def restart(self, reason: str) -> None:
        """Start this server process again with the same command line and process id (so
        `make run` and the systemd unit carry on): the devices stop, the database lets go,
        and the screens reconnect by themselves within seconds. Under tests, only noted."""
        log.warning("starting again: %s", reason)
        self.restarts.append(reason)
        if self.settings.testing:
            return
        for hall_id in list(self.led):
            self.halls[hall_id].stop_devices()
        self.engine.dispose()
        for handler in logging.getLogger().handlers + log.handlers:
            handler.flush()
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])

    def _ticker(self) -> None:
        while True:
            try:
                self.lead()
            except Exception:  # noqa: BLE001 - the next round tries again
                log.exception("leadership round failed")
            self.socketio.sleep(self.settings.tick_seconds)
