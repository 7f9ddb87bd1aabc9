"""First run of the demo hall: make accounts and a kiosk token, with secrets made here.

Nothing secret is committed: passwords and the token are generated on this machine,
written once to instance/demo-accounts.txt (mode 600) and printed at start-up.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from store.auth import count_users, create_token, create_user

DEMO_CLERKS = ["Nguyễn Thị Lan", "Trần Văn Bình", "Lê Thị Hoa", "Phạm Minh Tuấn", "Vũ Thị Mai"]


@dataclass(frozen=True)
class DemoSettings:
    """The [demo] table: whether first run makes the demo's accounts."""

    accounts: bool = False


def parse_demo(hall_file: dict) -> DemoSettings:
    """Read the hall file's [demo] table; ConfigError names a bad key."""
    from hall.errors import ConfigError
    table = hall_file.get("demo", {})
    accounts = table.get("accounts", False) if isinstance(table, dict) else None
    if not isinstance(accounts, bool):
        raise ConfigError(f"[demo] accounts: expected true or false, got {accounts!r}")
    return DemoSettings(accounts)


def _password() -> str:
    return "-".join(secrets.token_hex(2) for _ in range(3))


def ensure_demo_accounts(luot, base_url: str) -> Path | None:
    """Create the demo's people and kiosk token once; return the credentials file."""
    if not luot.demo.accounts:
        return None
    path = Path(luot.instance_path) / "demo-accounts.txt"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    from store.locks import held
    with held(luot.engine, f"demo:{luot.config.id}"):   # processes starting together: once
        return _make_demo_accounts(luot, base_url, path)


def _make_demo_accounts(luot, base_url: str, path: Path) -> Path | None:
    if count_users(luot.engine, luot.config.id):
        return path if path.exists() else None
    now, hall = luot.clock.now(), luot.config.id
    lines = ["Lượt demo hall — accounts made on first run (keep this file private).", ""]
    for counter, name in zip(luot.config.counters, DEMO_CLERKS):
        password = _password()
        create_user(luot.engine, hall, f"quay{counter.number}", password, name, "clerk", [], now)
        lines.append(f"clerk   quay{counter.number:<3} {password}   ({name}, {counter.name})")
    password = _password()
    create_user(luot.engine, hall, "quanly", password, "Đỗ Văn Quản", "manager", [], now)
    lines.append(f"manager quanly  {password}")
    kiosk = create_token(luot.engine, hall, "kiosk", "Kiosk sảnh chính", [], now)
    lines += ["", f"Kiosk (open once on the touchscreen): {base_url}/kiosk?enrol={kiosk}",
              f"Hall display: {base_url}/display?audio=1     Counters: {base_url}/counter",
              f"Sign in at {base_url}/login"]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path
