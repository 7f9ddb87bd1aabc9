"""Throwaway PostgreSQL and Redis servers from Debian's binaries, for one test session.

PostgreSQL refuses to run as root, so as root the cluster is owned by and run as the
`postgres` system user (created by Debian's package).
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support.live_server import free_port


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL binaries missing: `make test` installs Debian's postgresql")
    return found[-1]


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class ThrowawayPostgres:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="luot-pg-"))
        self.port = free_port()

    def start(self) -> "ThrowawayPostgres":
        data = self.dir / "data"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(_as_owner([_pg_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                  "--no-sync", "-E", "UTF8"]), check=True, capture_output=True)
        subprocess.run(_as_owner([_pg_bin("pg_ctl"), "-D", str(data), "-w", "-l", str(self.dir / "log"),
                                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                                        "-c fsync=off -c max_connections=200",
                                  "start"]), check=True, capture_output=True)
        subprocess.run(_as_owner([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                                  "-U", "postgres", "luot"]), check=True, capture_output=True)
        return self

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/luot"

    def halt(self) -> None:
        """Stop the server, keeping its data (a database outage)."""
        subprocess.run(_as_owner([_pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast",
                                  "-w", "stop"]), check=True, capture_output=True)

    def resume(self) -> None:
        """Start the halted server again on the same port and data."""
        subprocess.run(_as_owner([_pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-w", "-l",
                                  str(self.dir / "log"), "-o",
                                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                                  "-c fsync=off -c max_connections=200", "start"]),
                       check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(_as_owner([_pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate",
                                  "stop"]), capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


class ThrowawayRedis:
    def __init__(self):
        self.port = free_port()
        self.proc = None

    def start(self) -> "ThrowawayRedis":
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.proc = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import socket
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(5)
