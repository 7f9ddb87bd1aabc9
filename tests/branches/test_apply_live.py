"""A branch runs the hall file its province sends from the first quiet moment, by itself:
a province and a branch as real processes. The branch's hall is closed now (its hours are
later today) and nobody is in it, so once it has written the province's file it starts again
on it — the same process (make run and the systemd unit carry on) — and the province sees it
run that version."""
import time
import tomllib
from datetime import datetime, timedelta

from hall.clock import VIETNAM
from tests.support.live_server import LiveServer, api

from .support import hall_file
from .test_live_branches import _cli, _status


def _closed_now() -> tuple[str, str]:
    """Opening hours that do not include the present moment (Vietnam time)."""
    now = datetime.now(VIETNAM)
    if now.hour < 20:
        start = now.replace(minute=0) + timedelta(hours=2)
        return start.strftime("%H:%M"), (start + timedelta(hours=1)).strftime("%H:%M")
    return "01:00", "02:00"


def _hall_name(server: LiveServer, token: str) -> str | None:
    try:
        status, body = api(server, "GET", "/api/v1/config", token)
    except OSError:                                   # starting again
        return None
    return body["hall"]["name"] if status == 200 else None


def _wait(check, timeout=40.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    return check()


def test_a_quiet_branch_starts_again_on_the_provinces_file(tmp_path):
    province = LiveServer(tmp_path / "province", config=hall_file(tmp_path / "p", "tinh"),
                          extra_env={"LUOT_TICK_SECONDS": "0.5"}).start()
    branch = None
    try:
        credential = _cli(province, "create-branch", "--hall", "xa-a")
        source = hall_file(tmp_path / "h", "xa-a", "Xã A", hours=_closed_now())
        branch = LiveServer(tmp_path / "xa-a", config=source, extra_env={
            "LUOT_BRANCH_PROVINCE_URL": province.url, "LUOT_BRANCH_CREDENTIAL": credential,
            "LUOT_BRANCH_INTERVAL": "0.2", "LUOT_TICK_SECONDS": "0.5"}).start()
        pid = branch.proc.pid
        p_manager, p_admin = province.token("manager"), province.token("admin")
        b_manager = branch.token("manager")
        row = _wait(lambda: (_status(province, p_manager).get("xa-a") or {}).get("configuration"))
        running = row["running"]

        desired = tomllib.loads(source.read_text(encoding="utf-8"))
        desired["hall"]["name"] = "Xã A (cấu hình của tỉnh)"
        status, body = api(province, "PUT", "/api/v1/province/branches/xa-a/config", p_admin,
                           {"config": desired})
        assert status == 200, body
        assert _wait(lambda: _hall_name(branch, b_manager) == "Xã A (cấu hình của tỉnh)"), \
            branch.log_path.read_text()[-3000:]
        assert branch.proc.poll() is None and branch.proc.pid == pid      # the same process
        assert "starting again: hall xa-a runs configuration" in branch.log_path.read_text()

        def up_to_date():
            configuration = _status(province, p_manager)["xa-a"]["configuration"]
            return configuration if configuration["state"] == "up_to_date" else None
        configuration = _wait(up_to_date)
        assert configuration["running"] == body["desired_version"] != running
        assert _hall_name(branch, b_manager) == "Xã A (cấu hình của tỉnh)"
    finally:
        if branch is not None:
            branch.stop()
        province.stop()
