"""Lượt in cluster mode on one machine, for trying it (`make cluster`) and for the tests.

    python deploy/cluster/luot_cluster.py [--processes 4] [--port 8080] [--var DIR]
                                          [--config HALL.toml | --halls DIR]

Starts, from Debian's packages, everything a province's cluster runs — a PostgreSQL server
(initdb into the var folder), Redis (Flask-SocketIO's message queue between the processes),
N Lượt server processes (eventlet) and nginx in front (sticky sessions, websocket upgrade) —
prints the address, and stops them all on Ctrl-C. Everything it writes (configs, data,
logs) stays in the var folder (a fresh temporary one by default, removed at the end).

Production runs the same parts as systemd services instead: deploy/systemd/luot@.service,
deploy/nginx/luot-cluster.conf, and Debian's own postgresql and redis-server services
(docs/deployment.md, "A province: many halls, many processes").
"""
from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_HALL = ROOT / "config" / "demo-hall.toml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_port(port: int, timeout: float, what: str, proc=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout:.0f} s")


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not found:
        raise SystemExit("PostgreSQL is missing: apt-get install postgresql (make cluster does)")
    return found[-1]


def _as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Postgres:
    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        self.data = folder / "data"

    def _options(self) -> str:
        return (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                "-c max_connections=300")

    def start(self) -> "Postgres":
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(self.data), "-A", "trust",
                                     "-U", "postgres", "-E", "UTF8", "--no-sync"]),
                       check=True, capture_output=True)
        self.resume()
        subprocess.run(_as_postgres([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                                     "-U", "postgres", "luot"]), check=True, capture_output=True)
        return self

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/luot"

    def halt(self) -> None:
        """Stop the server, keeping its data (an outage)."""
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                                     "stop"]), check=True, capture_output=True)

    def resume(self) -> None:
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-w", "-l",
                                     str(self.folder / "postgres.log"), "-o", self._options(),
                                     "start"]), check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast",
                                     "-w", "stop"]), capture_output=True)


class Redis:
    def __init__(self, folder: Path):
        self.folder, self.port, self.proc = folder, free_port(), None

    def start(self) -> "Redis":
        self.folder.mkdir(parents=True, exist_ok=True)
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--save", "", "--appendonly", "no", "--logfile", str(self.folder / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_port(self.port, 10, "redis-server", self.proc)
        return self

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def restart(self) -> None:
        self.stop()
        self.start()


class Process:
    """One Lượt server process (eventlet) of the cluster."""

    def __init__(self, index: int, stack: "Stack"):
        self.index, self.stack, self.port, self.proc = index, stack, free_port(), None
        self.log = stack.var / "logs" / f"luot-{index}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict:
        stack = self.stack
        env = {**os.environ, "LUOT_INSTANCE": str(stack.var / "instance"), "LUOT_DB": stack.pg.url,
               "LUOT_MESSAGE_QUEUE": stack.redis.url, "LUOT_HOST": "127.0.0.1",
               "LUOT_PORT": str(self.port), "LUOT_TRUSTED_PROXIES": "1",
               "LUOT_BACKUP_HOUR": "off", "LUOT_ASYNC_MODE": "eventlet",
               "PYTHONUNBUFFERED": "1", **stack.env}
        if stack.halls:
            env["LUOT_HALLS"] = str(stack.halls)
        else:
            env["LUOT_CONFIG"] = str(stack.config)
        return env

    def start(self) -> "Process":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen([sys.executable, str(ROOT / "server.py")], cwd=ROOT,
                                         env=self.env(), stdout=out, stderr=out)
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Lượt process {self.index} exited:\n"
                                   + self.log.read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(self.url + "/api/v1/health", timeout=1) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"Lượt process {self.index} not ready:\n"
                           + self.log.read_text(errors="replace")[-3000:])

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: the process has no chance to clean up."""
        if self.alive():
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


NGINX_CONF = """\
{user}
daemon off;
pid {var}/nginx/nginx.pid;
error_log {var}/logs/nginx-error.log warn;
worker_processes 1;
worker_rlimit_nofile 65536;
events {{ worker_connections 30000; }}
http {{
    access_log off;
    client_body_temp_path {var}/nginx/body;
    proxy_temp_path {var}/nginx/proxy;
    fastcgi_temp_path {var}/nginx/fastcgi;
    uwsgi_temp_path {var}/nginx/uwsgi;
    scgi_temp_path {var}/nginx/scgi;
    include {var}/nginx/luot.conf;
}}
"""

# The site: the same upstream, stickiness and websocket rules as the production site
# (deploy/nginx/luot-cluster.conf), over plain http on one port.
SITE_CONF = """\
upstream luot {{
    # Sticky sessions: a browser keeps its Lượt process (Socket.IO's long-polling needs
    # every request of a session on one process) through the luot_node cookie; a browser
    # without it yet is placed at random. When its process dies, nginx tries the next one.
    hash $luot_node consistent;
{servers}
    keepalive 32;
}}
map $cookie_luot_node $luot_node {{
    ""      $request_id;
    default $cookie_luot_node;
}}
map $cookie_luot_node $luot_node_cookie {{
    ""      "luot_node=$request_id; Path=/; HttpOnly; SameSite=Lax";
    default "";
}}
map $http_upgrade $luot_connection {{
    default upgrade;
    ''      '';
}}
server {{
    listen 127.0.0.1:{port};
    client_max_body_size 64k;
    proxy_http_version 1.1;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header Connection $luot_connection;
    proxy_next_upstream error timeout;
    proxy_connect_timeout 2s;
    add_header Set-Cookie $luot_node_cookie;

    location ~ ^(/h/[^/]+)?/socket\\.io/ {{
        proxy_pass http://luot;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header Connection $luot_connection;
        proxy_buffering off;
        proxy_read_timeout 1h;
        proxy_send_timeout 1h;
    }}
    location / {{
        proxy_pass http://luot;
        proxy_read_timeout 60s;
    }}
}}
"""


class Nginx:
    def __init__(self, stack: "Stack", port: int):
        self.stack, self.port, self.proc = stack, port, None
        self.folder = stack.var / "nginx"

    def write(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        servers = "\n".join(f"    server 127.0.0.1:{p.port} max_fails=1 fail_timeout=5s;"
                            for p in self.stack.processes)
        (self.folder / "luot.conf").write_text(SITE_CONF.format(servers=servers, port=self.port),
                                               encoding="utf-8")
        conf = self.folder / "nginx.conf"
        conf.write_text(NGINX_CONF.format(var=self.stack.var,
                                          user="user root;" if os.geteuid() == 0 else ""),
                        encoding="utf-8")
        return conf

    def args(self) -> list[str]:
        return [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(self.folder),
                "-e", str(self.stack.var / "logs" / "nginx-error.log"),
                "-c", str(self.folder / "nginx.conf")]

    def start(self) -> "Nginx":
        self.write()
        (self.stack.var / "logs").mkdir(parents=True, exist_ok=True)
        check = subprocess.run(self.args() + ["-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed: {check.stderr}")
        self.proc = subprocess.Popen(self.args(), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        _wait_port(self.port, 10, "nginx", self.proc)
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


class Stack:
    """PostgreSQL, Redis, N Lượt processes and nginx, all in one var folder."""

    def __init__(self, processes: int = 4, port: int | None = None, var: Path | None = None,
                 config: Path = DEMO_HALL, halls: Path | None = None, env: dict | None = None):
        self.own_var = var is None
        self.var = Path(var or tempfile.mkdtemp(prefix="luot-cluster-"))
        self.var.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            self.var.chmod(0o711)      # the postgres user reaches its data folder inside
        self.config, self.halls, self.env = config, halls, dict(env or {})
        self.pg = Postgres(self.var / "pg")
        self.redis = Redis(self.var / "redis")
        self.processes = [Process(i + 1, self) for i in range(processes)]
        self.nginx = Nginx(self, port or free_port())

    @property
    def url(self) -> str:
        return self.nginx.url

    def start(self, timeout: float = 90) -> "Stack":
        try:
            self.pg.start()
            self.redis.start()
            for process in self.processes:      # all at once, on a new database
                process.start()
            for process in self.processes:
                process.wait_ready(timeout)
            self.nginx.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for part in (self.nginx, *self.processes, self.redis, self.pg):
            try:
                part.stop()
            except Exception as error:  # noqa: BLE001 - stop the rest anyway
                print(f"stopping {part}: {error}", file=sys.stderr)
        if self.own_var:
            shutil.rmtree(self.var, ignore_errors=True)

    def demo_accounts(self) -> str:
        """The demo hall's accounts (made by the first process), with nginx's address."""
        found = sorted((self.var / "instance").glob("**/demo-accounts.txt"))
        text = "\n".join(path.read_text(encoding="utf-8") for path in found)
        return re.sub(r"http://127\.0\.0\.1:\d+", self.url, text)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=4, help="Lượt server processes (4)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (8080)")
    parser.add_argument("--var", type=Path, help="folder for configs, data and logs "
                                                 "(default: a temporary one, removed at the end)")
    parser.add_argument("--config", type=Path, default=DEMO_HALL, help="one hall file")
    parser.add_argument("--halls", type=Path, help="a folder of hall files: serve them all")
    args = parser.parse_args(argv)
    stack = Stack(args.processes, args.port, args.var, args.config, args.halls,
                  env={"LUOT_FAKE_DEVICES": os.environ.get("LUOT_FAKE_DEVICES", "1")})
    print(f"Starting PostgreSQL, Redis, {args.processes} Lượt processes and nginx in {stack.var} …",
          flush=True)

    def interrupted(*_):
        raise KeyboardInterrupt
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):      # Ctrl-C, systemd, a closed terminal
        signal.signal(getattr(signal, name), interrupted)
    try:
        stack.start()
    except KeyboardInterrupt:
        raise SystemExit("stopped while starting") from None
    print(stack.demo_accounts(), flush=True)
    print(f"Lượt cluster: {stack.url}  ({args.processes} processes: "
          + ", ".join(p.url for p in stack.processes)
          + f"; PostgreSQL {stack.pg.url}; Redis {stack.redis.url}; logs in {stack.var / 'logs'})",
          flush=True)
    print("Ctrl-C stops everything.", flush=True)
    reported = set()
    try:
        while True:
            time.sleep(1)
            for process in stack.processes:
                if not process.alive() and process.index not in reported:
                    reported.add(process.index)
                    print(f"process {process.index} exited (see {process.log}); the others "
                          "carry on", flush=True)
    except KeyboardInterrupt:
        print("\nStopping …", flush=True)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
