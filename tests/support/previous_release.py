"""A database made by an older release, through that release's own server and CLI.

This is the fixture of the upgrade tests, generated on every run (nothing binary is kept):
the older release's source comes out of git, its server runs its own migrations and is then
driven like a real hall — tokens, a clerk, tickets issued, called, served, missed,
transferred, a pause, a dossier code — and stopped. The current release then upgrades that
database.

When a release ships with a new migration, add it to SUPPORTED (its head revision and its
commit); drop a release only when upgrading from it is no longer supported (and say so in
docs/deployment.md).
"""
from __future__ import annotations

import http.cookiejar
import io
import json
import re
import subprocess
import tarfile
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.live_server import ROOT, LiveServer, api

PASSWORD = "mat-khau-123"


@dataclass(frozen=True)
class Release:
    """A published release: the schema revision it runs on and its commit."""

    revision: str
    commit: str


SUPPORTED = (
    Release("0001", "9e866079bbbf44a3b6948043a1f4a271e613598e"),   # oldest supported
)


@dataclass
class OldHall:
    """What the older release made, to check after the upgrade."""

    manager: str
    kiosk: str
    revoked: str
    tickets: dict = field(default_factory=dict)     # label -> ticket as the old API returned it


def source_tree(release: Release, into: Path) -> Path:
    """The release's files, from git (`git archive`), unpacked into a folder."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", release.commit],
                             capture_output=True, check=True, timeout=120).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


class Browser:
    """A person at a browser: cookies, the login form and the page's CSRF token."""

    def __init__(self, server: LiveServer):
        self.server = server
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = None

    def _open(self, path, data=None, headers=None, method=None):
        request = urllib.request.Request(self.server.url + path, data=data, method=method,
                                         headers=headers or {})
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode("utf-8")

    def login(self, username: str, password: str) -> None:
        page = self._open("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        self._open("/login", urllib.parse.urlencode({"username": username, "password": password,
                                                     "csrf_token": token}).encode())
        page = self._open("/counter/1")
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def post(self, path: str, body: dict | None = None) -> dict:
        return json.loads(self._open(path, json.dumps(body or {}).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "X-CSRFToken": self.csrf}))


def _issue(server, token, area, priority=None) -> dict:
    status, ticket = api(server, "POST", "/api/v1/tickets", token, {"area": area, "priority": priority})
    assert status == 201, ticket
    return ticket


def _act(server, token, counter: int, action: str, body=None) -> dict:
    status, answer = api(server, "POST", f"/api/v1/counters/{counter}/{action}", token, body)
    assert status == 200, (action, answer)
    return answer


def _fill(server: LiveServer) -> OldHall:
    """A morning in the hall, driven through the older release's API and CLI."""
    import sys
    manager = server.token("manager")
    subprocess.run([sys.executable, "-m", "flask", "--app", "server", "create-user",
                    "--username", "lan", "--full-name", "Nguyễn Thị Lan", "--role", "clerk",
                    "--password", PASSWORD], cwd=server.root, env=server.env(), check=True,
                   capture_output=True, timeout=60)
    kiosk = api(server, "POST", "/manage/api/tokens", manager, {"role": "kiosk", "name": "Ki-ốt"})[1]
    revoked = api(server, "POST", "/manage/api/tokens", manager, {"role": "display", "name": "TV cũ"})[1]
    api(server, "POST", f"/manage/api/tokens/{revoked['token']['id']}/revoke", manager)
    hall = OldHall(manager=manager, kiosk=kiosk["secret"], revoked=revoked["secret"])
    plan = [("dat-dai", None)] * 4 + [("dat-dai", "elderly"), ("tu-phap", None), ("tu-phap", None),
                                      ("tra-ket-qua", None), ("tra-ket-qua", None)]
    hall.tickets = {f"{area}-{i}": _issue(server, hall.kiosk, area, priority)
                    for i, (area, priority) in enumerate(plan)}
    for action, body in [("next", None), ("done", None), ("next", None), ("no-show", None),
                         ("next", None), ("transfer", {"area": "tu-phap"}),
                         ("pause", {"reason": "Họp giao ban"}), ("resume", None)]:
        _act(server, manager, 1, action, body)
    clerk = Browser(server)
    clerk.login("lan", PASSWORD)
    clerk.post("/api/v1/counters/2/sign-in")
    clerk.post("/api/v1/counters/2/next")
    clerk.post("/api/v1/counters/2/dossier", {"code": "H12.34-261130-0001"})
    clerk.post("/api/v1/counters/2/done")
    _act(server, manager, 5, "next")
    _act(server, manager, 5, "recall")
    return hall


def build_database(release: Release, workdir: Path, db_url: str) -> OldHall:
    """Run the release's server on `db_url`, fill the hall, stop; returns what it made."""
    source = source_tree(release, workdir / "source")
    server = LiveServer(workdir / "old-server", db_url=db_url, root=source,
                        config=source / "tests" / "data" / "hall.toml",
                        extra_env={"LUOT_BACKUP_HOUR": "off"})
    server.start()
    try:
        return _fill(server)
    finally:
        server.stop()


def table_rows(engine) -> dict[str, list[dict]]:
    """Every row of every table (the migration bookkeeping aside), as column -> value."""
    import sqlalchemy as sa
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        return {name: [dict(row._mapping) for row in conn.execute(sa.select(table))]
                for name, table in metadata.tables.items() if name != "alembic_version"}


def projected(rows: list[dict], columns) -> list[tuple]:
    """The rows reduced to these columns, in a stable order (to compare before and after)."""
    return sorted((tuple(row[c] for c in columns) for row in rows), key=repr)


def schema_revision(engine) -> str:
    import sqlalchemy as sa
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
