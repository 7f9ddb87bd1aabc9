"""Run a real Lượt server process for end-to-end tests (and benchmarks)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_HALL = ROOT / "tests" / "data" / "hall.toml"
TEST_HALLS = ROOT / "tests" / "data" / "halls"       # test-hall and ward-2: a deployment of two


def load_cluster_launcher():
    """deploy/cluster/luot_cluster.py (a standalone script, `make cluster`) as a module."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "luot_cluster", ROOT / "deploy" / "cluster" / "luot_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hall_with_printer(path: Path, port: int, extra: str = "") -> Path:
    """The test hall with a ticket printer on TCP `port` (retrying fast) and `extra` tables,
    written to `path` (for a server with real drivers against the printer simulator)."""
    path.write_text(TEST_HALL.read_text(encoding="utf-8") + f"""
[printer]
enabled = true
url = "tcp://127.0.0.1:{port}"
retry_initial_s = 0.2
retry_max_s = 0.5
{extra}""", encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """`python server.py` in a subprocess on a free port, with its own instance folder."""

    def __init__(self, workdir: Path, db_url: str | None = None, config: Path = TEST_HALL,
                 port: int | None = None, async_mode: str = "eventlet",
                 message_queue: str | None = None, extra_env: dict | None = None,
                 root: Path = ROOT):
        self.root = Path(root)           # the source tree to run (an older release, for upgrades)
        self.workdir = Path(workdir)
        self.instance = self.workdir / "instance"
        self.db_url = db_url or f"sqlite:///{self.workdir / 'luot.db'}"
        self.config, self.async_mode, self.message_queue = config, async_mode, message_queue
        self.port = port or free_port()
        self.extra_env = extra_env or {}
        self.proc: subprocess.Popen | None = None
        self.log_path = self.workdir / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict:
        env = {**os.environ, "LUOT_INSTANCE": str(self.instance), "LUOT_DB": self.db_url,
               "LUOT_CONFIG": str(self.config), "LUOT_ASYNC_MODE": self.async_mode,
               "LUOT_FAKE_DEVICES": "1", "PYTHONUNBUFFERED": "1", **self.extra_env}
        return env

    def start(self, timeout: float = 30.0) -> "LiveServer":
        self.workdir.mkdir(parents=True, exist_ok=True)
        args = [sys.executable, str(self.root / "server.py"), "--host", "127.0.0.1",
                "--port", str(self.port)]
        if self.message_queue:
            args += ["--message-queue", self.message_queue]
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, cwd=self.root, env=self.env(), stdout=log, stderr=log)
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/api/v1/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server not ready: {self.log_path.read_text()[-3000:]}")

    def token(self, role: str, *counters: int, max_per_minute: int | None = 0) -> str:
        """Mint a token through the real CLI, as an operator would. Kiosk tokens made here
        have no ticket rate limit (as for an integration or a load test) unless
        `max_per_minute` says otherwise (None: the default a real kiosk gets)."""
        args = [sys.executable, "-m", "flask", "--app", "server", "create-token", "--role", role]
        for counter in counters:
            args += ["--counter", str(counter)]
        if role == "kiosk" and max_per_minute is not None:
            args += ["--max-per-minute", str(max_per_minute)]
        out = subprocess.run(args, cwd=self.root, env=self.env(), capture_output=True, text=True,
                             check=True, timeout=60)
        return out.stdout.strip().splitlines()[-1]

    def kill(self) -> None:
        """SIGKILL: no chance to clean up (durability tests)."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def api(server: LiveServer | str, method: str, path: str, token: str | None = None, body=None,
        timeout: float = 30):
    """A tiny JSON client for a server (or a base URL): returns (status, parsed body)."""
    import json
    data = json.dumps(body).encode() if body is not None else None
    base = server if isinstance(server, str) else server.url
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")
