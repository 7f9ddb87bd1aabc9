"""A branch hall forwards its event record to its province (docs/deployment.md, "A province
with hosted and branch halls").

The hall runs entirely on its own machine; forwarding is a worker on the side, led by one
process like the rest of the hall's once-only work (`Deployment.lead`). It talks to the
province's own HTTPS API with a cursor: `hello` (the node, its hall file) answers the seq
the province has acknowledged; each `events` batch carries the events after it, in order,
signed with the branch's credential; the answer moves the cursor. Nothing here can stop the
hall: a province that is down, slow or refusing only delays forwarding. The hall's staff see
the link like a device (`province` in device health): working, lost since when (the record is
kept and sent when it is back), or refused by the province and why.

The client side of the province's branch routes (api/province.py); the deployment starts it
(deployment/runtime.py `start_forwarding`).
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from devices.adapter import DeviceStatus
from hall.clock import VIETNAM, iso
from hall.errors import ConfigError

log = logging.getLogger("luot.branch")

API = "/api/v1/province/branch"
LINK_DEVICE = "province"        # the link to the province, in the hall's device health


@dataclass(frozen=True)
class BranchSettings:
    """The `[branch]` table of a hall file (or LUOT_BRANCH_* for the one hall)."""

    province_url: str
    credential: str
    interval_seconds: float = 5.0
    timeout_seconds: float = 15.0
    batch_bytes: int = 48 * 1024


def parse_branch(hall_file: dict, env=None, only_hall: bool = True) -> BranchSettings | None:
    """The hall's branch settings, or None for a hall that forwards nowhere.

    `LUOT_BRANCH_PROVINCE_URL` and `LUOT_BRANCH_CREDENTIAL` (or `LUOT_BRANCH_CREDENTIAL_FILE`)
    override the table when the deployment serves one hall."""
    env = os.environ if env is None else env
    raw = dict(hall_file.get("branch") or {})
    if not isinstance(hall_file.get("branch", {}), dict):
        raise ConfigError("[branch] must be a table")
    if only_hall:
        for key, name in (("province_url", "LUOT_BRANCH_PROVINCE_URL"),
                          ("credential", "LUOT_BRANCH_CREDENTIAL"),
                          ("credential_file", "LUOT_BRANCH_CREDENTIAL_FILE"),
                          ("interval_seconds", "LUOT_BRANCH_INTERVAL"),
                          ("batch_bytes", "LUOT_BRANCH_BATCH_BYTES")):
            if env.get(name):
                raw[key] = env[name]
    if not raw:
        return None
    unknown = set(raw) - {"province_url", "credential", "credential_file", "interval_seconds",
                          "timeout_seconds", "batch_bytes"}
    if unknown:
        raise ConfigError(f"[branch]: unknown key {sorted(unknown)[0]!r}")
    url = str(raw.get("province_url") or "").rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise ConfigError("[branch] province_url must be an https:// address")
    credential = raw.get("credential")
    if not credential and raw.get("credential_file"):
        try:
            credential = Path(raw["credential_file"]).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigError(f"[branch] credential_file: {error}") from None
    if not credential:
        raise ConfigError("[branch] needs credential or credential_file (flask create-branch at "
                          "the province prints it)")
    try:
        interval = float(raw.get("interval_seconds", 5.0))
        timeout = float(raw.get("timeout_seconds", 15.0))
        batch = int(raw.get("batch_bytes", 48 * 1024))
    except (TypeError, ValueError):
        raise ConfigError("[branch] interval_seconds, timeout_seconds and batch_bytes are "
                          "numbers") from None
    if not 0.05 <= interval <= 3600 or not 1 <= timeout <= 300 or not 1024 <= batch <= 48 * 1024:
        raise ConfigError("[branch] interval_seconds 0.05–3600, timeout_seconds 1–300, "
                          "batch_bytes 1024–49152")
    return BranchSettings(url, str(credential), interval, timeout, batch)


def node_id(folder: Path, hall_id: str) -> str:
    """This machine's id as the branch node of a hall, made once and kept in the instance folder."""
    path = folder / f"branch-node-{hall_id}"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(16))
    return path.read_text().strip()


class ProvinceAnswer(Exception):
    """The province answered with an error (`code`, `details`), or could not be reached."""

    def __init__(self, status: int, code: str, message: str, details: dict | None = None):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.details = status, code, details or {}


class Forwarder:
    """Sends one hall's record to the province, in order, resumably (see the module docstring)."""

    def __init__(self, engine, hall_id: str, hall_file: dict, settings: BranchSettings, node: str,
                 now=lambda: datetime.now(timezone.utc), send=None, check=None, write=None,
                 apply_users=None, report=None):
        from store.branches import config_version
        self.engine, self.hall_id, self.settings, self.node = engine, hall_id, settings, node
        self.send = send or self._urlopen          # (url, raw, headers) -> answer dict
        self.hall_file = {k: v for k, v in hall_file.items() if k != "branch"}
        self.now = now
        # configuration flowing down: `check(hall_file)` raises ConfigError for a file this hall
        # cannot run (beyond the hall's own parser); `write(hall_file)` stores it as the hall
        # file the hall runs from its next start (HallRuntime.write_hall_file)
        self.check, self.write = check, write
        # users flowing down: `apply_users(listed)` applies a checked users list at once
        # (HallRuntime.apply_users); without it the hall takes no users from its province
        self.apply_users = apply_users
        self.users_version: str | None = None   # the users list applied (since this start)
        self.users_refused: dict | None = None  # {version, message} of the last refused one
        self.version = config_version(self.hall_file)   # the configuration the hall runs
        self.pending: str | None = None         # written, runs from the next start
        self.refused: dict | None = None        # {version, message} of the last refused one
        self.acked: int | None = None           # the province's cursor, once it said hello
        self.connected = False
        self.sent = 0
        self.stopped = False
        self.report = report                    # (DeviceStatus) -> None: the link's health
        self._down_since: datetime | None = None

    # -- the wire ------------------------------------------------------------------------
    def _post(self, path: str, body: dict) -> dict:
        from store.branches import mac_key, sign
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
        headers = {"Content-Type": "application/json",
                   "Authorization": f"Bearer {self.settings.credential}",
                   "X-Luot-Signature": sign(mac_key(self.settings.credential), raw)}
        return self.send(self.settings.province_url + API + path, raw, headers)

    def _urlopen(self, url: str, raw: bytes, headers: dict) -> dict:
        request = urllib.request.Request(url, data=raw, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout_seconds) as answer:
                return json.loads(answer.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            try:
                err = json.loads(error.read().decode("utf-8"))["error"]
            except (ValueError, KeyError, TypeError):
                err = {"code": "http_error", "message": str(error)}
            raise ProvinceAnswer(error.code, err.get("code", "http_error"), err.get("message", ""),
                                 err.get("details")) from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise ProvinceAnswer(0, "unreachable", str(error)) from None

    def _common(self) -> dict:
        from store.branches import last_seq
        return {"hall": self.hall_id, "node": self.node, "sent_at": iso(self.now()),
                "last_seq": last_seq(self.engine, self.hall_id)}

    # -- one step --------------------------------------------------------------------------
    def step(self) -> int:
        """Say hello if needed, then send one batch (possibly empty: a heartbeat). Returns how
        many events the province newly acknowledged; raises ProvinceAnswer when refused."""
        from store.branches import record_after
        if self.acked is None:
            answer = self._post("/hello", {**self._common(), "config": self.hall_file,
                                           "config_pending": self.pending,
                                           "config_refused": self.refused,
                                           "users_version": self.users_version,
                                           "users_refused": self.users_refused})
            self.acked = int(answer["acked"])
            if self.consider(answer.get("desired_version")):
                return 0
            if self.consider_users(answer.get("desired_users_version")):
                return 0
        batch = record_after(self.engine, self.hall_id, self.acked, self.settings.batch_bytes)
        try:
            answer = self._post("/events", {**self._common(), "events": batch})
        except ProvinceAnswer as refused:
            if refused.code in ("gap", "busy") and "acked" in refused.details:
                self.acked = int(refused.details["acked"])     # resend from the province's cursor
                return 0
            if refused.code == "hello_first":
                self.acked = None
                return 0
            raise
        before, self.acked = self.acked, int(answer["acked"])
        self.connected = True
        moved = max(0, self.acked - before)
        self.sent += moved
        if not self.consider(answer.get("desired_version")):
            self.consider_users(answer.get("desired_users_version"))
        return moved

    # -- configuration flowing down ------------------------------------------------------------
    def consider(self, desired: str | None) -> bool:
        """The province wants the hall to run configuration `desired`: fetch it, check it with
        the hall's parsers and write it (it runs from the hall's next start), or refuse it and
        keep running as is. Returns True when there is news for the province (the next hello
        carries it). Never raises for a bad configuration: a bad file never stops the hall."""
        if not isinstance(desired, str) or desired == self.pending or (
                self.refused and self.refused["version"] == desired):
            return False
        if desired == self.version and self.pending is None:
            return False
        if desired == self.version:             # the province went back to what runs
            hall_file = self.hall_file
        else:                                   # (the latest version, if it changed meanwhile)
            desired, hall_file = self._fetch()
        try:
            self._check(hall_file)
            if self.write is not None:
                self.write(hall_file)
        except (ConfigError, OSError) as error:
            log.warning("hall %s refuses configuration %s from its province: %s", self.hall_id,
                        desired, error)
            self.refused = {"version": desired, "message": str(error)[:500]}
        else:
            log.info("hall %s wrote configuration %s from its province; it runs from the next "
                     "start", self.hall_id, desired)
            self.pending, self.refused = (None if desired == self.version else desired), None
        self.acked = None                       # say hello again, with the news
        return True

    def consider_users(self, desired: str | None) -> bool:
        """The province wants the hall to have users list `desired`: fetch it, check it against
        the counters the hall runs and apply it at once, or refuse it. Returns True when there
        is news for the province (the next hello carries it)."""
        from store.branches import check_users, config_version, hall_counters
        if (self.apply_users is None or not isinstance(desired, str)
                or desired == self.users_version
                or (self.users_refused and self.users_refused["version"] == desired)):
            return False
        answer = self._post("/users", self._common())
        desired = answer.get("version")
        try:
            listed = check_users(answer.get("users"), hall_counters(self.hall_file))
            if config_version({"users": listed}) != desired:
                raise ValueError("the province's users list does not match its version")
            self.apply_users(listed)
        except ValueError as error:
            log.warning("hall %s refuses users list %s from its province: %s", self.hall_id,
                        desired, error)
            self.users_refused = {"version": str(desired), "message": str(error)[:500]}
        else:
            log.info("hall %s applied users list %s from its province", self.hall_id, desired)
            self.users_version, self.users_refused = desired, None
        self.acked = None                       # say hello again, with the news
        return True

    def _fetch(self) -> tuple[str, dict]:
        from store.branches import config_version
        answer = self._post("/config", self._common())
        hall_file = answer.get("config")
        if not isinstance(hall_file, dict) or config_version(hall_file) != answer.get("version"):
            raise ProvinceAnswer(0, "bad_config", "the province's configuration does not match "
                                 "its version")
        return answer["version"], hall_file

    def _check(self, hall_file: dict) -> None:
        from hall.config import parse_config
        if "branch" in hall_file:
            raise ConfigError("[branch] stays the branch's own; the province may not send it")
        try:
            config = parse_config(hall_file)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise ConfigError(f"config: {error}") from None
        if config.id != self.hall_id:
            raise ConfigError(f"the configuration is hall {config.id}, this hall is {self.hall_id}")
        if self.check is not None:
            self.check(hall_file)

    # -- the link's health -------------------------------------------------------------------
    def linked(self) -> None:
        """The province answered: the link works."""
        self._down_since = None
        self._tell("ok", "")

    def unlinked(self, error: Exception) -> None:
        """A step failed: the link is lost (since its first failure), or the province refuses."""
        if self._down_since is None:
            self._down_since = self.now()
        since = self._down_since.astimezone(VIETNAM).strftime("%H:%M")
        if isinstance(error, ProvinceAnswer) and 400 <= error.status < 500:
            message = " ".join(str(error).split())[:200]
            self._tell("error", f"Tỉnh từ chối từ {since}: {message} — dữ liệu được giữ lại")
        else:
            self._tell("offline", f"Mất kết nối với tỉnh từ {since} — dữ liệu được giữ lại và "
                                  "gửi khi có mạng")

    def _tell(self, status: str, detail: str) -> None:
        if self.report is None:
            return
        try:
            self.report(DeviceStatus(LINK_DEVICE, status, detail))
        except Exception:  # noqa: BLE001 - telling the staff never stops forwarding
            log.exception("could not report the link to the province")

    def run(self, sleep=time.sleep) -> None:
        """Forward until stopped: batches back to back while behind, a heartbeat every interval
        otherwise; after a failure, wait and say hello again."""
        failures = 0
        while not self.stopped:
            try:
                moved = self.step()
                failures = 0
                self.linked()
                if moved and self.acked < self._common()["last_seq"]:
                    sleep(0)
                    continue
            except ProvinceAnswer as error:
                failures += 1
                if self.connected or failures == 1:
                    log.warning("forwarding hall %s to %s: %s", self.hall_id,
                                self.settings.province_url, error)
                self.connected, self.acked = False, None
                self.unlinked(error)
            except Exception as error:  # noqa: BLE001 - forwarding never stops the hall
                failures += 1
                log.exception("forwarding hall %s failed", self.hall_id)
                self.connected, self.acked = False, None
                self.unlinked(error)
            wait = self.settings.interval_seconds * min(2 ** max(0, failures - 1), 12)
            sleep(wait)
