"""One hall at run time: its configuration, its core, its live rooms, its devices."""
from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("luot")


class HallRuntime:
    """Everything of one hall that request handlers, sockets and background work use.

    The process-wide parts (settings, database engine, Socket.IO server, clock, the signed-in
    person) are the deployment's; a runtime passes them through so that a handler written for
    one hall (`luot.service`, `luot.engine`, …) works unchanged in any hall.
    """

    def __init__(self, deployment, hall_file: dict, source: Path):
        from accounts.demo import parse_demo
        from accounts.settings import parse_accounts
        from hall.bus import EventBus
        from hall.config import parse_config
        from hall.core import build_hall
        from kiosk.printing import TicketContent
        from kiosk.settings import parse_kiosk
        from live.health import DeviceHealth
        from live.hub import AudioPlayers, LiveHub, Rooms
        from store.sql import SqlStore
        from wiring.device_config import parse_device_config

        self.deployment, self.source = deployment, source
        self.hall_file = hall_file
        self.config = parse_config(hall_file)
        self.device_config = parse_device_config(hall_file, self.config)
        self.demo = parse_demo(hall_file)
        self.accounts = parse_accounts(hall_file)
        self.kiosk = parse_kiosk(hall_file)
        socketio = deployment.socketio
        self.bus = EventBus()
        self.rooms = Rooms(self.config.id)
        self.bus.subscribe(LiveHub(socketio, self.config, self.rooms))
        from store.record import DeviceStatuses
        self.device_health = DeviceHealth(self.clock, emit=self._device_news,
                                          shared=DeviceStatuses(self.engine, self.config.id))
        self.hall = build_hall(self.config, SqlStore(self.engine, self.config.id), self.clock,
                               publish=self.bus.publish)
        self.service, self.queries = self.hall.service, self.hall.queries
        self.ticket_content = TicketContent(self.config, self.device_config.printer,
                                            deployment.public_url(self.config.public_url))
        from store.locks import process_alive
        self.audio_players = AudioPlayers(
            socketio, self.config.id, principal_of=self.socket_principal, engine=self.engine,
            process=deployment.process,
            alive=lambda process: process_alive(self.engine, process), clock=self.clock)
        self.devices = None
        from store.record import AnnouncementLog
        self.announcement_log = AnnouncementLog(self.engine, self.config.id, self.clock.now)
        from api.forwarding import parse_branch
        self.branch = parse_branch(hall_file, only_hall=deployment.single_file)
        self.forwarder = None
        if self.branch is not None:
            from api.forwarding import LINK_DEVICE
            from devices.adapter import DeviceStatus
            self.device_health.register([DeviceStatus(LINK_DEVICE)])

    def _device_news(self, name: str, payload: dict) -> None:
        """Device health goes to staff; public screens hear only whether the ticket printer
        works (the kiosk warns citizens), without technical detail."""
        socketio = self.deployment.socketio
        socketio.emit(name, payload, to=self.rooms.staff)
        self.deployment.hall_changed(self.config.id)
        device = payload.get("device") or {}
        if device.get("id") == "printer":
            socketio.emit(name, {"device": {"id": "printer", "status": device.get("status")}},
                          to=self.rooms.public)

    # -- what the deployment shares ----------------------------------------------------
    @property
    def settings(self):
        return self.deployment.settings

    @property
    def engine(self):
        return self.deployment.engine

    @property
    def socketio(self):
        return self.deployment.socketio

    @property
    def clock(self):
        return self.deployment.clock

    @property
    def session_principal(self):
        return self.deployment.session_principal

    @property
    def session_elsewhere(self):
        return self.deployment.session_elsewhere

    @property
    def instance_path(self) -> Path:
        """Where this hall keeps its files (voice pack, demo accounts)."""
        base = Path(self.settings.instance_path)
        return base if self.deployment.single else base / "halls" / self.config.id

    # -- per hall ------------------------------------------------------------------------
    def build_devices(self) -> None:
        """Build the enabled devices and list them (as not heard from yet) in device health."""
        from store.record import PrintCursor, events_between
        from wiring.devices import Devices
        engine, hall_id = self.engine, self.config.id
        self.devices = Devices(self.device_config, fake=self.settings.fake_devices,
                               report=self.device_health.report).build(
            self.hall, subscribe=self.bus.subscribe, content=self.ticket_content,
            read=lambda after, upto: events_between(engine, hall_id, after, upto),
            print_cursor=PrintCursor(engine, hall_id, self.clock.now),
            share_announcements=self.announcement_log.save,
            voice_dir=self.instance_path / "voice", publish_audio=self.audio_players.publish,
            publish_scan=lambda report: self.socketio.emit("scan_result", report,
                                                           to=self.rooms.staff),
            audio_present=self.audio_players.present)
        if self.devices.announcer is not None:
            self.audio_players.listeners.append(self.devices.announcer.speaker_changed)
        self.device_health.register(self.devices.health())

    def socket_principal(self, auth) -> object | None:
        """Who opened a socket: a device token in `auth.token`, else the signed-in person."""
        from store.auth import find_token
        token = auth.get("token") if isinstance(auth, dict) else None
        if isinstance(token, str) and token:
            return find_token(self.engine, self.config.id, token)
        return self.session_principal() if self.session_principal else None

    def audit(self, after: int, limit: int) -> list[dict]:
        """The hall's event log after a sequence number."""
        from store.audit import events_after
        return events_after(self.engine, self.config.id, after, limit)

    def tick(self) -> None:
        """The hall's clockwork: the day rolls over, sessions open and close, quiet clerks
        become away, the audio role leaves a process that died."""
        self.hall.days.refresh_openings()
        self.hall.days.check_presence()
        self.audio_players.check()
        self.apply_when_quiet()

    def apply_when_quiet(self) -> None:
        """A branch runs the hall file its province sent (written, checked) from the first
        quiet moment — every area closed, nobody waiting, nobody at a counter: the server
        starts again on it (docs/deployment.md, "Configuration flows down")."""
        forwarder = self.forwarder
        if forwarder is None or forwarder.pending is None or not self.quiet():
            return
        self.deployment.restart(f"hall {self.config.id} runs configuration {forwarder.pending} "
                                "from its province")

    def quiet(self) -> bool:
        """No area open now, no ticket waiting, no counter holding a ticket."""
        if any(area["open"] or area["waiting"] for area in self.queries.areas()):
            return False
        return all(counter["current"] is None for counter in self.queries.counters())

    def start_forwarding(self) -> None:
        """Forward the hall's record to its province (in the process that leads forwarding)."""
        from api.forwarding import Forwarder, node_id
        if self.branch is None or self.forwarder is not None:
            return
        self.forwarder = Forwarder(self.engine, self.config.id, self.hall_file, self.branch,
                                   node_id(Path(self.settings.instance_path), self.config.id),
                                   check=self.check_hall_file, write=self.write_hall_file,
                                   apply_users=self.apply_users,
                                   report=self.device_health.report)
        log.info("hall %s forwards its record to %s", self.config.id, self.branch.province_url)
        self.socketio.start_background_task(self.forwarder.run, sleep=self.socketio.sleep)

    def release_counters(self, user_id: int, actor: str) -> list[int]:
        """Sign a person out of every counter they hold (their sessions ended elsewhere);
        returns the counters released."""
        released = []
        for counter in self.queries.counters():
            if counter["clerk_id"] == user_id:
                self.service.sign_out(counter["number"], user_id, actor=actor)
                released.append(counter["number"])
        return released

    def apply_users(self, listed: list[dict]) -> None:
        """Apply a checked users list from the province at once (store.auth.apply_users): a
        deactivated person's sessions end and the counters they hold are released."""
        from store.auth import apply_users
        for user_id in apply_users(self.engine, self.config.id, listed, self.clock.now()):
            self.release_counters(user_id, "province")

    def check_hall_file(self, hall_file: dict) -> None:
        """Every table a hall file from the province feeds must parse (raises ConfigError), as
        at start-up; the hall's own parser ran first (Forwarder._check)."""
        from accounts.demo import parse_demo
        from hall.config import parse_config
        from kiosk.settings import parse_kiosk
        from wiring.device_config import parse_device_config
        whole = self._with_branch(hall_file)
        try:
            parse_device_config(whole, parse_config(whole))
            parse_demo(whole)
            parse_kiosk(whole)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            from hall.errors import ConfigError
            raise ConfigError(f"config: {error}") from None
        self._toml(whole)

    def write_hall_file(self, hall_file: dict) -> None:
        """Write a checked hall file from the province in place of this hall's file, atomically,
        with this hall's own [branch] table; the file the hall started with is kept once as
        `<file>.previous`. The running hall is not changed: the file runs from its next start
        (docs/deployment.md, "Configuration flows down")."""
        import os
        import shutil
        text = self._toml(self._with_branch(hall_file))
        previous = self.source.with_name(self.source.name + ".previous")
        if not getattr(self, "_previous_kept", False):
            shutil.copy2(self.source, previous)
            self._previous_kept = True
        temporary = self.source.with_name(f".{self.source.name}.{os.getpid()}.new")
        with open(temporary, "wb") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.source)

    def _with_branch(self, hall_file: dict) -> dict:
        own = self.hall_file.get("branch")
        return {**hall_file, **({"branch": own} if own is not None else {})}

    @staticmethod
    def _toml(hall_file: dict) -> bytes:
        import tomli_w
        from hall.errors import ConfigError
        try:
            return tomli_w.dumps(hall_file).encode("utf-8")
        except (TypeError, ValueError) as error:
            raise ConfigError(f"config cannot be written as TOML: {error}") from None

    def stop_forwarding(self) -> None:
        if self.forwarder is not None:
            self.forwarder.stopped = True
            self.forwarder = None

    def start_devices(self) -> None:
        """Start the device workers (in the process that leads this hall)."""
        if self.devices:
            self.devices.start(self.queries.snapshot(recent=0))

    def feed_devices(self, last_seq: int) -> None:
        """The devices hear the record up to `last_seq` (events other processes made)."""
        if self.devices and self.devices.feed is not None:
            self.devices.feed.poll(last_seq)

    def stop_devices(self) -> None:
        """Stop the device workers (another process leads this hall now)."""
        if self.devices:
            self.devices.stop()
