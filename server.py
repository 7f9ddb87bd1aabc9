"""Lượt server: `create_app(settings)` wires the hall; `main()` runs it.

    python server.py [--config PATH] [--db URL] [--host H] [--port P] [--message-queue URL]

Nothing happens at import time: heavy imports live inside the functions, so `main()` can
monkey-patch for eventlet/gevent before anything else is loaded.
"""
from __future__ import annotations

import argparse
import logging
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEMO_CONFIG = ROOT / "config" / "demo-hall.toml"
ASYNC_MODES = ("eventlet", "gevent", "threading")

log = logging.getLogger("luot")


def _flag(value: str) -> bool:
    return value.lower() not in ("0", "false", "no", "")


def _hour(value: str) -> int | None:
    """A local hour 0–23, or None for "off"."""
    if value.lower() in ("off", "no", "none"):
        return None
    hour = int(value)
    if not 0 <= hour <= 23:
        raise SystemExit("LUOT_BACKUP_HOUR must be 0–23 or off")
    return hour


# Environment variable -> (setting, conversion)
_ENV = {
    "LUOT_CONFIG": ("config_path", Path), "LUOT_DB": ("db_url", str),
    "LUOT_HOST": ("host", str), "LUOT_PORT": ("port", int),
    "LUOT_ASYNC_MODE": ("async_mode", str), "LUOT_MESSAGE_QUEUE": ("message_queue", str),
    "LUOT_INSTANCE": ("instance_path", Path), "LUOT_FAKE_DEVICES": ("fake_devices", _flag),
    "LUOT_SECURE_COOKIES": ("secure_cookies", _flag), "LUOT_TRUSTED_PROXIES": ("trusted_proxies", int),
    "LUOT_BACKUP_DIR": ("backup_dir", Path), "LUOT_BACKUP_HOUR": ("backup_hour", _hour),
    "LUOT_BACKUP_KEEP": ("backup_keep", int), "LUOT_HALLS": ("halls_dir", Path),
    "LUOT_DEFAULT_HALL": ("default_hall", str), "LUOT_TICK_SECONDS": ("tick_seconds", float),
    "LUOT_FEED_SECONDS": ("feed_seconds", float),
    "LUOT_MAX_CONNECTIONS": ("max_connections", int),
    "LUOT_CONNECTIONS_PER_ADDRESS": ("connections_per_address", int),
}


@dataclass(frozen=True)
class Settings:
    """Everything configurable about one server process, read once and passed down."""

    config_path: Path = DEMO_CONFIG
    halls_dir: Path | None = None     # a folder of hall files: serve them all (else config_path)
    default_hall: str | None = None   # the hall at the root URLs (default: the first)
    db_url: str | None = None
    host: str = "0.0.0.0"
    port: int = 5000
    async_mode: str = "eventlet"
    message_queue: str | None = None
    instance_path: Path = ROOT / "instance"
    start_devices: bool = True
    fake_devices: bool = False
    secure_cookies: bool = False      # behind TLS: cookies only over https
    trusted_proxies: int = 0          # reverse proxies in front (X-Forwarded-For/-Proto)
    backup_dir: Path | None = None    # default: instance/backups
    backup_hour: int | None = 12      # local hour of the daily SQLite backup; None: off
    backup_keep: int = 14             # backups kept
    tick_seconds: float = 15.0        # clockwork: rollover, openings, presence, leadership
    feed_seconds: float = 0.25        # the led halls' devices hear other processes' events
    max_connections: int = 20000      # open connections one process serves (eventlet's pool)
    connections_per_address: int = 200  # anonymous Socket.IO watchers per client address
    testing: bool = False
    clock: object = field(default=None, compare=False)

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.instance_path / 'luot.db'}"

    @classmethod
    def from_env(cls, env=None, **overrides) -> "Settings":
        """Settings from LUOT_* environment variables, then explicit overrides."""
        env = os.environ if env is None else env
        values = {key: convert(env[name]) for name, (key, convert) in _ENV.items()
                  if env.get(name)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        if settings.async_mode not in ASYNC_MODES:
            raise SystemExit(f"LUOT_ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}")
        return settings


def _public_url(settings: Settings, public_url: str = "") -> str:
    """Where phones reach this server: one rule for printed and on-screen QR codes
    (kiosk/printing.py `public_base_url`)."""
    from kiosk.printing import public_base_url
    return public_base_url(public_url, settings.host, settings.port)


def _secret_key(instance: Path) -> str:
    """A secret generated at first run and kept in the instance folder (never committed).

    The instance folder (database, secret, backups) is private: 0700.
    """
    instance.mkdir(parents=True, exist_ok=True, mode=0o700)
    instance.chmod(0o700)
    path = instance / "secret_key"
    if not path.exists():
        # Written aside, then linked into place: processes starting together (cluster mode)
        # never read a half-written key, and all end up with the first one's.
        draft = instance / f"secret_key.{os.getpid()}.tmp"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def create_app(settings: Settings | None = None):
    """Build the Flask app and its Socket.IO server for the halls of this deployment."""
    from flask import Flask
    from flask_socketio import SocketIO

    from api.errors import register_error_handlers
    from api.headers import install_security_headers
    from api.inputs import install_input_edges
    from api.routes import bp as api_bp
    from live.hub import register_audio_players, register_counter_presence, register_watchers

    settings = settings or Settings.from_env()
    app = Flask(__name__, instance_path=str(settings.instance_path.resolve()),
                static_folder=str(ROOT / "static"), template_folder=str(ROOT / "templates"))
    app.config.update(SECRET_KEY=_secret_key(settings.instance_path),
                      MAX_CONTENT_LENGTH=64 * 1024, TESTING=settings.testing,
                      SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SECURE=settings.secure_cookies,
                      REMEMBER_COOKIE_SECURE=settings.secure_cookies)
    install_input_edges(app, trusted_proxies=settings.trusted_proxies)
    install_security_headers(app)
    from live.broadcast import client_manager
    # Redis between processes when there is a message queue; rooms written in slices
    socketio = SocketIO(app, async_mode=settings.async_mode,
                        client_manager=client_manager(settings.message_queue),
                        cors_allowed_origins=None, json=None)
    from deployment.deployment import Deployment
    from deployment.scope import HallPrefix
    deployment = Deployment(settings, socketio,
                            lambda hall_url: _public_url(settings, hall_url))
    luot = deployment.scope              # handlers see the hall of their request
    app.extensions["luot"] = luot
    app.extensions["deployment"] = deployment
    app.wsgi_app = HallPrefix(app.wsgi_app, deployment.knows)
    register_error_handlers(app)
    app.register_blueprint(api_bp)
    from display.web import bp as display_bp
    from display.public_board import bp as public_board_bp
    from counter.web import bp as counter_bp
    from kiosk.web import bp as kiosk_bp
    app.register_blueprint(display_bp)
    app.register_blueprint(public_board_bp)
    app.register_blueprint(kiosk_bp)
    app.register_blueprint(counter_bp)
    from counter.rating_web import bp as rating_screen_bp
    app.register_blueprint(rating_screen_bp)
    from admin.web import bp as admin_bp
    app.register_blueprint(admin_bp)
    from admin.locks import bp as login_locks_bp
    app.register_blueprint(login_locks_bp)
    from admin.ratings import bp as manage_ratings_bp
    app.register_blueprint(manage_ratings_bp)
    from admin.people import bp as people_bp
    app.register_blueprint(people_bp)
    from admin.branches import bp as province_branches_bp
    app.register_blueprint(province_branches_bp)
    from deployment.province import install_province
    overview = install_province(app, deployment)
    register_watchers(socketio, luot, overview.snapshot)
    register_audio_players(socketio, luot)
    from accounts.web import init_accounts, session_elsewhere, session_principal
    init_accounts(app)
    deployment.session_principal = session_principal
    from api.auth import refuse_province_writes
    app.before_request(refuse_province_writes)
    deployment.session_elsewhere = session_elsewhere
    register_counter_presence(socketio, luot)
    from api.cli import register_cli
    register_cli(app)
    return app


class HallTimeFormatter(logging.Formatter):
    """Log times in the hall's local time with its offset: 2026-11-30T09:15:03.120+07:00."""

    def formatTime(self, record, datefmt=None):
        from datetime import datetime

        from hall.clock import VIETNAM, iso
        return iso(datetime.fromtimestamp(record.created, VIETNAM))


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Lượt — queue, kiosk and display server")
    parser.add_argument("--config", type=Path, help="hall config TOML (default: the demo hall)")
    parser.add_argument("--halls", type=Path, metavar="DIR",
                        help="serve every hall file (*.toml) of this folder, each at /h/<hall>/ "
                             "(LUOT_HALLS); the default hall is also at /")
    parser.add_argument("--default-hall", help="the hall served at / (LUOT_DEFAULT_HALL)")
    parser.add_argument("--db", help="database URL (default: sqlite:///instance/luot.db)")
    parser.add_argument("--host", help="listen address (default 0.0.0.0)")
    parser.add_argument("--port", type=int, help="listen port (default 5000)")
    parser.add_argument("--message-queue", help="redis://… to share live events between processes")
    parser.add_argument("--async-mode", choices=ASYNC_MODES, help="default: LUOT_ASYNC_MODE or eventlet")
    parser.add_argument("--fake-devices", action="store_true", help="use simulated devices")
    parser.add_argument("--secure-cookies", action="store_true",
                        help="behind TLS: send cookies over https only (LUOT_SECURE_COOKIES=1)")
    parser.add_argument("--trusted-proxies", type=int, metavar="N",
                        help="reverse proxies in front whose X-Forwarded-For/-Proto to trust "
                             "(LUOT_TRUSTED_PROXIES; 1 behind nginx)")
    return parser.parse_args(argv)


def _monkey_patch(async_mode: str) -> None:
    if async_mode == "eventlet":
        import eventlet
        eventlet.monkey_patch()
    elif async_mode == "gevent":
        from gevent import monkey
        monkey.patch_all()


def main(argv=None) -> None:
    """Run the server (blocks)."""
    args = parse_args(argv)
    settings = Settings.from_env(
        config_path=args.config, halls_dir=args.halls, default_hall=args.default_hall,
        db_url=args.db, host=args.host, port=args.port,
        message_queue=args.message_queue, async_mode=args.async_mode,
        fake_devices=True if args.fake_devices else None,
        secure_cookies=True if args.secure_cookies else None, trusted_proxies=args.trusted_proxies)
    _monkey_patch(settings.async_mode)
    handler = logging.StreamHandler()
    handler.setFormatter(HallTimeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=os.environ.get("LUOT_LOG_LEVEL", "INFO"), handlers=[handler])
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from hall.errors import ConfigError
    try:
        app = create_app(settings)
    except ConfigError as error:
        raise SystemExit(f"Lượt cannot start: {error.message}") from None
    deployment = app.extensions["deployment"]
    from accounts.demo import ensure_demo_accounts, start_up_notice
    shown = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    for hall_id, runtime in deployment.halls.items():
        prefix = "" if hall_id == deployment.default_id else f"/h/{hall_id}"
        base_url = f"http://{shown}:{settings.port}{prefix}"
        credentials = ensure_demo_accounts(runtime, base_url)
        if credentials is not None:      # where the passwords are, never the passwords
            print(start_up_notice(runtime, credentials, base_url), flush=True)
    deployment.start_background()
    # What start-up made lives as long as the process: moving it out of the collector's
    # reach keeps full collections short, and with them the tail of call latency
    # (p99 181 -> 89 ms with 500 watchers, bench/RESULTS.md).
    import gc
    gc.collect()
    gc.freeze()
    # Thousands of open connections are thousands of long-lived objects: a full collection
    # over them stops the process for about a second per 5,000 connections. Collecting less
    # often (young objects by 50,000, not 700) keeps those stops rare: kiosk p99 with 5,000
    # screens open (bench/RESULTS.md, "Cluster").
    gc.set_threshold(50_000, 20, 20)
    log.info("Lượt serving %s on http://%s:%s (%s, %s)",
             ", ".join(r.config.name for r in deployment.halls.values()), settings.host,
             settings.port, settings.async_mode, settings.database_url)
    extra = {}
    if settings.async_mode == "eventlet":
        # eventlet serves 1,024 connections at once by default; a hall's screens, kiosks and
        # citizens' phones (and a province's halls) need more, and as many open files.
        extra["max_size"] = _allow_open_files(settings.max_connections + 512) - 512
    deployment.socketio.run(app, host=settings.host, port=settings.port, log_output=False,
                            allow_unsafe_werkzeug=True, use_reloader=False, **extra)


def _allow_open_files(wanted: int) -> int:
    """Raise this process's open-file limit towards `wanted` (up to the hard limit); returns
    the files it may open. Below `wanted`, it serves as many connections as its files allow
    (said once at start-up; the systemd unit sets LimitNOFILE=65536)."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    if target < wanted:
        log.info("open files limited to %s by this system: serving up to %s connections at "
                 "once (LUOT_MAX_CONNECTIONS asks %s)", target, max(target - 512, 64),
                 wanted - 512)
    return max(target, 576)


if __name__ == "__main__":
    main(sys.argv[1:])
