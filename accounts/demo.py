"""First run of the demo hall: make accounts, with passwords made here.

Nothing secret is committed: passwords are generated on this machine and written once to
instance/demo-accounts.txt (mode 600). Start-up prints where that file is, never what it
says, and a one-time pairing code for the kiosk (valid for minutes): no long-lived secret
reaches the console or its logs.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from store.auth import count_users, create_user

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
    lines += ["", f"Kiosk: open {base_url}/kiosk on the touchscreen and type a pairing code "
                  "(printed at each start, or made on the manager's page: Mã thiết bị)",
              f"Hall display: {base_url}/display?audio=1     Counters: {base_url}/counter",
              f"Sign in at {base_url}/login"]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def start_up_notice(luot, path: Path, base_url: str) -> str:
    """What start-up prints for a demo hall: where its accounts are (not the passwords) and a
    fresh one-time pairing code for its kiosk."""
    from datetime import datetime

    from store.pairing import make_code
    made = make_code(luot.engine, luot.config.id, "kiosk", "Ki-ốt sảnh chính", [], None,
                     "demo start-up", luot.clock.now())
    until = datetime.fromisoformat(made["expires_at"]).strftime("%H:%M")
    return (f"{luot.config.name}: demo accounts and passwords are in {path} (private)\n"
            f"Kiosk: open {base_url}/kiosk and type the pairing code {made['code']} "
            f"(once, before {until})")
