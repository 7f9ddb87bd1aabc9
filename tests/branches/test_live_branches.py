"""A province server and two branch nodes as real processes: the link is cut (the province is
killed mid-forwarding) while the branches work on; a branch is killed mid-forwarding too;
after all is back, the province's figures for each branch equal the branch's own, and its
stored record is exactly the branch's (nothing lost, nothing counted twice)."""
from __future__ import annotations

import random
import subprocess
import sys
import time

from tests.support.live_server import LiveServer, api

from .support import ROOT, hall_file


def _cli(server: LiveServer, *args) -> str:
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "server", *args], cwd=ROOT,
                         env=server.env(), capture_output=True, text=True, check=True, timeout=60)
    return out.stdout.strip().splitlines()[-1]


class Node:
    def __init__(self, server: LiveServer):
        self.server = server
        self.manager = server.token("manager")
        self.kiosk = server.token("kiosk")

    def work(self, steps: int, rng: random.Random) -> int:
        """Issue, call, serve, no-show, rate at counters 1 and 2; returns the tickets issued."""
        issued = 0
        for _ in range(steps):
            if rng.random() < 0.5:
                status, _ = api(self.server, "POST", "/api/v1/tickets", self.kiosk,
                                {"area": rng.choice(["dat-dai", "tu-phap"])})
                assert status == 201            # the branch serves, whatever the link does
                issued += 1
                continue
            counter = rng.choice([1, 2])
            status, body = api(self.server, "POST", f"/api/v1/counters/{counter}/next", self.manager)
            if status != 200 or not body.get("current"):
                continue
            ticket = body["current"]["id"]
            finish = "done" if rng.random() < 0.85 else "no-show"
            assert api(self.server, "POST", f"/api/v1/counters/{counter}/{finish}", self.manager)[0] == 200
            if finish == "done" and rng.random() < 0.5:
                api(self.server, "POST", "/api/v1/ratings", None,
                    {"ticket": ticket, "level": rng.choice([2, 3])})
        return issued

    def report(self) -> dict:
        status, body = api(self.server, "GET", "/api/v1/reports?by=area,counter,clerk,hour",
                           self.manager)
        assert status == 200
        return body


def _status(province: LiveServer, token: str) -> dict:
    status, body = api(province, "GET", "/api/v1/province/branches", token)
    assert status == 200, body
    return {row["hall"]: row for row in body["branches"]}


def _wait_caught_up(province, token, halls: dict, timeout=40.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = _status(province, token)
        if all(h in rows and rows[h]["branch_last_seq"] is not None
               and rows[h]["acked_seq"] == rows[h]["branch_last_seq"] and rows[h]["connected"]
               and rows[h]["acked_seq"] >= halls[h] for h in halls):
            return rows
        time.sleep(0.3)
    raise AssertionError(f"not caught up: {_status(province, token)}")


def test_branches_work_offline_and_the_province_ends_with_their_figures(tmp_path, browser,
                                                                       artifacts):
    province = LiveServer(tmp_path / "province", config=hall_file(tmp_path / "p", "tinh"),
                          extra_env={"LUOT_TICK_SECONDS": "0.5"})
    province.start()
    p_token = province.token("manager")
    nodes, servers = {}, {}
    try:
        for hall_id in ("xa-a", "xa-b"):
            credential = _cli(province, "create-branch", "--hall", hall_id)
            servers[hall_id] = LiveServer(
                tmp_path / hall_id, config=hall_file(tmp_path / "h", hall_id, f"Xã {hall_id}"),
                extra_env={"LUOT_BRANCH_PROVINCE_URL": province.url,
                           "LUOT_BRANCH_CREDENTIAL": credential, "LUOT_BRANCH_INTERVAL": "0.2",
                           "LUOT_TICK_SECONDS": "0.5",
                           # small batches: catching up takes long enough to be killed midway
                           "LUOT_BRANCH_BATCH_BYTES": "2048" if hall_id == "xa-a" else "49152",
                           }).start()
            nodes[hall_id] = Node(servers[hall_id])
        rng = random.Random(14)
        for node in nodes.values():
            node.work(30, rng)
        # the link goes: the province dies mid-forwarding, the branches work on
        seen = _status(province, p_token)["xa-a"]["acked_seq"]
        province.kill()
        for node in nodes.values():
            node.work(45, rng)
        behind = _branch_seq(servers["xa-a"])
        # the branch's staff see the link like a device: lost, since when, nothing thrown away
        b_manager = servers["xa-b"].token("manager")
        link = _wait_link(servers["xa-b"], b_manager, "offline")
        assert link["detail"].startswith("Mất kết nối với tỉnh từ ")
        assert "dữ liệu được giữ lại" in link["detail"]
        province.start()
        # a branch node dies while it catches up (some of its backlog acknowledged, not all)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            row = _status(province, p_token).get("xa-a") or {}
            if row.get("acked_seq", 0) > seen:
                break
            time.sleep(0.05)
        mid = row["acked_seq"]
        servers["xa-a"].kill()
        servers["xa-a"].start()
        for node in nodes.values():
            node.work(15, rng)
        seqs = {h: _branch_seq(servers[h]) for h in nodes}
        rows = _wait_caught_up(province, p_token, seqs)
        assert mid < behind, "the branch was killed after it had caught up"
        for hall_id, node in nodes.items():
            assert rows[hall_id]["acked_seq"] == _branch_seq(servers[hall_id])
            ours = node.report()
            status, theirs = api(province, "GET", f"/api/v1/province/branches/{hall_id}/report"
                                 "?by=area,counter,clerk,hour", p_token)
            assert status == 200, theirs
            assert theirs["totals"] == ours["totals"], hall_id
            assert theirs["totals"]["issued"] > 20
            for dimension in ("area", "counter", "clerk", "hour"):
                assert theirs["by"][dimension] == ours["by"][dimension], (hall_id, dimension)
            _same_record(province, servers[hall_id], hall_id)
        assert _wait_link(servers["xa-b"], b_manager, "ok")["detail"] == ""
        # the province's page of branches, in Vietnamese and in English, passes axe-core
        _status_page(browser, province, artifacts)
    finally:
        for server in servers.values():
            server.stop()
        province.stop()


def _wait_link(server: LiveServer, token: str, status: str, timeout: float = 20.0) -> dict:
    """The branch's link to the province as its device health tells it, once it is `status`."""
    deadline = time.monotonic() + timeout
    while True:
        devices = api(server, "GET", "/api/v1/devices", token)[1]
        link = next(d for d in devices if d["id"] == "province")
        if link["status"] == status or time.monotonic() > deadline:
            assert link["status"] == status, link
            return link
        time.sleep(0.1)


def _branch_seq(server: LiveServer) -> int:
    import sqlalchemy as sa
    from store.engine import make_engine
    engine = make_engine(server.db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT max(last_seq) FROM halls")).scalar()
    finally:
        engine.dispose()


def _same_record(province: LiveServer, branch: LiveServer, hall_id: str) -> None:
    """The province holds the branch's events, each once, identical; and its tickets."""
    import sqlalchemy as sa
    from store.branches import canonical, _wire
    from store.engine import make_engine
    from store.tables import events, tickets

    def read(server):
        engine = make_engine(server.db_url)
        try:
            with engine.connect() as conn:
                record = [canonical(_wire(r)) for r in conn.execute(
                    sa.select(events).where(events.c.hall_id == hall_id).order_by(events.c.seq))]
                # event times carry milliseconds: the projection's rows are the branch's to the ms
                rows = {r.id: (r.status, r.counter, r.clerk, r.finished_at and
                               r.finished_at.replace(microsecond=r.finished_at.microsecond // 1000 * 1000))
                        for r in conn.execute(
                    sa.select(tickets).where(tickets.c.hall_id == hall_id))}
            return record, rows
        finally:
            engine.dispose()
    theirs, ours = read(province), read(branch)
    assert theirs[0] == ours[0]
    assert theirs[1] == ours[1]


def _status_page(browser, province: LiveServer, artifacts) -> None:
    from playwright.sync_api import expect

    from tests.support.axe import report, violations
    _cli(province, "create-user", "--username", "tinh", "--full-name", "Trần Văn Tỉnh",
         "--role", "manager", "--password", "mat-khau-123")
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{province.url}/login")
    page.fill('input[name="username"]', "tinh")
    page.fill('input[name="password"]', "mat-khau-123")
    page.click('button[type="submit"]')
    page.wait_for_load_state()
    for lang in ("vi", "en"):
        context.add_cookies([{"name": "luot_lang", "value": lang, "url": province.url}])
        page.goto(f"{province.url}/province/branches")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("tr[data-branch]")).to_have_count(2)
        a, b = page.locator('tr[data-branch="xa-a"]'), page.locator('tr[data-branch="xa-b"]')
        expect(a.locator(".status-ok")).to_be_visible()
        expect(a).to_contain_text("Connected" if lang == "en" else "Đã kết nối")
        expect(b).to_contain_text("#")
        page.screenshot(path=str(artifacts / f"province-branches-{lang}.png"))
        found = violations(page)
        assert not found, "\n" + report(found)
    context.close()
